package audit

import (
	"fmt"
	"slices"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// checkInternetExposed: what the Internet reaches, directly or through a
// load balancer, by owner and service (the flow engine's exposure, the same
// as `sgmap exposure`). Info, so that the exposure is on record; an error
// when what arrives is an admin or database port (the admin-port-open
// list). The finding is about the owner (or ownerless ENI) and names the
// group whose ingress rule admits the last hop, whose sgmap:ignore tag
// suppresses it.
func checkInternetExposed(a *auditor) {
	for _, vpc := range a.s.VPCIDs() {
		if !a.inScope(vpc) {
			continue
		}
		xs, err := a.eng.Exposed(vpc)
		if err != nil {
			continue // a VPC the engine cannot query has nothing to report
		}
		for _, x := range xs {
			a.add(a.exposedFinding(x))
		}
	}
}

func (a *auditor) exposedFinding(x reach.Exposure) Finding {
	c, _ := CheckByID(IDInternetExposed)
	f := Finding{ID: IDInternetExposed, Severity: c.Severity, Subject: SubjectOwner, SubjectID: x.Owner.ID, VPCID: x.VPC}
	if x.Owner.Kind == "eni" {
		f.Subject = SubjectENI
	}
	last := x.Flows[0].Hops[len(x.Flows[0].Hops)-1]
	var rules []string
	for _, fl := range x.Flows {
		for _, h := range fl.Hops {
			rules = append(rules, h.Rules...)
		}
	}
	slices.Sort(rules)
	f.Related = slices.Compact(rules)
	for _, r := range last.Allowed {
		if r.Direction == string(sgmap.Ingress) {
			if g := a.x.Groups[r.Group]; g != nil {
				f.GroupID, f.GroupName, f.AccountID, f.Region = g.ID, g.Name, a.account(g), a.region(g)
			}
			break
		}
	}
	how := "directly"
	if x.Via != nil {
		how = fmt.Sprintf("through load balancer %s (listener %s)", clip(x.Via.Name, 80), x.Entry)
	}
	what := x.Service
	if admin := adminExposure(x.Svc()); admin != "" {
		f.Severity, what = Error, admin
	}
	f.Message = fmt.Sprintf("%s %s is reachable from the Internet on %s %s (rules %s); if that is not meant, narrow the rules that admit it",
		x.Owner.Kind, clip(x.Owner.Name, 80), what, how, list(f.Related, 6))
	if f.Severity == Error {
		f.Message += ": admin and database ports should only be reachable from a bastion's or an application's group"
	}
	return f
}
