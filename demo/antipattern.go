package demo

import (
	"fmt"

	"github.com/sgmap/sgmap"
)

// Antipattern is the article's first designs (configs #1 to #3): the same
// servers in groups named for what they allow. An NLB without groups is
// admitted by its private IPs, a leftover rule admits the scrape port from
// the whole VPC, and the two instance groups enclose exactly the same ENIs.
func Antipattern() *sgmap.Snapshot {
	const (
		https = "sg-0b1c2d3e4f5a60001"
		http  = "sg-0b1c2d3e4f5a60002"
		egr   = "sg-0b1c2d3e4f5a60003"
	)
	b := gameVPC([]string{https, http}, []string{egr})
	b.group(https, "allow-https-8443", "allow https 8443")
	b.group(http, "allow-http-9999", "allow http 9999")
	b.group(egr, "allow-egress-9999", "allow egress 9999")
	b.rule(https, sgmap.Ingress, "tcp", 8443, 8443, "10.0.0.30/32", "")
	b.rule(https, sgmap.Ingress, "tcp", 8443, 8443, "10.0.1.30/32", "")
	b.rule(http, sgmap.Ingress, "tcp", 9999, 9999, egr, "")
	b.rule(http, sgmap.Ingress, "tcp", 9999, 9999, "10.0.0.0/16", "temporary: metrics from anywhere in the VPC")
	for _, g := range []string{https, http, egr} {
		b.rule(g, sgmap.Egress, "-1", -1, -1, "0.0.0.0/0", "")
	}
	var enis []string
	for i, sub := range []string{subPublicA, subPublicB} {
		id := fmt.Sprintf("eni-0b1c2d3e4f5a6030%d", i+1)
		enis = append(enis, id)
		b.eni(id, nlbARN, sub, fmt.Sprintf("10.0.%d.30", i), "ELB net/game-nlb/7f3c2a1b9d8e6f50",
			"network_load_balancer", "amazon-elb")
	}
	tg := gameTargetGroup()
	tg.Protocol = "TCP"
	b.owner(sgmap.Owner{ID: nlbARN, Kind: sgmap.OwnerLoadBalancer, Name: "game-nlb", InterfaceIDs: enis,
		LoadBalancer: &sgmap.LoadBalancer{Type: "network", Scheme: "internet-facing",
			DNSName:      "game-nlb-7f3c2a1b9d8e6f50.elb.eu-west-1.amazonaws.com",
			Listeners:    []sgmap.Listener{{Protocol: "TCP", Port: 443}},
			TargetGroups: []sgmap.TargetGroup{tg}}})
	return b.s
}
