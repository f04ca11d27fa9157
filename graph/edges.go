package graph

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// flowKey identifies one edge: one per (from, to, kind).
type flowKey struct{ from, to, kind string }

// flow gathers what one edge stands for before it is labelled.
type flow struct {
	key   flowKey
	rules []flowRule
}

// flowRule is one rule (or one target registration) behind a flow.
type flowRule struct {
	id    string // sgr-…, a derived key, or a target group ARN
	svc   sgmap.Service
	label string // target edges: "HTTPS 8443"; rules use svc
	// detail is the tooltip line of a target registration; a rule's is
	// written from group and rule only when an edge keeps it
	// ([builder.detailOf]): the map merges most edges and drops theirs.
	detail string
	group  *sgmap.SecurityGroup
	rule   *sgmap.Rule
	egress bool // an egress rule of the source (else the destination's ingress, or a target)
}

// detailOf is fr's tooltip line.
func (b *builder) detailOf(fr *flowRule) string {
	if fr.rule == nil {
		return fr.detail
	}
	return b.ruleDetail(fr.group, *fr.rule)
}

// maxDetails bounds an edge's tooltip lines; the rest are counted.
const maxDetails = 30

// isDefaultEgress reports whether r is AWS's default allow-all egress rule.
func isDefaultEgress(r sgmap.Rule) bool { return r.IsDefaultEgress() }

// collectRuleEdges turns every rule of every drawn group into a flow:
// ingress rules flow from the peer into the group, egress rules from the
// group to the peer. An ingress rule and the matching egress rule of the
// other side land on the same flow.
func (b *builder) collectRuleEdges() {
	ids := make([]string, 0, len(b.groups))
	for id := range b.groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, gid := range ids {
		sg := b.x.Groups[gid]
		if sg == nil {
			continue
		}
		for i := range sg.Rules {
			r := &sg.Rules[i]
			if isDefaultEgress(*r) && !b.opt.Egress {
				continue
			}
			peer := b.peerEndpoint(gid, *r)
			from, to := peer, gid
			if r.Direction == sgmap.Egress {
				from, to = gid, peer
			}
			b.addFlowRule(flowKey{from, to, EdgeRule}, flowRule{
				id:     ruleID(gid, *r),
				svc:    r.Service(),
				group:  sg,
				rule:   r,
				egress: r.Direction == sgmap.Egress,
			})
		}
	}
	b.collectForeignRuleEdges()
}

// collectForeignRuleEdges adds the rules of groups outside this VPC that
// name a group drawn here (a peered VPC's or another account's group), so
// that a flow between two VPCs shows in both diagrams: the other group is
// drawn as its external-group node, naming its VPC.
func (b *builder) collectForeignRuleEdges() {
	for i := range b.s.Groups {
		g := &b.s.Groups[i]
		if _, drawn := b.groups[g.ID]; drawn {
			continue
		}
		for j := range g.Rules {
			r := &g.Rules[j]
			if r.Peer.Kind != sgmap.PeerGroup || r.Peer.Stale {
				continue
			}
			if _, drawn := b.groups[r.Peer.Value]; drawn {
				b.addForeignRule(g, r)
			}
		}
	}
}

func (b *builder) addForeignRule(g *sgmap.SecurityGroup, r *sgmap.Rule) {
	target := r.Peer.Value
	far := b.groupPeer(target, sgmap.Peer{Kind: sgmap.PeerGroup, Value: g.ID, AccountID: g.AccountID, VPCID: g.VPCID})
	from, to := far, target
	if r.Direction == sgmap.Ingress {
		from, to = target, far
	}
	b.addFlowRule(flowKey{from, to, EdgeRule}, flowRule{
		id: ruleID(g.ID, *r), svc: r.Service(), group: g, rule: r, egress: r.Direction == sgmap.Egress,
	})
}

// ruleID is r's ID, or a key derived from its group and contents.
func ruleID(group string, r sgmap.Rule) string { return reach.RuleID(group, r) }

func (b *builder) ruleDetail(sg *sgmap.SecurityGroup, r sgmap.Rule) string {
	dir := "from"
	if r.Direction == sgmap.Egress {
		dir = "to"
	}
	peer := r.Peer.String()
	if p := b.x.Groups[r.Peer.Value]; r.Peer.Kind == sgmap.PeerGroup && p != nil && p.Name != "" {
		peer = p.Name + " (" + peer + ")"
	} else if pl := b.x.PrefixLists[r.Peer.Value]; r.Peer.Kind == sgmap.PeerPrefixList && pl != nil && pl.Name != "" {
		peer = pl.Name + " (" + peer + ")"
	}
	d := fmt.Sprintf("%s: %s %s %s %s %s", ruleID(sg.ID, r), r.Direction, sg.DisplayName(),
		r.Service().Label(), dir, peer)
	if r.Description != "" {
		d += ": " + r.Description
	} else {
		d += " (no description)"
	}
	return d
}

func (b *builder) addFlowRule(k flowKey, fr flowRule) {
	f := b.flows[k]
	if f == nil {
		f = &flow{key: k}
		b.flows[k] = f
	}
	f.rules = append(f.rules, fr)
}

// collectTargetEdges adds load balancer → target forwarding from the
// target groups of every load balancer drawn here.
func (b *builder) collectTargetEdges() {
	for i := range b.s.Owners {
		o := &b.s.Owners[i]
		lbNode, ok := b.ownerNode[o.ID]
		if !ok || o.LoadBalancer == nil {
			continue
		}
		for _, tg := range o.LoadBalancer.TargetGroups {
			for _, t := range tg.Targets {
				to := b.targetNode(t.ID)
				if to == "" {
					continue
				}
				port := cmp.Or(t.Port, tg.Port)
				label := strings.TrimSpace(cmp.Or(tg.Protocol, "TCP") + " " + strconv.Itoa(int(port)))
				if port == 0 {
					label = cmp.Or(tg.Protocol, "forward")
				}
				detail := fmt.Sprintf("target group %s: %s → %s", cmp.Or(tg.Name, tg.ID), label, t.ID)
				for _, svc := range reach.TargetServices(tg.Protocol, port) {
					b.addFlowRule(flowKey{lbNode, to, EdgeTarget}, flowRule{
						id: tg.ID, svc: svc, label: label, detail: detail})
				}
			}
		}
	}
}

// targetNode finds the node of a registered target: an owner by ID, or
// the owner of the ENI with that private IP.
func (b *builder) targetNode(id string) string {
	if n, ok := b.ownerNode[id]; ok {
		return n
	}
	if a, err := netip.ParseAddr(id); err == nil {
		if e := b.x.ByIP(b.vpc, a); e != nil {
			return b.eniNode[e.ID]
		}
	}
	return ""
}

// edges labels every flow, one edge per effective value.
func (b *builder) edges() []Edge { return b.edgesOf(nil) }

// edgesOf labels the flows keep accepts (every flow when keep is nil): an
// edge's ends are its flow's, so a diagram that keeps only some edges can
// leave the others' flows unlabelled.
func (b *builder) edgesOf(keep func(flowKey) bool) []Edge {
	keys := make([]flowKey, 0, len(b.flows))
	for k := range b.flows {
		if keep == nil || keep(k) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, c flowKey) int {
		return cmp.Or(strings.Compare(a.kind, c.kind), strings.Compare(a.from, c.from), strings.Compare(a.to, c.to))
	})
	out := make([]Edge, 0, len(keys))
	for _, k := range keys {
		out = append(out, b.flowEdges(b.flows[k])...)
	}
	slices.SortFunc(out, func(a, c Edge) int { return strings.Compare(a.ID, c.ID) })
	return out
}

// nameOf is the display name of a group or node.
func (b *builder) nameOf(id string) string {
	if g := b.groups[id]; g != nil {
		return g.Name
	}
	if n := b.nodes[id]; n != nil {
		return n.Name
	}
	return id
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
func joinDot(s []string) string   { return strings.Join(s, " · ") }
