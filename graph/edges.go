package graph

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
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
	id      string // sgr-…, a derived key, or a target group ARN
	svc     sgmap.Service
	label   string // target edges: "HTTPS 8443"; rules use svc
	detail  string
	ingress bool // admitted by the destination
	egress  bool // admitted by the source
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
		for _, r := range sg.Rules {
			if isDefaultEgress(r) && !b.opt.Egress {
				continue
			}
			peer := b.peerEndpoint(gid, r)
			from, to := peer, gid
			if r.Direction == sgmap.Egress {
				from, to = gid, peer
			}
			b.addFlowRule(flowKey{from, to, EdgeRule}, flowRule{
				id:     ruleID(gid, r),
				svc:    r.Service(),
				detail: b.ruleDetail(sg, r),
			})
		}
	}
}

// ruleID is r's ID, or a key derived from its group and contents.
func ruleID(group string, r sgmap.Rule) string {
	if r.ID != "" {
		return r.ID
	}
	return group + " " + r.Key()
}

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
				for _, svc := range targetServices(tg.Protocol, port) {
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
		if e := b.x.ByIP[a]; e != nil {
			return b.eniNode[e.ID]
		}
	}
	return ""
}

// targetServices is what a target group's protocol needs the security
// groups to admit on port.
func targetServices(proto string, port int32) []sgmap.Service {
	p := int32(port)
	if p == 0 {
		return []sgmap.Service{{Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1}}
	}
	switch strings.ToUpper(proto) {
	case "UDP":
		return []sgmap.Service{{Protocol: sgmap.ProtoUDP, FromPort: p, ToPort: p}}
	case "TCP_UDP":
		return []sgmap.Service{{Protocol: sgmap.ProtoTCP, FromPort: p, ToPort: p}, {Protocol: sgmap.ProtoUDP, FromPort: p, ToPort: p}}
	case "GENEVE":
		return []sgmap.Service{{Protocol: sgmap.ProtoUDP, FromPort: 6081, ToPort: 6081}}
	}
	return []sgmap.Service{{Protocol: sgmap.ProtoTCP, FromPort: p, ToPort: p}}
}

// edges labels every flow and decides how effective it is.
//
// A flow's service is effective when the destination's ingress and the
// source's egress both admit it; ends without known rules (peers outside
// the VPC's groups, owners without groups) admit everything. An edge is
// "both" when every service on it is; otherwise it is "ingress-only" when
// every service is admitted by the destination, "egress-only" when every
// service is admitted by the source, and in the remaining mixed case
// "ingress-only" (the destination's rules are the ones that name the
// flow). Each rule's tooltip line says which side is missing.
func (b *builder) edges() []Edge {
	keys := make([]flowKey, 0, len(b.flows))
	for k := range b.flows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, c flowKey) int {
		return cmp.Or(strings.Compare(a.kind, c.kind), strings.Compare(a.from, c.from), strings.Compare(a.to, c.to))
	})
	out := make([]Edge, 0, len(keys))
	for _, k := range keys {
		out = append(out, b.edge(b.flows[k]))
	}
	slices.SortFunc(out, func(a, c Edge) int { return strings.Compare(a.ID, c.ID) })
	return out
}

// edge labels a flow. A rule edge is effective ("both") when some traffic
// passes both the source's egress and the destination's ingress, and is
// labelled with that traffic: ingress TCP 9999 from A plus egress All
// traffic on A to B is "TCP 9999", effective. Rules of the flow that the
// other side admits in part or not at all say so in their tooltip line (the
// audit's one-sided finding reports rules admitted not at all). When no
// traffic passes, the edge shows its rules' services, drawn one-sided:
// ingress-only when the destination admits them, egress-only when the
// source allows them, ingress-only for a mix. Target edges are effective when
// every target registration is allowed on both sides.
func (b *builder) edge(f *flow) Edge {
	k := f.key
	src, dst := b.endpointOf(k.from), b.endpointOf(k.to)
	e := Edge{ID: "edge:" + k.kind + ":" + k.from + "->" + k.to, From: k.from, To: k.to, Kind: k.kind, Rules: []string{}}
	allIn, allOut := true, true
	var svcs, flowing []sgmap.Service
	var labels, details []string
	for i := range f.rules {
		fr := &f.rules[i]
		in := admits(dst, sgmap.Ingress, fr.svc, src, b.x.PrefixLists)
		out := admits(src, sgmap.Egress, fr.svc, dst, b.x.PrefixLists)
		fr.ingress, fr.egress = coversAll(in, fr.svc), coversAll(out, fr.svc)
		allIn = allIn && fr.ingress
		allOut = allOut && fr.egress
		svcs = append(svcs, fr.svc)
		var passing []sgmap.Service
		for _, a := range in {
			for _, c := range out {
				if x, ok := a.Intersect(c); ok {
					passing = append(passing, x)
				}
			}
		}
		flowing = append(flowing, passing...)
		e.Rules = append(e.Rules, fr.id)
		if fr.label != "" {
			labels = append(labels, fr.label)
		}
		details = append(details, fr.detail+b.sideNote(k, fr, in, out, passing))
	}
	switch {
	case k.kind == EdgeRule && len(flowing) > 0, allIn && allOut:
		e.Effective = EffectiveBoth
	case allIn:
		e.Effective = IngressOnly
	case allOut:
		e.Effective = EgressOnly
	default:
		e.Effective = IngressOnly
	}
	switch {
	case k.kind == EdgeTarget:
		slices.Sort(labels)
		e.Label = strings.Join(slices.Compact(labels), ", ")
	case len(flowing) > 0:
		e.Label = sgmap.JoinServices(flowing)
	default:
		e.Label = sgmap.JoinServices(svcs)
	}
	slices.Sort(e.Rules)
	e.Rules = slices.Compact(e.Rules)
	slices.Sort(details)
	details = slices.Compact(details)
	if len(details) > maxDetails {
		details = append(details[:maxDetails], fmt.Sprintf("… and %d more", len(details)-maxDetails))
	}
	e.Details = details
	return e
}

// sideNote says, for a rule's tooltip line, what the other side does not
// admit of it.
func (b *builder) sideNote(k flowKey, fr *flowRule, in, out, passing []sgmap.Service) string {
	switch {
	case len(in) == 0:
		return " [not admitted by " + b.nameOf(k.to) + " ingress]"
	case len(out) == 0:
		return " [not allowed by " + b.nameOf(k.from) + " egress]"
	case !coversAll(passing, fr.svc):
		return " [only " + sgmap.JoinServices(passing) + " of it passes both " + b.nameOf(k.from) + " egress and " + b.nameOf(k.to) + " ingress]"
	}
	return ""
}

// coversAll reports whether one of parts admits all of svc.
func coversAll(parts []sgmap.Service, svc sgmap.Service) bool {
	for _, p := range parts {
		if p.Covers(svc) {
			return true
		}
	}
	return false
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
