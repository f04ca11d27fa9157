package reach

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// throughLBs returns the flows that pass a load balancer of vpc (semantics
// §21-23): the source reaches a listener (the first hop, what the query's
// service filters), then the load balancer reaches a target on its target
// port. The snapshot does not record which listener forwards to which
// target group, so every listener is taken to reach every target group of
// its load balancer. from or to may be nil (any source, any target).
func (e *Engine) throughLBs(vpc string, from, to *site, svc sgmap.Service) []Flow {
	var flows []Flow
	for i := range e.x.Snapshot.Owners {
		lb := &e.x.Snapshot.Owners[i]
		if lb.LoadBalancer == nil || !e.ownerInVPC(lb, vpc) || len(lb.LoadBalancer.Listeners) == 0 {
			continue
		}
		l := e.ownerSite(lb)
		targets := e.targets(vpc, lb, to)
		if len(targets) == 0 {
			continue
		}
		srcs := []*site{from}
		if from == nil {
			srcs = e.candidates(vpc, l, sgmap.Ingress)
		}
		for _, s := range srcs {
			if s.point.ID == l.point.ID {
				continue
			}
			for _, ln := range lb.LoadBalancer.Listeners {
				for _, lsvc := range targetServices(ln.Protocol, ln.Port) {
					part, ok := lsvc.Intersect(svc)
					if !ok {
						continue
					}
					for _, first := range e.direct(s, l, part, false) {
						for _, t := range targets {
							if from == nil && t.site.point.ID == s.point.ID {
								continue // a target reaching itself through its load balancer
							}
							flows = append(flows, e.targetFlows(first, l, t)...)
						}
					}
				}
			}
		}
	}
	return flows
}

// lbTarget is one registered target of a load balancer.
type lbTarget struct {
	site  *site
	group string // target group name or ID
	svcs  []sgmap.Service
}

// targets lists lb's registered targets, only those to holds when to is
// given.
func (e *Engine) targets(vpc string, lb *sgmap.Owner, to *site) []lbTarget {
	var out []lbTarget
	for _, tg := range lb.LoadBalancer.TargetGroups {
		for _, t := range tg.Targets {
			if to != nil && e.x.Owners[t.ID] != nil && !slices.Contains(to.owners, t.ID) && to.point.ID != t.ID {
				continue // not the target asked about: skip building its end
			}
			s := e.targetSite(vpc, t.ID)
			if s == nil || (to != nil && !slices.Contains(to.owners, s.point.ID) && to.point.ID != s.point.ID) {
				continue
			}
			out = append(out, lbTarget{site: s, group: cmp.Or(tg.Name, tg.ID),
				svcs: targetServices(tg.Protocol, cmp.Or(t.Port, tg.Port))})
		}
	}
	return out
}

// targetSite resolves a target ID: an owner, or the private IP of an ENI.
func (e *Engine) targetSite(vpc, id string) *site {
	if o := e.x.Owners[id]; o != nil {
		return e.ownerSite(o)
	}
	if a, err := netip.ParseAddr(id); err == nil {
		if m := e.x.ByIP(vpc, a); m != nil {
			return e.eniSite(m)
		}
	}
	return nil
}

// targetFlows extends a first hop into l with l's forwarding to t.
func (e *Engine) targetFlows(first Flow, l *site, t lbTarget) []Flow {
	var flows []Flow
	for _, svc := range t.svcs {
		both, out, in := e.Passes(l.end, t.site.end, svc)
		for _, part := range distinct(both) {
			h := e.hop(l, t.site, part, out, in, "target")
			h.TargetGroup = t.group
			f := Flow{From: first.From, To: t.site.point, Service: first.Service, Effective: Both,
				Hops: append(slices.Clone(first.Hops), h)}
			flows = append(flows, f)
		}
	}
	return flows
}

// targetServices is what a listener or target group protocol needs the
// groups to admit on port (0: every port).
func targetServices(proto string, port int32) []sgmap.Service {
	if port == 0 {
		return []sgmap.Service{{Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1}}
	}
	switch strings.ToUpper(proto) {
	case "UDP":
		return []sgmap.Service{{Protocol: sgmap.ProtoUDP, FromPort: port, ToPort: port}}
	case "TCP_UDP":
		return []sgmap.Service{{Protocol: sgmap.ProtoTCP, FromPort: port, ToPort: port}, {Protocol: sgmap.ProtoUDP, FromPort: port, ToPort: port}}
	case "GENEVE":
		return []sgmap.Service{{Protocol: sgmap.ProtoUDP, FromPort: 6081, ToPort: 6081}}
	}
	return []sgmap.Service{{Protocol: sgmap.ProtoTCP, FromPort: port, ToPort: port}}
}

// TargetServices is what a target group (or listener) protocol needs the
// security groups to admit on port; the diagram's target edges use it.
func TargetServices(proto string, port int32) []sgmap.Service { return targetServices(proto, port) }
