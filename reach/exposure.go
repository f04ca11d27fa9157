package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// Exposure is one owner (or ownerless ENI) the Internet reaches on one
// service, directly or through a load balancer.
type Exposure struct {
	VPC   string `json:"vpc"`
	Owner Point  `json:"owner"`
	// Service is what arrives at the owner (a target's port behind a load
	// balancer).
	Service string `json:"service"`
	// Via is the load balancer the traffic passes, nil when direct, and
	// Entry what the Internet sends it (its listeners' services, merged).
	Via   *Point `json:"via,omitempty"`
	Entry string `json:"entry,omitempty"`
	// Flows are the flows behind the exposure (one per listener).
	Flows []Flow `json:"flows"`

	svc   sgmap.Service
	entry []sgmap.Service
}

// Svc is the service that arrives at the owner.
func (x Exposure) Svc() sgmap.Service { return x.svc }

// Exposed lists what the Internet reaches in vpc: every owner and ENI a
// flow from 0.0.0.0/0 or ::/0 passes to, where an ingress rule of the
// owner admits the last hop, by owner and service, sorted.
func (e *Engine) Exposed(vpc string) ([]Exposure, error) {
	res, err := e.Run(Query{VPC: vpc, From: IDInternet})
	if err != nil {
		return nil, err
	}
	var out []Exposure
	for _, f := range res.Flows {
		switch f.To.Kind {
		case "cidr", "prefix-list", "group", "external-group", "unknown-group", "internet":
			continue
		}
		if !admitted(f.Hops[len(f.Hops)-1]) {
			continue // a destination without rules of its own: nothing shows it is exposed
		}
		x := Exposure{VPC: vpc, Owner: f.To, Service: f.Hops[len(f.Hops)-1].Service, Flows: []Flow{f}, svc: f.Arriving()}
		if len(f.Hops) > 1 {
			via := f.Hops[0].To
			x.Via, x.entry = &via, []sgmap.Service{f.Hops[0].svc}
		}
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b Exposure) int {
		return cmp.Or(strings.Compare(a.Owner.Name, b.Owner.Name), strings.Compare(a.Owner.ID, b.Owner.ID),
			sgmap.CompareServices(a.svc, b.svc), strings.Compare(viaID(a.Via), viaID(b.Via)))
	})
	var merged []Exposure
	for _, x := range out {
		if n := len(merged); n > 0 && merged[n-1].Owner.ID == x.Owner.ID && merged[n-1].svc == x.svc && viaID(merged[n-1].Via) == viaID(x.Via) {
			merged[n-1].Flows = append(merged[n-1].Flows, x.Flows...)
			merged[n-1].entry = append(merged[n-1].entry, x.entry...)
			continue
		}
		merged = append(merged, x)
	}
	for i := range merged {
		if len(merged[i].entry) > 0 {
			merged[i].Entry = sgmap.JoinServices(merged[i].entry)
		}
	}
	return merged, nil
}

// admitted reports whether an ingress rule of the hop's destination lets
// it in.
func admitted(h Hop) bool {
	return slices.ContainsFunc(h.Allowed, func(r RuleRef) bool { return r.Direction == string(sgmap.Ingress) })
}

func viaID(p *Point) string {
	if p == nil {
		return ""
	}
	return p.ID
}
