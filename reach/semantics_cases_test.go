package reach_test

import (
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// modelCases: semantics §1-6, the evaluation model.
func modelCases() []semanticsCase {
	return []semanticsCase{
		{1, "an allow rule admits", func(w *world) { w.flow("sg-a", "sg-b", tcp(443)) }, ab(tcp(443)), true},
		{1, "no rule, no flow (allow-only)", func(w *world) { defaultEgress(w, "sg-a") }, ab(tcp(443)), false},
		{2, "stateful: no reverse rule needed", func(w *world) { w.flow("sg-a", "sg-b", tcp(443)) }, ab(tcp(443)), true},
		{2, "the rule admits connections one way only", func(w *world) { w.flow("sg-a", "sg-b", tcp(443)) },
			func(e *reach.Engine) bool { return passes(e, "eni-b", "eni-a", tcp(443)) }, false},
		{3, "an ENI's groups' rules are one set", func(w *world) {
			w.group("sg-c", "vpc-1")
			w.s.Interfaces[1].GroupIDs = []string{"sg-b", "sg-c"}
			defaultEgress(w, "sg-a")
			w.rule("sg-c", "in", tcp(443), grp("sg-a"))
		}, ab(tcp(443)), true},
		{3, "another group's rule does not apply to a non-member", func(w *world) {
			w.group("sg-c", "vpc-1")
			defaultEgress(w, "sg-a")
			w.rule("sg-c", "in", tcp(443), grp("sg-a"))
		}, ab(tcp(443)), false},
		{4, "egress and ingress both allow", func(w *world) { w.flow("sg-a", "sg-b", tcp(5432)) }, ab(tcp(5432)), true},
		{4, "ingress without the source's egress", func(w *world) { w.rule("sg-b", "in", tcp(5432), grp("sg-a")) }, ab(tcp(5432)), false},
		{5, "the default allow-all egress lets a group send", func(w *world) {
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(22), grp("sg-a"))
		}, ab(tcp(22)), true},
		{5, "a group without egress rules sends nothing", func(w *world) { w.rule("sg-b", "in", tcp(22), grp("sg-a")) }, ab(tcp(22)), false},
		{6, "default group: members talk to each other", func(w *world) {
			w.group("sg-default", "vpc-1")
			w.rule("sg-default", "in", allTraffic(), grp("sg-default"))
			defaultEgress(w, "sg-default")
			w.s.Interfaces[0].GroupIDs = []string{"sg-default"}
			w.s.Interfaces[1].GroupIDs = []string{"sg-default"}
		}, ab(udp(53)), true},
		{6, "default group: a non-member is not admitted", func(w *world) {
			w.group("sg-default", "vpc-1")
			w.rule("sg-default", "in", allTraffic(), grp("sg-default"))
			defaultEgress(w, "sg-a")
			w.s.Interfaces[1].GroupIDs = []string{"sg-default"}
		}, ab(udp(53)), false},
	}
}

// peerCases: semantics §7-13, what a rule's peer means.
func peerCases() []semanticsCase {
	public := func(e *reach.Engine) bool {
		src := e.CIDR("cidr:203.0.113.5/32", "203.0.113.5/32") // eni-a's public address
		dst := e.Interfaces("eni-b", []*sgmap.NetworkInterface{e.Index().Interfaces["eni-b"]})
		both, _, _ := e.Passes(src, dst, tcp(443))
		return len(both) > 0
	}
	from6 := func(e *reach.Engine) bool {
		src := e.CIDR("cidr:2001:db8:1::5/128", "2001:db8:1::5/128")
		dst := e.Interfaces("eni-b", []*sgmap.NetworkInterface{e.Index().Interfaces["eni-b"]})
		both, _, _ := e.Passes(src, dst, tcp(443))
		return len(both) > 0
	}
	return []semanticsCase{
		{7, "a group reference admits members' private IPs", func(w *world) { w.flow("sg-a", "sg-b", tcp(443)) }, ab(tcp(443)), true},
		{7, "a group reference does not admit a member's public IP", func(w *world) { w.flow("sg-a", "sg-b", tcp(443)) }, public, false},
		{8, "self-reference: members reach each other", func(w *world) {
			w.eni("eni-b2", "vpc-1", []string{"10.0.2.21"}, "sg-b")
			w.rule("sg-b", "in", tcp(7000), grp("sg-b"))
			w.rule("sg-b", "out", tcp(7000), grp("sg-b"))
		}, func(e *reach.Engine) bool { return passes(e, "eni-b2", "eni-b", tcp(7000)) }, true},
		{8, "self-reference: a non-member is not admitted", func(w *world) {
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(7000), grp("sg-b"))
		}, ab(tcp(7000)), false},
		{9, "a CIDR admits the VPC's ENIs inside it", func(w *world) {
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), cidr("10.0.0.0/8"))
		}, ab(tcp(443)), true},
		{9, "a CIDR does not admit ENIs outside it", func(w *world) {
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), cidr("192.168.0.0/16"))
		}, ab(tcp(443)), false},
		{10, "a known prefix list admits its entries' addresses", func(w *world) {
			w.s.PrefixLists = []sgmap.PrefixList{{ID: "pl-1", Entries: []sgmap.PrefixListEntry{{CIDR: "10.0.1.0/24"}}}}
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), pl("pl-1"))
		}, ab(tcp(443)), true},
		{10, "an unknown prefix list proves nothing", func(w *world) {
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), pl("pl-missing"))
		}, ab(tcp(443)), false},
		{11, "protocol -1 admits UDP too", func(w *world) {
			w.rule("sg-a", "out", allTraffic(), grp("sg-b"))
			w.rule("sg-b", "in", allTraffic(), grp("sg-a"))
		}, ab(udp(53)), true},
		{11, "TCP 0-65535 is not all protocols", func(w *world) {
			w.rule("sg-a", "out", allTCP(), grp("sg-b"))
			w.rule("sg-b", "in", allTCP(), grp("sg-a"))
		}, ab(udp(53)), false},
		{12, "ICMP type 8, any code, admits echo request 8/0", func(w *world) { w.flow("sg-a", "sg-b", icmp(8, -1)) }, ab(icmp(8, 0)), true},
		{12, "ICMP type 0 does not admit type 8", func(w *world) { w.flow("sg-a", "sg-b", icmp(0, -1)) }, ab(icmp(8, 0)), false},
		{13, "an IPv6 rule admits an IPv6 source", func(w *world) { w.rule("sg-b", "in", tcp(443), cidr6("::/0")) }, from6, true},
		{13, "an IPv4-only rule set does not admit IPv6", func(w *world) { w.rule("sg-b", "in", tcp(443), cidr("0.0.0.0/0")) }, from6, false},
	}
}
