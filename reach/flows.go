package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// Result is the answer to a [Query]; its JSON encoding is the reach JSON
// contract (docs/reach.md).
type Result struct {
	VPC   string `json:"vpc"`
	From  *Point `json:"from,omitempty"`
	To    *Point `json:"to,omitempty"`
	Flows []Flow `json:"flows"`
}

// Flow is one service passing (or, for a query naming both ends, one side
// only allowing it) from one end to another, with its path.
type Flow struct {
	From      Point  `json:"from"`
	To        Point  `json:"to"`
	Service   string `json:"service"`
	Effective string `json:"effective"`
	Hops      []Hop  `json:"hops"`
}

// Hop is one step of a flow: a rule hop (the source's egress and the
// destination's ingress) or a load balancer's forwarding to a target.
type Hop struct {
	From    Point  `json:"from"`
	To      Point  `json:"to"`
	Service string `json:"service"`
	// Rules are the IDs of the rules allowing the hop (see [RuleID]).
	Rules []string `json:"rules"`
	// Via is "rule", or "target" for load balancer → target.
	Via string `json:"via"`
	// TargetGroup names the target group of a target hop.
	TargetGroup string `json:"target_group,omitempty"`
	// Allowed says, per rule, which group and side allow the hop and why.
	Allowed []RuleRef `json:"allowed_by"`

	svc sgmap.Service
}

// Arriving is the service of a flow's last hop: what reaches the
// destination (a load balancer's target port, or the flow's service).
func (f Flow) Arriving() sgmap.Service { return f.Hops[len(f.Hops)-1].svc }

// RuleRef is a rule behind a hop.
type RuleRef struct {
	ID          string `json:"id"`
	Group       string `json:"group"`
	GroupName   string `json:"group_name"`
	Direction   string `json:"direction"`
	Service     string `json:"service"`
	Peer        string `json:"peer"`
	Description string `json:"description,omitempty"`
}

// Effective values of a flow, as in the graph JSON.
const (
	Both        = "both"
	IngressOnly = "ingress-only"
	EgressOnly  = "egress-only"
)

// RuleID is how the diagram, the audit and reach name a rule: its sgr-…
// ID, or "<group-id> <Rule.Key()>" when it has none.
func RuleID(group string, r sgmap.Rule) string {
	if r.ID != "" {
		return r.ID
	}
	return group + " " + r.Key()
}

// Run answers q.
func (e *Engine) Run(q Query) (*Result, error) {
	if q.From == "" && q.To == "" {
		return nil, sgmap.Errorf(sgmap.EINVALID, "give -from, -to or both")
	}
	res := &Result{VPC: q.VPC, Flows: []Flow{}}
	var from, to *site
	var err error
	if q.From != "" {
		if from, err = e.resolve(q.VPC, q.From); err != nil {
			return nil, err
		}
		res.From = &from.point
	}
	if q.To != "" {
		if to, err = e.resolve(q.VPC, q.To); err != nil {
			return nil, err
		}
		res.To = &to.point
	}
	svc := sgmap.Service{Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1}
	if q.Service != nil {
		svc = *q.Service
	}
	pair := from != nil && to != nil
	srcs, dsts := []*site{from}, []*site{to}
	if from == nil {
		srcs = e.candidates(q.VPC, to, sgmap.Ingress)
	}
	if to == nil {
		dsts = e.candidates(q.VPC, from, sgmap.Egress)
	}
	for _, s := range srcs {
		for _, d := range dsts {
			if s.point.ID == d.point.ID && !pair {
				continue
			}
			res.Flows = append(res.Flows, e.direct(s, d, svc, pair)...)
		}
	}
	if !q.NoLB {
		res.Flows = append(res.Flows, e.throughLBs(q.VPC, from, to, svc)...)
	}
	res.Flows = sortFlows(res.Flows)
	return res, nil
}

// sortFlows orders flows by compareFlows, moving each (large) Flow once.
func sortFlows(flows []Flow) []Flow {
	idx := make([]int, len(flows))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return compareFlows(flows[a], flows[b]) })
	out := make([]Flow, len(flows))
	for i, j := range idx {
		out[i] = flows[j]
	}
	return out
}

func compareFlows(a, b Flow) int {
	return cmp.Or(strings.Compare(a.From.Name, b.From.Name), strings.Compare(a.From.ID, b.From.ID),
		strings.Compare(a.To.Name, b.To.Name), strings.Compare(a.To.ID, b.To.ID),
		cmp.Compare(len(a.Hops), len(b.Hops)), strings.Compare(a.Service, b.Service),
		strings.Compare(a.Effective, b.Effective))
}

// direct returns the flows from s to d on one rule hop: one per service
// that passes both sides, and, when oneSided, the rest each side allows.
func (e *Engine) direct(s, d *site, svc sgmap.Service, oneSided bool) []Flow {
	var both []sgmap.Service
	var out, in []Grant
	if oneSided {
		both, out, in = e.Passes(s.end, d.end, svc)
	} else {
		// A listing: most ends pass nothing, and hop filters the
		// grants by what passes, so no per-pair copies are needed.
		e.outBuf = e.GrantsTo(e.outBuf[:0], s.end, sgmap.Egress, d.end)
		e.inBuf = e.GrantsTo(e.inBuf[:0], d.end, sgmap.Ingress, s.end)
		if !anyPasses(e.outBuf, e.inBuf, svc) {
			return nil
		}
		out, in = e.outBuf, e.inBuf
		both = PassingOf(out, in, svc)
	}
	var flows []Flow
	for _, part := range distinct(both) {
		h := e.hop(s, d, part, out, in, "rule")
		flows = append(flows, Flow{From: s.point, To: d.point, Service: part.Label(), Effective: Both, Hops: []Hop{h}})
	}
	if !oneSided {
		return flows
	}
	for _, side := range []struct {
		eff    string
		grants []Grant
	}{{IngressOnly, in}, {EgressOnly, out}} {
		for _, g := range side.grants {
			if g.Rule == nil {
				continue // an end without rules "allows" everything: not a flow of its own
			}
			for _, rest := range Subtract(g.Service, both) {
				h := e.hop(s, d, rest, out, in, "rule")
				flows = append(flows, Flow{From: s.point, To: d.point, Service: rest.Label(), Effective: side.eff, Hops: []Hop{h}})
			}
		}
	}
	return dedupe(flows)
}

// anyPasses reports whether some of svc passes both out and in.
func anyPasses(out, in []Grant, svc sgmap.Service) bool {
	for _, c := range out {
		part, ok := svc.Intersect(c.Service)
		if !ok {
			continue
		}
		for _, a := range in {
			if _, ok := part.Intersect(a.Service); ok {
				return true
			}
		}
	}
	return false
}

// hop names the rules of out and in that admit part.
func (e *Engine) hop(s, d *site, part sgmap.Service, out, in []Grant, via string) Hop {
	h := Hop{From: s.point, To: d.point, Service: part.Label(), Via: via, svc: part,
		Rules: make([]string, 0, len(out)+len(in)), Allowed: make([]RuleRef, 0, len(out)+len(in))}
	for _, g := range out {
		e.addRuleRef(&h, g, part)
	}
	for _, g := range in {
		e.addRuleRef(&h, g, part)
	}
	slices.Sort(h.Rules)
	slices.SortFunc(h.Allowed, func(a, b RuleRef) int {
		return cmp.Or(strings.Compare(a.Direction, b.Direction), strings.Compare(a.ID, b.ID))
	})
	return h
}

// addRuleRef adds the rule behind g to h when it admits some of part.
func (e *Engine) addRuleRef(h *Hop, g Grant, part sgmap.Service) {
	if g.Rule == nil {
		return
	}
	if _, ok := g.Service.Intersect(part); !ok {
		return
	}
	id := RuleID(g.Group, *g.Rule)
	if slices.Contains(h.Rules, id) {
		return
	}
	h.Rules = append(h.Rules, id)
	ref := RuleRef{ID: id, Group: g.Group, Direction: string(g.Rule.Direction), Service: g.Rule.Service().Label(),
		Peer: g.Rule.Peer.String(), Description: g.Rule.Description}
	if sg := e.x.Groups[g.Group]; sg != nil {
		ref.GroupName = sg.DisplayName()
	}
	h.Allowed = append(h.Allowed, ref)
}

// distinct drops services another one covers, and duplicates.
func distinct(svcs []sgmap.Service) []sgmap.Service {
	var out []sgmap.Service
	for i, s := range svcs {
		covered := false
		for j, o := range svcs {
			if i != j && o.Covers(s) && (!s.Covers(o) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, sgmap.CompareServices)
	return out
}

func dedupe(flows []Flow) []Flow {
	seen := map[string]bool{}
	return slices.DeleteFunc(flows, func(f Flow) bool {
		k := f.Service + "\x00" + f.Effective
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}
