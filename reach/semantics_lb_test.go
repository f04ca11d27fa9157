package reach_test

import (
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// lb adds a load balancer lb-1 (ENI 10.0.3.30, in groups) listening on
// TCP 443 and forwarding to instance i-b (eni-b) on TCP 8443.
func lb(w *world, lbType string, groups ...string) {
	w.eni("eni-lb", "vpc-1", []string{"10.0.3.30"}, groups...)
	w.s.Interfaces[len(w.s.Interfaces)-1].OwnerID = "lb-1"
	w.s.Interfaces[1].OwnerID = "i-b"
	w.s.Owners = append(w.s.Owners,
		sgmap.Owner{ID: "lb-1", Kind: sgmap.OwnerLoadBalancer, Name: "lb-1", VPCID: "vpc-1", LoadBalancer: &sgmap.LoadBalancer{
			Type: lbType, Listeners: []sgmap.Listener{{Protocol: "TCP", Port: 443}},
			TargetGroups: []sgmap.TargetGroup{{ID: "tg-1", Name: "tg-1", Protocol: "TCP", Port: 8443,
				Targets: []sgmap.Target{{ID: "i-b"}}}}}},
		sgmap.Owner{ID: "i-b", Kind: sgmap.OwnerInstance, Name: "b", VPCID: "vpc-1"})
}

// throughLB reports whether the Internet reaches i-b through lb-1: TCP 443
// to the listener, then TCP 8443 to the target.
func throughLB(e *reach.Engine) bool {
	res, err := e.Run(reach.Query{VPC: "vpc-1", From: "internet", To: "i-b"})
	if err != nil {
		panic(err)
	}
	for _, f := range res.Flows {
		if len(f.Hops) == 2 && f.Hops[0].Service == "TCP 443" && f.Hops[1].Service == "TCP 8443" && f.Hops[1].Via == "target" {
			return true
		}
	}
	return false
}

func alb(w *world) {
	w.group("sg-lb", "vpc-1")
	lb(w, "application", "sg-lb")
	w.rule("sg-lb", "in", tcp(443), cidr("0.0.0.0/0"))
	w.rule("sg-lb", "out", tcp(8443), grp("sg-b"))
}

// lbCases: semantics §21-23, load balancers as hops.
func lbCases() []semanticsCase {
	return []semanticsCase{
		{21, "ALB: clients → listener, ALB group → target group", func(w *world) {
			alb(w)
			w.rule("sg-b", "in", tcp(8443), grp("sg-lb"))
		}, throughLB, true},
		{21, "ALB: without the ALB's egress to the targets nothing passes", func(w *world) {
			w.group("sg-lb", "vpc-1")
			lb(w, "application", "sg-lb")
			w.rule("sg-lb", "in", tcp(443), cidr("0.0.0.0/0"))
			w.rule("sg-b", "in", tcp(8443), grp("sg-lb"))
		}, throughLB, false},
		{22, "NLB without groups: targets admit its addresses", func(w *world) {
			lb(w, "network")
			w.rule("sg-b", "in", tcp(8443), cidr("10.0.3.30/32"))
		}, throughLB, true},
		{22, "NLB without groups: a client group reference does not admit it", func(w *world) {
			lb(w, "network")
			w.rule("sg-b", "in", tcp(8443), grp("sg-a"))
		}, throughLB, false},
		{23, "NLB with a group: targets reference it", func(w *world) {
			w.group("sg-lb", "vpc-1")
			lb(w, "network", "sg-lb")
			w.rule("sg-lb", "in", tcp(443), cidr("0.0.0.0/0"))
			defaultEgress(w, "sg-lb")
			w.rule("sg-b", "in", tcp(8443), grp("sg-lb"))
		}, throughLB, true},
		{23, "NLB with a group: its listener needs an ingress rule", func(w *world) {
			w.group("sg-lb", "vpc-1")
			lb(w, "network", "sg-lb")
			defaultEgress(w, "sg-lb")
			w.rule("sg-b", "in", tcp(8443), grp("sg-lb"))
		}, throughLB, false},
	}
}

// miscCases: semantics §24-27.
func miscCases() []semanticsCase {
	elb := sgmap.Peer{Kind: sgmap.PeerGroup, Value: "amazon-elb-sg", AccountID: "amazon-elb"}
	resolver := func(svc sgmap.Service) func(e *reach.Engine) bool {
		return func(e *reach.Engine) bool {
			src := e.Interfaces("eni-a", []*sgmap.NetworkInterface{e.Index().Interfaces["eni-a"]})
			both, _, _ := e.Passes(src, e.CIDR("cidr:10.0.0.2/32", "10.0.0.2/32"), svc)
			return len(both) > 0
		}
	}
	return []semanticsCase{
		{24, "Classic ELB pseudo-group: matched by its reference", func(w *world) { w.rule("sg-b", "in", tcp(443), elb) },
			unknownRef("amazon-elb-sg"), true},
		{24, "Classic ELB pseudo-group: does not admit the VPC's ENIs", func(w *world) {
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), elb)
		}, ab(tcp(443)), false},
		{25, "the rules as snapshotted apply", func(w *world) { w.flow("sg-a", "sg-b", tcp(443)) }, ab(tcp(443)), true},
		{25, "a removed rule admits nothing (tracked connections are not modelled)", func(w *world) {
			w.flow("sg-a", "sg-b", tcp(443))
			w.s.Groups[1].Rules = nil
		}, ab(tcp(443)), false},
		// §26: the Route 53 Resolver (VPC base + 2) is not an end sgmap
		// draws; an address without rules of its own admits what the
		// source's egress allows.
		{26, "DNS to VPC+2 passes the source's egress", func(w *world) { w.rule("sg-a", "out", udp(53), cidr("10.0.0.2/32")) },
			resolver(udp(53)), true},
		{26, "... and only what that egress names", func(w *world) { w.rule("sg-a", "out", udp(53), cidr("10.0.0.2/32")) },
			resolver(tcp(53)), false},
		{27, "the ENI's groups are the truth, not the owner's declared ones", func(w *world) {
			w.group("sg-declared", "vpc-1")
			w.s.Interfaces[1].OwnerID = "db-1"
			w.s.Owners = append(w.s.Owners, sgmap.Owner{ID: "db-1", Kind: sgmap.OwnerRDS, VPCID: "vpc-1", GroupIDs: []string{"sg-declared"}})
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(5432), grp("sg-a"))
		}, func(e *reach.Engine) bool { return ownerPasses(e, "db-1", tcp(5432)) }, true},
		{27, "... so the declared group's rules do not apply", func(w *world) {
			w.group("sg-declared", "vpc-1")
			w.s.Interfaces[1].OwnerID = "db-1"
			w.s.Owners = append(w.s.Owners, sgmap.Owner{ID: "db-1", Kind: sgmap.OwnerRDS, VPCID: "vpc-1", GroupIDs: []string{"sg-declared"}})
			defaultEgress(w, "sg-a")
			w.rule("sg-declared", "in", tcp(5432), grp("sg-a"))
		}, func(e *reach.Engine) bool { return ownerPasses(e, "db-1", tcp(5432)) }, false},
	}
}

func ownerPasses(e *reach.Engine, owner string, svc sgmap.Service) bool {
	src := e.Interfaces("eni-a", []*sgmap.NetworkInterface{e.Index().Interfaces["eni-a"]})
	both, _, _ := e.Passes(src, e.Owner(owner), svc)
	return len(both) > 0
}
