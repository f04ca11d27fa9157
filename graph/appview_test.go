package graph

import (
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/demo"
)

// largeProduction is the large demo's busiest VPC.
const largeProduction = "vpc-09dcec3ad077dec6c"

// TestAppOverview_Large checks every application overview of the large
// demo (with -short, of its production VPC only): each node's enclosures
// plus chips are its groups; at most one edge per pair of boxes and kind;
// at most maxNeighbours neighbours besides the "+N more" boxes and shared
// groups; and everything the application holds in the VPC's overview
// (owners, ENIs, addresses) is still in one of its nodes, so that search
// finds it.
func TestAppOverview_Large(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	for _, vpc := range s.VPCIDs() {
		if testing.Short() && vpc != largeProduction {
			continue
		}
		overview := mustBuild(t, s, vpc, Options{View: Overview})
		apps, err := Applications(s, vpc, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, ap := range apps {
			if ap.Shared {
				continue
			}
			where := vpc + " app " + ap.Name
			g := mustBuild(t, s, vpc, Options{View: Overview, App: ap.Name})
			checkChips(t, where, g)
			checkOnePerPair(t, where, g)
			checkNeighbours(t, where, g, len(ap.Parts) > 0)
			if len(ap.Parts) > 0 {
				checkParts(t, where, g, ap)
				continue
			}
			checkHoldsMembers(t, where, overview, g, ap)
		}
	}
}

// checkOnePerPair wants at most one edge per (from, to, kind).
func checkOnePerPair(t *testing.T, where string, g *Graph) {
	t.Helper()
	seen := map[[3]string]string{}
	for _, e := range g.Edges {
		k := [3]string{e.From, e.To, e.Kind}
		if other, dup := seen[k]; dup {
			t.Errorf("%s: edges %s and %s join the same boxes", where, other, e.ID)
		}
		seen[k] = e.ID
		if e.Label == "" || strings.Count(e.Label, "more") > 1 {
			t.Errorf("%s: edge %s label %q", where, e.ID, e.Label)
		}
	}
}

// checkNeighbours counts the drawn neighbours (other applications and
// peers) and checks what the "+N more" boxes stand for is drawn nowhere.
func checkNeighbours(t *testing.T, where string, g *Graph, others bool) {
	t.Helper()
	limit := maxNeighbours
	if others {
		limit = maxOthersNeighbours
	}
	parts := map[string]bool{}
	for _, a := range g.Apps {
		parts[a.ID] = true
	}
	drawn := map[string]bool{}
	near := 0
	for _, n := range g.Nodes {
		drawn[n.ID] = true
		if (n.Kind == KindApp && !parts[n.ID]) || (peerKinds[n.Kind] && n.Cluster == "") {
			near++
		}
	}
	more := 0
	for _, id := range []string{moreIn, moreOut} {
		if !drawn[id] {
			continue
		}
		more++
		i := slices.IndexFunc(g.Nodes, func(n Node) bool { return n.ID == id })
		if m := g.Nodes[i]; len(m.Members) == 0 || m.Kind != KindMore {
			t.Errorf("%s: %s stands for nothing (%+v)", where, id, m)
		} else {
			for _, f := range m.Members {
				if drawn[f] {
					t.Errorf("%s: %s is drawn and folded into %s", where, f, id)
				}
			}
		}
	}
	// A neighbour both reaching and reached by the application is counted
	// once however it is drawn; without a "+N more" box all of them are.
	if more > 0 && near > limit {
		t.Errorf("%s: %d neighbours drawn besides the +N more boxes, want at most %d", where, near, limit)
	}
}

// checkHoldsMembers wants every owner, ENI and address of the overview's
// nodes in one of the app's groups to be in one node of the app's
// overview, and each counted node to stand for two nodes or more of one
// kind and group set.
func checkHoldsMembers(t *testing.T, where string, overview, g *Graph, ap App) {
	t.Helper()
	found := map[string]bool{}
	byID := map[string]Node{}
	for _, n := range overview.Nodes {
		byID[n.ID] = n
	}
	for _, n := range g.Nodes {
		for _, ids := range [][]string{{n.ID}, n.Owners, n.Interfaces, n.Addresses} {
			for _, id := range ids {
				found[id] = true
			}
		}
		if !strings.HasPrefix(n.ID, countedPrefix) {
			continue
		}
		if len(n.Members) < 2 {
			t.Errorf("%s: counted node %s stands for %v", where, n.ID, n.Members)
		}
		count := 0
		for _, m := range n.Members {
			o := byID[m]
			count += max(o.Count, 1)
			if o.Kind != n.Kind || !slices.Equal(o.Groups, n.Groups) {
				t.Errorf("%s: counted node %s (%s %v) stands for %s (%s %v)", where, n.ID, n.Kind, n.Groups, m, o.Kind, o.Groups)
			}
		}
		if count != n.Count {
			t.Errorf("%s: counted node %s counts %d, its members %d", where, n.ID, n.Count, count)
		}
	}
	for _, n := range overview.Nodes {
		if !slices.ContainsFunc(n.Groups, func(gid string) bool { return slices.Contains(ap.Groups, gid) }) {
			continue
		}
		own := []string{n.ID}
		if len(n.Owners) > 0 || n.Kind == KindENI {
			own = nil // a collapsed node's ID is its parent's
		}
		for _, ids := range [][]string{own, n.Owners, n.Interfaces, n.Addresses} {
			for _, id := range ids {
				if !found[id] {
					t.Errorf("%s: %s (of %s) is in no node of the application's overview", where, id, n.ID)
				}
			}
		}
	}
}

// checkParts wants the others overview to draw each of its parts as one
// box, each of its groups in exactly one part.
func checkParts(t *testing.T, where string, g *Graph, ap App) {
	t.Helper()
	if len(g.Apps) != len(ap.Parts) {
		t.Fatalf("%s: graph lists %d apps, others holds %d", where, len(g.Apps), len(ap.Parts))
	}
	in := map[string]int{}
	for _, p := range g.Apps {
		if !slices.ContainsFunc(g.Nodes, func(n Node) bool { return n.ID == p.ID && n.Kind == KindApp }) {
			t.Errorf("%s: part %s has no box", where, p.ID)
		}
		for _, gid := range p.Groups {
			in[gid]++
		}
	}
	for _, gid := range ap.Groups {
		if in[gid] != 1 {
			t.Errorf("%s: group %s is in %d parts, want 1", where, gid, in[gid])
		}
	}
	for _, gr := range g.Groups {
		if slices.Contains(ap.Groups, gr.ID) {
			t.Errorf("%s: group %s drawn as an enclosure on the others map", where, gr.ID)
		}
	}
}

// TestAppOverview_Part checks a part of others opens as an application
// overview of its own groups, by name.
func TestAppOverview_Part(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	apps, err := Applications(s, largeProduction, "")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(apps, func(a App) bool { return a.Name == OthersApp })
	if i < 0 || len(apps[i].Parts) < 2 {
		t.Fatalf("production has no others app with parts: %+v", apps)
	}
	part := apps[i].Parts[0]
	g := mustBuild(t, s, largeProduction, Options{View: Overview, App: part.Name})
	if g.App != part.Name {
		t.Errorf("app = %q, want %q", g.App, part.Name)
	}
	for _, gid := range part.Groups {
		if !slices.ContainsFunc(g.Groups, func(gr Group) bool { return gr.ID == gid }) {
			t.Errorf("part %s: its group %s is not drawn", part.Name, gid)
		}
	}
	checkChips(t, "part "+part.Name, g)
	for _, n := range g.Nodes {
		if n.ID == "app:"+OthersApp {
			t.Errorf("part %s: its neighbours in others are drawn as the others box, not their own part", part.Name)
		}
	}
}

// TestCountMembers checks two members of one kind and group set become
// one counted node with both owners, and a member alone stays itself.
func TestCountMembers(t *testing.T) {
	b := &builder{nodes: map[string]*Node{
		"i-1":   {ID: "i-1", Kind: "instance", Name: "web-1", Count: 1, Groups: []string{"sg-a"}, Interfaces: []string{"eni-1"}, Addresses: []string{"10.0.0.2"}},
		"asg:x": {ID: "asg:x", Kind: "instance", Name: "x (3 instances)", Count: 3, Groups: []string{"sg-a"}, Owners: []string{"i-2", "i-3", "i-4"}, Interfaces: []string{"eni-2"}, Addresses: []string{"10.0.0.1"}},
		"i-5":   {ID: "i-5", Kind: "instance", Name: "db", Count: 1, Groups: []string{"sg-a", "sg-b"}},
		"rds-1": {ID: "rds-1", Kind: "rds", Name: "db", Count: 1, Groups: []string{"sg-a"}},
		"eni-9": {ID: "eni-9", Kind: KindENI, Name: "eni-9", Count: 1, Groups: []string{"sg-c"}, Interfaces: []string{"eni-9"}},
	}}
	into := b.countMembers(map[string]bool{"sg-a": true})
	const id = "count:instance:sg-a"
	if into["i-1"] != id || into["asg:x"] != id || len(into) != 2 {
		t.Fatalf("countMembers = %v", into)
	}
	c := b.nodes[id]
	if c.Name != "4 instances" || c.Count != 4 || !slices.Equal(c.Owners, []string{"i-1", "i-2", "i-3", "i-4"}) ||
		!slices.Equal(c.Members, []string{"asg:x", "i-1"}) || !slices.Equal(c.Addresses, []string{"10.0.0.1", "10.0.0.2"}) ||
		!slices.Equal(c.Interfaces, []string{"eni-1", "eni-2"}) || c.Detail != "x (3 instances) +1 more" {
		t.Errorf("counted node = %+v", c)
	}
	b.dropCounted(into)
	for _, gone := range []string{"i-1", "asg:x"} {
		if b.nodes[gone] != nil {
			t.Errorf("%s still drawn", gone)
		}
	}
	for _, kept := range []string{"i-5", "rds-1", "eni-9"} {
		if b.nodes[kept] == nil {
			t.Errorf("%s dropped", kept)
		}
	}
}

// TestOnePerPair checks edges of one box pair merge into one labelled with
// all their services, drawn as the most open, and that the one-sided
// services are named in the tooltip.
func TestOnePerPair(t *testing.T) {
	in := []Edge{
		{ID: "edge:rule:a->b:both", From: "a", To: "b", Kind: EdgeRule, Effective: EffectiveBoth, Label: "TCP 443", Rules: []string{"r1"}},
		{ID: "edge:rule:a->b:ingress-only", From: "a", To: "b", Kind: EdgeRule, Effective: IngressOnly, Label: "TCP 8443", Rules: []string{"r2"}},
		{ID: "edge:rule:b->a:both", From: "b", To: "a", Kind: EdgeRule, Effective: EffectiveBoth, Label: "UDP 53", Rules: []string{"r3"}},
	}
	out := onePerPair(in)
	if len(out) != 2 {
		t.Fatalf("onePerPair: %d edges, want 2: %+v", len(out), out)
	}
	m := out[0]
	if m.ID != "edge:rule:a->b:both" || m.Label != "TCP 443, 8443" || !slices.Equal(m.Rules, []string{"r1", "r2"}) ||
		!slices.Contains(m.Details, "ingress-only: TCP 8443") {
		t.Errorf("merged edge = %+v", m)
	}
	if out[1].ID != in[2].ID || out[1].Label != "UDP 53" {
		t.Errorf("lone edge changed: %+v", out[1])
	}
}
