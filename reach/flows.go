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
	slices.SortFunc(res.Flows, compareFlows)
	return res, nil
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
	both, out, in := e.Passes(s.end, d.end, svc)
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

// hop names the rules of out and in that admit part.
func (e *Engine) hop(s, d *site, part sgmap.Service, out, in []Grant, via string) Hop {
	h := Hop{From: s.point, To: d.point, Service: part.Label(), Via: via, Rules: []string{}, Allowed: []RuleRef{}, svc: part}
	for _, g := range append(slices.Clip(out), in...) {
		if g.Rule == nil {
			continue
		}
		if _, ok := g.Service.Intersect(part); !ok {
			continue
		}
		id := RuleID(g.Group, *g.Rule)
		if slices.Contains(h.Rules, id) {
			continue
		}
		h.Rules = append(h.Rules, id)
		ref := RuleRef{ID: id, Group: g.Group, Direction: string(g.Rule.Direction), Service: g.Rule.Service().Label(),
			Peer: g.Rule.Peer.String(), Description: g.Rule.Description}
		if sg := e.x.Groups[g.Group]; sg != nil {
			ref.GroupName = sg.DisplayName()
		}
		h.Allowed = append(h.Allowed, ref)
	}
	slices.Sort(h.Rules)
	slices.SortFunc(h.Allowed, func(a, b RuleRef) int {
		return cmp.Or(strings.Compare(a.Direction, b.Direction), strings.Compare(a.ID, b.ID))
	})
	return h
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
