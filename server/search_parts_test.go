package server

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
)

// TestSearch_OthersPart checks a search hit in a group of the others
// application, whose overview is a map of the applications folded into
// it, opens the overview of its own part, which draws it.
func TestSearch_OthersPart(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v9"})
	snap, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	const vpc = "vpc-09dcec3ad077dec6c"
	apps, err := graph.Applications(snap, vpc, "")
	if err != nil {
		t.Fatal(err)
	}
	part := map[string]string{} // group → part name
	for _, a := range apps {
		for _, p := range a.Parts {
			for _, g := range p.Groups {
				part[g] = p.Name
			}
		}
	}
	var ip, want string
	for _, e := range snap.Interfaces {
		if e.VPCID == vpc && len(e.PrivateIPs) > 0 && len(e.GroupIDs) == 1 && part[e.GroupIDs[0]] != "" {
			ip, want = e.PrivateIPs[0], part[e.GroupIDs[0]]
			break
		}
	}
	if ip == "" {
		t.Fatal("no ENI of production in exactly one group of a part of others")
	}
	w := do(t, s, "GET", "/snapshots/demo-large/vpcs/"+vpc+"/search.json?q="+url.QueryEscape(ip), nil)
	if w.Code != 200 {
		t.Fatalf("search %s = %d: %.300s", ip, w.Code, w.Body)
	}
	var res searchResult
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("search %s: %d hits, want 1: %+v", ip, len(res.Hits), res.Hits)
	}
	h := res.Hits[0]
	if h.App != want || !strings.Contains(h.URL, "app="+url.QueryEscape(want)) {
		t.Errorf("search %s: hit in app %q at %s, want the overview of part %q", ip, h.App, h.URL, want)
	}
}
