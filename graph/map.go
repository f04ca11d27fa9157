package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// buildMap draws the map view: one node per application, one per shared
// group, peers aggregated by what they are, and the edges the overview
// has, aggregated between those boxes (one per from, to, kind and
// effective value; edges inside one box are left out).
func buildMap(s *sgmap.Snapshot, eng *reach.Engine, vpc string, opt Options) (*Graph, error) {
	b := newBuilderEngine(s, eng, vpc, mapBuilderOptions(opt))
	b.collectNodes()
	b.collectGroups()
	return b.buildMap(opt), nil
}

// mapBuilderOptions are the options of the overview builder a map of opt
// is aggregated from.
func mapBuilderOptions(opt Options) Options {
	return Options{View: Overview, Egress: opt.Egress, SnapshotID: opt.SnapshotID, AppTag: opt.AppTag}
}

// buildMap finishes a map whose builder (options [mapBuilderOptions]) has
// collected its nodes and groups.
func (b *builder) buildMap(opt Options) *Graph {
	s, vpc := b.s, b.vpc
	b.collectRuleEdges()
	b.collectTargetEdges()
	a := b.assignment()
	m := &mapBuilder{b: b, a: a, nodes: map[string]*Node{}, box: map[string]string{}, chips: map[string]map[string]int{}, into: map[string][]string{}}
	m.appNodes()
	m.peerNodes()
	// aggregateEdges keeps an edge's own details only when both its ends
	// are boxes of their own; the others' are never read.
	b.detailsFor = func(k flowKey) bool { return m.boxOf(k.from) == k.from && m.boxOf(k.to) == k.to }
	edges := m.edges(b.edges())
	m.services()
	g := &Graph{
		Snapshot: cmp.Or(opt.SnapshotID, s.ID), VPC: vpc, View: Map, Egress: opt.Egress,
		Groups: []Group{}, Nodes: []Node{}, Edges: edges, Apps: a.apps,
	}
	for _, id := range sortedKeys(m.nodes) {
		g.Nodes = append(g.Nodes, *m.nodes[id])
	}
	for _, id := range sortedKeys(b.groups) {
		gr := *b.groups[id]
		gr.Members = []string{}
		if ap := a.appOfGroup(id); ap != nil && !ap.Shared {
			gr.Members = []string{ap.ID}
		}
		gr.Shared = a.shared[id]
		g.Groups = append(g.Groups, gr)
	}
	g.Provenance = b.provenance()
	g.Bundle()
	return g
}

// mapBuilder holds the state of one map.
type mapBuilder struct {
	b     *builder
	a     *assignment
	nodes map[string]*Node
	box   map[string]string         // overview node ID → map node ID
	chips map[string]map[string]int // app ID → shared group → owners
	into  map[string][]string       // map node → labels of the rule edges into it
}

// appNodes adds one node per application and shared group, and maps each
// owner node of the overview to the box it is drawn in.
func (m *mapBuilder) appNodes() {
	for _, id := range sortedKeys(m.b.nodes) {
		n := m.b.nodes[id]
		if peerKinds[n.Kind] || len(n.Groups) == 0 {
			continue
		}
		var own, shared []string
		for _, g := range n.Groups {
			ap := m.a.appOfGroup(g)
			switch {
			case ap == nil:
			case ap.Shared:
				shared = append(shared, g)
			default:
				own = append(own, ap.ID)
			}
		}
		slices.Sort(own)
		own = slices.Compact(own)
		switch {
		case len(own) > 0:
			m.box[id] = own[0]
		case len(shared) > 0:
			m.box[id] = shared[0]
		}
		for _, ap := range own {
			for _, g := range shared {
				if m.chips[ap] == nil {
					m.chips[ap] = map[string]int{}
				}
				m.chips[ap][g] += max(n.Count, 1)
			}
		}
	}
	for _, ap := range m.a.apps {
		if ap.Shared {
			g := ap.Groups[0]
			m.nodes[g] = &Node{ID: g, Kind: KindSharedGroup, Name: m.b.groups[g].Name, Count: ap.Owners,
				Groups: []string{}, Chips: []string{},
				Detail: fmt.Sprintf("shared group · %s", plural1(ap.Owners, "1 owner", fmt.Sprintf("%d owners", ap.Owners)))}
			continue
		}
		chips := sortedKeys(m.chips[ap.ID])
		n := &Node{ID: ap.ID, Kind: KindApp, Name: ap.Name, Count: ap.Owners,
			Groups: nonNil(slices.Concat(ap.Groups, chips)), Chips: nonNil(chips),
			Detail: appCounts(ap), ChipOwners: m.chips[ap.ID]}
		slices.Sort(n.Groups)
		m.nodes[ap.ID] = n
	}
}

// appCounts is an app box's counts line.
func appCounts(ap App) string {
	return fmt.Sprintf("%s · %s · %s", plural1(len(ap.Groups), "1 group", fmt.Sprintf("%d groups", len(ap.Groups))),
		plural1(ap.Owners, "1 owner", fmt.Sprintf("%d owners", ap.Owners)),
		plural1(ap.ENIs, "1 ENI", fmt.Sprintf("%d ENIs", ap.ENIs)))
}

// peerNodes aggregates the overview's peer nodes: the Internet and each
// prefix list and the VPC's own CIDR stay as they are; subnets, other
// CIDRs, groups of each other VPC or account, and dangling references are
// one node each.
func (m *mapBuilder) peerNodes() {
	for _, id := range sortedKeys(m.b.nodes) {
		n := m.b.nodes[id]
		if !peerKinds[n.Kind] {
			continue
		}
		bid, name, kind := m.peerBucket(n)
		m.box[id] = bid
		p := m.nodes[bid]
		if p == nil {
			p = &Node{ID: bid, Kind: kind, Name: name, Groups: []string{}, Chips: []string{}}
			m.nodes[bid] = p
		}
		p.Count++
		p.Addresses = append(p.Addresses, n.Addresses...)
		p.Owners = append(p.Owners, id)
	}
	for _, p := range m.nodes {
		if !peerKinds[p.Kind] {
			continue
		}
		p.Addresses = sortAddrs(p.Addresses)
		if len(p.Owners) == 1 && p.Owners[0] == p.ID {
			o := m.b.nodes[p.ID]
			p.Name, p.Detail, p.Owners = o.Name, o.Detail, nil
			continue
		}
		p.Detail = joinCapped(p.Addresses, 3)
		if p.Count > 1 {
			p.Name = fmt.Sprintf("%s (%d)", p.Name, p.Count)
		}
	}
}

// peerBucket is the map node a peer is drawn as.
func (m *mapBuilder) peerBucket(n *Node) (id, name, kind string) {
	switch n.Kind {
	case KindInternet, KindPrefixList:
		return n.ID, n.Name, n.Kind
	case KindUnknownGroup:
		return "peers:unknown", "dangling references", KindUnknownGroup
	case KindExternalGroup:
		where := strings.TrimPrefix(n.ID, "ext:")
		if i := strings.LastIndex(where, "/"); i >= 0 {
			where = where[:i]
		} else {
			where = ""
		}
		if where == "" || where == m.b.account() {
			return "peers:ext:" + cmp.Or(where, "other"), "groups in other VPCs", KindExternalGroup
		}
		return "peers:ext:" + where, "groups in account " + where, KindExternalGroup
	}
	switch {
	case strings.HasPrefix(n.Name, "VPC "), strings.HasPrefix(n.Name, "peered VPC "):
		return n.ID, n.Name, n.Kind
	case strings.HasPrefix(n.Name, "subnet "):
		return "peers:subnets", "subnets", KindCIDR
	}
	return "peers:cidrs", "other CIDRs", KindCIDR
}

// mapFlow gathers the edges behind one aggregated edge.
type mapFlow struct {
	from, to, kind, effective string
	first, n                  int // index in the input of the first edge, and how many
	labels, rules, details    []string
}

// edges aggregates the overview's edges between map boxes.
func (m *mapBuilder) edges(in []Edge) []Edge {
	for _, e := range in {
		if from, to := m.boxOf(e.From), m.boxOf(e.To); e.Kind == EdgeRule && from != "" && to != "" && from != to {
			m.into[to] = append(m.into[to], e.Label)
		}
	}
	return aggregateEdges(in, m.boxOf, m.b.nameOf)
}

// aggregateEdges redraws edges between the boxes box maps their ends to:
// one edge per (from box, to box, kind, effective value), edges inside
// one box left out (and those box maps to ""). An edge whose ends are
// unchanged and alone on its box pair keeps its ID and label; a merged
// one gets ID "edge:<kind>:<from>-><to>:<effective>", its label cut short
// past a few services ([mergeLabels]), and as first detail line
// "services: " and the whole list.
func aggregateEdges(in []Edge, box func(string) string, name func(string) string) []Edge {
	flows := map[[4]string]*mapFlow{}
	var keys [][4]string
	for i, e := range in {
		from, to := box(e.From), box(e.To)
		if from == "" || to == "" || (from == to && (from != e.From || to != e.To)) {
			continue
		}
		k := [4]string{from, to, e.Kind, e.Effective}
		f := flows[k]
		if f == nil {
			f = &mapFlow{from: from, to: to, kind: e.Kind, effective: e.Effective, first: i}
			flows[k] = f
			keys = append(keys, k)
		}
		f.n++
		f.labels = append(f.labels, e.Label)
		f.rules = append(f.rules, e.Rules...)
		f.details = append(f.details, name(e.From)+" → "+name(e.To)+": "+e.Label)
	}
	out := make([]Edge, 0, len(flows))
	for _, k := range keys {
		f := flows[k]
		if e := in[f.first]; f.n == 1 && e.From == f.from && e.To == f.to {
			out = append(out, e)
			continue
		}
		slices.Sort(f.rules)
		slices.Sort(f.details)
		details := slices.Compact(f.details)
		if len(details) > maxDetails {
			details = append(details[:maxDetails], fmt.Sprintf("… and %d more", len(details)-maxDetails))
		}
		short, full := mergeLabels(f.labels)
		out = append(out, Edge{ID: "edge:" + f.kind + ":" + f.from + "->" + f.to + ":" + f.effective,
			From: f.from, To: f.to, Kind: f.kind, Effective: f.effective, Label: short,
			Rules: slices.Compact(f.rules), Details: append([]string{"services: " + full}, details...)})
	}
	slices.SortFunc(out, func(a, c Edge) int { return strings.Compare(a.ID, c.ID) })
	return out
}

// boxOf is the map node that overview group or node id is drawn in.
func (m *mapBuilder) boxOf(id string) string {
	if ap := m.a.appOfGroup(id); ap != nil {
		if ap.Shared {
			return id
		}
		return ap.ID
	}
	return m.box[id]
}

// services sets, on every app and shared-group node, the merged services
// of the rule edges into it.
func (m *mapBuilder) services() {
	for id, labels := range m.into {
		if n := m.nodes[id]; n != nil && (n.Kind == KindApp || n.Kind == KindSharedGroup) {
			n.Services, _ = mergeLabels(labels)
		}
	}
}
