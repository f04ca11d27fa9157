package graph

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// Build draws VPC vpc of s in the view opt chooses. It is pure and
// deterministic: the same snapshot and options give an identical [Graph].
//
// An empty vpc picks the snapshot's only VPC; with several VPCs it is an
// [sgmap.EINVALID] error that lists them (callers are expected to ask for
// one). An unknown vpc, or an unknown Options.Focus, is an
// [sgmap.ENOTFOUND] error listing what does exist; an unknown view is
// [sgmap.EINVALID].
func Build(s *sgmap.Snapshot, vpc string, opt Options) (*Graph, error) {
	if opt.View == "" {
		opt.View = Overview
	}
	vpc, err := checkBuild(s, vpc, opt)
	if err != nil {
		return nil, err
	}
	return build(s, nil, vpc, opt)
}

// build is [Build] over eng when it is not nil, else over an engine of
// its own; vpc has passed [checkBuild].
func build(s *sgmap.Snapshot, eng *reach.Engine, vpc string, opt Options) (*Graph, error) {
	if opt.View == Map {
		return buildMap(s, eng, vpc, opt)
	}
	b := newBuilderEngine(s, eng, vpc, opt)
	b.collectNodes()
	b.collectGroups()
	return b.buildOverview()
}

// checkBuild validates the arguments of [Build] and resolves vpc.
func checkBuild(s *sgmap.Snapshot, vpc string, opt Options) (string, error) {
	if s == nil {
		return "", sgmap.Errorf(sgmap.EINVALID, "no snapshot to draw")
	}
	switch opt.View {
	case "", Overview, Detail, Map:
	default:
		return "", sgmap.Errorf(sgmap.EINVALID, "unknown view %q (views: map, overview, detail)", clipRunes(string(opt.View), 40))
	}
	vpc, err := pickVPC(s, vpc)
	if err != nil {
		return "", err
	}
	if n := rulesInVPC(s, vpc); n > MaxRulesPerVPC {
		return "", sgmap.Errorf(sgmap.ETOOLARGE,
			"VPC %s has %d rules, more than sgmap draws (%d): see them with 'sgmap rules' and 'sgmap lint'",
			clipRunes(vpc, 40), n, MaxRulesPerVPC)
	}
	return vpc, nil
}

// buildOverview finishes an overview or detail [Build] whose builder has
// collected its nodes and groups.
func (b *builder) buildOverview() (*Graph, error) {
	opt := b.opt
	b.collectRuleEdges()
	b.collectTargetEdges()
	if opt.View == Overview {
		b.assignment() // before a focus or app cuts the nodes it reads
	}
	if opt.App != "" && opt.Focus == "" {
		if err := b.onlyApp(opt.App); err != nil {
			return nil, err
		}
	}
	if opt.Focus != "" {
		if err := b.focus(opt.Focus); err != nil {
			return nil, err
		}
	}
	return b.finish(), nil
}

// MaxRulesPerVPC bounds the rules [Build] reads for one VPC. The large
// demo's biggest VPC has 5,614, and about 56,000 at -scale 10 (whose map
// must still be drawn); past the bound, a crafted snapshot (tens of
// thousands of one-address rules) would cost minutes of CPU per build,
// and no diagram of it could be read.
const MaxRulesPerVPC = 75000

// rulesInVPC counts the rules of the groups in vpc.
func rulesInVPC(s *sgmap.Snapshot, vpc string) int {
	n := 0
	for i := range s.Groups {
		if s.Groups[i].VPCID == vpc {
			n += len(s.Groups[i].Rules)
		}
	}
	return n
}

// pickVPC resolves the VPC argument of [Build].
func pickVPC(s *sgmap.Snapshot, vpc string) (string, error) {
	ids := s.VPCIDs()
	if vpc == "" {
		switch len(ids) {
		case 0:
			return "", sgmap.Errorf(sgmap.ENOTFOUND, "snapshot has no VPCs")
		case 1:
			return ids[0], nil
		}
		return "", sgmap.Errorf(sgmap.EINVALID, "snapshot has %d VPCs, choose one: %s", len(ids), listIDs(ids))
	}
	if slices.Contains(ids, vpc) {
		return vpc, nil
	}
	// A VPC may also be named by its Name tag when that is unambiguous.
	var byName []string
	for _, v := range s.VPCs {
		if v.Name == vpc {
			byName = append(byName, v.ID)
		}
	}
	if len(byName) == 1 {
		return byName[0], nil
	}
	if len(ids) == 0 {
		return "", sgmap.Errorf(sgmap.ENOTFOUND, "no VPC %q: snapshot has no VPCs", clipRunes(vpc, 80))
	}
	return "", sgmap.Errorf(sgmap.ENOTFOUND, "no VPC %q in snapshot (VPCs: %s)", clipRunes(vpc, 80), listIDs(ids))
}

// listIDs joins ids for an error message, bounded so a hostile snapshot
// cannot make the message huge.
func listIDs(ids []string) string {
	const show = 20
	out := make([]string, 0, min(len(ids), show))
	for i, id := range ids {
		if i == show {
			return strings.Join(out, ", ") + ", …"
		}
		out = append(out, clipRunes(id, 80))
	}
	return strings.Join(out, ", ")
}

// builder holds the state of one [Build].
type builder struct {
	s   *sgmap.Snapshot
	x   *sgmap.Index
	vpc string
	opt Options

	nodes     map[string]*Node
	ownerNode map[string]string // owner ID → node ID
	eniNode   map[string]string // ENI ID → node ID
	groups    map[string]*Group
	flows     map[flowKey]*flow
	eng       *reach.Engine
	// scratch buffers of flowEdges, reused from flow to flow
	outBuf, inBuf []reach.Grant
	parts         []part
	svcBuf        []sgmap.Service
	hidden        map[string]int      // group ID → members not drawn (focus)
	cidrDescs     map[string][]string // CIDR node → its rules' descriptions

	bigVPC    *bool       // cached [builder.mapIsDefault]
	peersDone bool        // [builder.collectPeers] ran
	apps      *assignment // cached [builder.assignment]
	appEdges  []Edge      // an application's diagram: edges labelled before the cut
	others    []App       // the others overview: the applications it holds, one box each
	// detailsFor, when set, says which flows' edges get tooltip lines
	// (Edge.Details); the map sets it to the edges it keeps as they are.
	detailsFor func(flowKey) bool
}

func newBuilder(s *sgmap.Snapshot, vpc string, opt Options) *builder {
	return newBuilderEngine(s, nil, vpc, opt)
}

// newBuilderEngine is [newBuilder] over eng (an engine of s's index), or
// over a new index and engine when eng is nil.
func newBuilderEngine(s *sgmap.Snapshot, eng *reach.Engine, vpc string, opt Options) *builder {
	if eng == nil {
		eng = reach.New(sgmap.NewIndex(s))
	}
	return &builder{
		s: s, x: eng.Index(), vpc: vpc, opt: opt, eng: eng,
		nodes:     map[string]*Node{},
		ownerNode: map[string]string{},
		eniNode:   map[string]string{},
		groups:    map[string]*Group{},
		flows:     map[flowKey]*flow{},
		hidden:    map[string]int{},
		cidrDescs: map[string][]string{},
	}
}

// collectGroups adds the VPC's groups and every group a node is in (groups
// of other VPCs that ENIs here use, and groups the snapshot lacks).
func (b *builder) collectGroups() {
	for _, g := range b.x.GroupsInVPC(b.vpc) {
		b.addGroup(g.ID)
	}
	for _, n := range b.nodes {
		for _, id := range n.Groups {
			b.addGroup(id)
		}
	}
}

func (b *builder) addGroup(id string) *Group {
	if g := b.groups[id]; g != nil {
		return g
	}
	g := &Group{ID: id, Name: id, Members: []string{}}
	if sg := b.x.Groups[id]; sg != nil {
		g.Name, g.Description = sg.DisplayName(), sg.Description
	} else {
		g.Missing = true
	}
	b.groups[id] = g
	return g
}

// finish lays the kept nodes out in clusters and regions and assembles the
// sorted [Graph].
func (b *builder) finish() *Graph {
	g := &Graph{
		Snapshot: cmp.Or(b.opt.SnapshotID, b.s.ID),
		VPC:      b.vpc,
		View:     b.opt.View,
		Egress:   b.opt.Egress,
		Groups:   []Group{},
		Nodes:    []Node{},
		Edges:    []Edge{},
	}
	if b.opt.Focus != "" {
		g.Focus = b.opt.Focus
	}
	b.markShared()
	for _, n := range b.nodes {
		g.Nodes = append(g.Nodes, *n)
	}
	slices.SortFunc(g.Nodes, func(a, c Node) int { return strings.Compare(a.ID, c.ID) })
	for _, gr := range b.groups {
		gr.Hidden = b.hidden[gr.ID]
		g.Groups = append(g.Groups, *gr)
	}
	slices.SortFunc(g.Groups, func(a, c Group) int { return strings.Compare(a.ID, c.ID) })
	if b.appEdges != nil {
		g.Edges = b.appEdges
		g.App = b.opt.App
		g.Apps = b.others
	} else {
		g.Edges = b.edges()
	}
	g.Regions = layout(g.Groups, g.Nodes)
	g.Provenance = b.provenance()
	return g
}

// provenance says which account, region and VPC the diagram shows.
func (b *builder) provenance() Provenance {
	p := Provenance{Accounts: []string{}, Regions: []string{}}
	if v := b.x.VPCs[b.vpc]; v != nil {
		p.VPCName = v.Name
		if v.AccountID != "" {
			p.Accounts = []string{v.AccountID}
		}
		if v.Region != "" {
			p.Regions = []string{v.Region}
		}
	}
	if len(p.Accounts) == 0 {
		p.Accounts = append(p.Accounts, b.s.Accounts...)
	}
	if len(p.Regions) == 0 {
		p.Regions = append(p.Regions, b.s.Regions...)
	}
	if !b.s.TakenAt.IsZero() {
		p.TakenAt = b.s.TakenAt.UTC().Format(time.RFC3339)
	}
	if label := sgmap.SourceLabel(b.s.Source); label != "" {
		p.Source, p.SourceFile = label, b.s.SourceFile
	}
	return p
}

// clipRunes shortens s to at most n runes, ending in an ellipsis when cut.
func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n-1 {
			return s[:pos] + "…"
		}
		i++
	}
	return s
}
