package reach_test

import (
	"fmt"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// peered adds vpc-2 (peered with vpc-1) with sg-p and its member eni-p.
func peered(w *world, status string, stale bool) {
	w.s.VPCs = append(w.s.VPCs, sgmap.VPC{ID: "vpc-2", CIDRs: []string{"10.1.0.0/16"}})
	w.group("sg-p", "vpc-2")
	w.eni("eni-p", "vpc-2", []string{"10.1.0.5"}, "sg-p")
	defaultEgress(w, "sg-p")
	w.rule("sg-b", "in", tcp(443), sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-p", VPCID: "vpc-2",
		PeeringID: "pcx-1", PeeringStatus: status, Stale: stale})
}

func pb(svc sgmap.Service) func(e *reach.Engine) bool {
	return func(e *reach.Engine) bool { return passes(e, "eni-p", "eni-b", svc) }
}

// unknownRef asks whether the end of a group outside the snapshot reaches
// eni-b.
func unknownRef(group string) func(e *reach.Engine) bool {
	return func(e *reach.Engine) bool {
		src := e.UnknownGroup("unknown:"+group, group)
		dst := e.Interfaces("eni-b", []*sgmap.NetworkInterface{e.Index().Interfaces["eni-b"]})
		both, _, _ := e.Passes(src, dst, tcp(443))
		return len(both) > 0
	}
}

// crossCases: semantics §14-17, references across VPCs and accounts.
func crossCases() []semanticsCase {
	return []semanticsCase{
		{14, "an active peered reference admits the peer group's members", func(w *world) { peered(w, "active", false) }, pb(tcp(443)), true},
		{14, "a reference through a peering that is not active admits nothing", func(w *world) { peered(w, "deleted", false) }, pb(tcp(443)), false},
		{15, "the same reference, not stale, admits", func(w *world) { peered(w, "", false) }, pb(tcp(443)), true},
		{15, "a stale reference admits nothing", func(w *world) { peered(w, "", true) }, pb(tcp(443)), false},
		{16, "another account's group (shared VPC) is matched by its ID", func(w *world) {
			w.rule("sg-b", "in", tcp(443), sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-other", AccountID: "222222222222"})
		}, unknownRef("sg-other"), true},
		{16, "another account's group does not match a different group", func(w *world) {
			w.rule("sg-b", "in", tcp(443), sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-other", AccountID: "222222222222"})
		}, unknownRef("sg-else"), false},
		{17, "a group used by an ENI of another VPC still governs it", func(w *world) {
			w.s.VPCs = append(w.s.VPCs, sgmap.VPC{ID: "vpc-2"})
			w.eni("eni-x", "vpc-2", []string{"10.1.0.9"}, "sg-b")
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), grp("sg-a"))
		}, func(e *reach.Engine) bool { return passes(e, "eni-a", "eni-x", tcp(443)) }, true},
		{17, "an ENI of another VPC without the group is not governed by it", func(w *world) {
			w.s.VPCs = append(w.s.VPCs, sgmap.VPC{ID: "vpc-2"})
			w.group("sg-x", "vpc-2")
			w.eni("eni-x", "vpc-2", []string{"10.1.0.9"}, "sg-x")
			defaultEgress(w, "sg-a")
			w.rule("sg-b", "in", tcp(443), grp("sg-a"))
		}, func(e *reach.Engine) bool { return passes(e, "eni-a", "eni-x", tcp(443)) }, false},
	}
}

// quotaCases: semantics §18-20: quotas are adjustable, so sgmap evaluates
// past them.
func quotaCases() []semanticsCase {
	many := func(w *world) {
		for i := range 2600 {
			w.group(fmt.Sprintf("sg-n%04d", i), "vpc-1")
		}
		defaultEgress(w, "sg-a")
		w.rule("sg-n2599", "in", tcp(443), grp("sg-a"))
		w.s.Interfaces[1].GroupIDs = []string{"sg-b", "sg-n2599"}
	}
	rules := func(w *world) {
		defaultEgress(w, "sg-a")
		for p := range int32(61) {
			w.rule("sg-b", "in", tcp(1000+p), grp("sg-a"))
		}
	}
	groups := func(w *world) {
		defaultEgress(w, "sg-a")
		ids := []string{}
		for i := range 17 {
			id := fmt.Sprintf("sg-e%02d", i)
			w.group(id, "vpc-1")
			ids = append(ids, id)
		}
		w.rule("sg-e16", "in", tcp(443), grp("sg-a"))
		w.s.Interfaces[1].GroupIDs = ids
	}
	return []semanticsCase{
		{18, "a rule of the 2,600th group still counts", many, ab(tcp(443)), true},
		{18, "... and admits only what it says", many, ab(tcp(444)), false},
		{19, "the 61st rule of a group still counts", rules, ab(tcp(1060)), true},
		{19, "... a port no rule names is not admitted", rules, ab(tcp(1061)), false},
		{20, "the 17th group of an ENI still counts", groups, ab(tcp(443)), true},
		{20, "... and admits only what it says", groups, ab(tcp(80)), false},
	}
}
