package server

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap/demo"
)

// TestPageData_PeerNamesLikeLint: the group panel calls a CIDR peer what
// lint calls it — the NLB whose private address it is — not the raw /32.
func TestPageData_PeerNamesLikeLint(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap, _ := demo.Get("antipattern")
	vpc := snap.VPCIDs()[0]
	d := mustPageData(t, s, do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc, nil).Body.String())
	g, ok := d["groups"].(map[string]any)["sg-0b1c2d3e4f5a60001"].(map[string]any)
	if !ok {
		t.Fatal("page data has no group allow-https-8443")
	}
	names := map[string]string{}
	for _, r := range g["ingress"].([]any) {
		r := r.(map[string]any)
		names[r["peer"].(string)] = r["peer_name"].(string)
	}
	if names["10.0.0.30/32"] != "game-nlb (10.0.0.30)" || names["10.0.1.30/32"] != "game-nlb (10.0.1.30)" {
		t.Errorf("peer names = %v, want the NLB game-nlb for its addresses", names)
	}
}

// TestDiagramPage_FocusSortedByName: the Focus list is in name order.
func TestDiagramPage_FocusSortedByName(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap, _ := demo.Get("antipattern")
	page := do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+snap.VPCIDs()[0], nil).Body.String()
	var at []int
	for _, name := range []string{">allow-egress-9999<", ">allow-http-9999<", ">allow-https-8443<"} {
		at = append(at, strings.Index(page, name))
	}
	if at[0] < 0 || at[0] > at[1] || at[1] > at[2] {
		t.Errorf("Focus options not in name order: positions %v", at)
	}
}
