package graph

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap/demo"
)

// bundleMap is a small map by hand: two applications with edges both ways
// between them, and the Internet reaching one of them.
func bundleMap() *Graph {
	g := &Graph{View: Map, Groups: []Group{}, Nodes: []Node{
		{ID: "app:api", Kind: KindApp, Name: "api", Groups: []string{}, Chips: []string{}},
		{ID: "app:db", Kind: KindApp, Name: "db", Groups: []string{}, Chips: []string{}},
		{ID: "internet", Kind: KindInternet, Name: "Internet", Groups: []string{}, Chips: []string{}},
	}, Edges: []Edge{
		{ID: "e1", From: "app:api", To: "app:db", Kind: EdgeRule, Effective: EffectiveBoth, Label: "TCP 5432", Rules: []string{"sgr-1"}},
		{ID: "e2", From: "app:db", To: "app:api", Kind: EdgeRule, Effective: EffectiveBoth, Label: "TCP 8080; UDP 53", Rules: []string{"sgr-2"}},
		{ID: "e3", From: "app:api", To: "app:db", Kind: EdgeRule, Effective: IngressOnly, Label: "TCP 6379", Rules: []string{"sgr-3"}},
		{ID: "e4", From: "internet", To: "app:api", Kind: EdgeRule, Effective: EffectiveBoth, Label: "TCP 443, 80, 22, 8443, 9000", Rules: []string{"sgr-4"}},
	}}
	g.Bundle()
	return g
}

func bundleByID(g *Graph, id string) *Bundle {
	for i := range g.Bundles {
		if g.Bundles[i].ID == id {
			return &g.Bundles[i]
		}
	}
	return nil
}

// TestBundle_PairIsOneLine: the edges between two boxes, both ways and
// one-sided or not, are one line with arrowheads both ways, labelled with
// the services that pass; every edge names its line.
func TestBundle_PairIsOneLine(t *testing.T) {
	g := bundleMap()
	if len(g.Bundles) != 2 {
		t.Fatalf("%d bundles, want 2: %+v", len(g.Bundles), g.Bundles)
	}
	b := bundleByID(g, "bundle:app:api--app:db")
	if b == nil {
		t.Fatalf("no bundle between api and db: %+v", g.Bundles)
	}
	want := Bundle{ID: "bundle:app:api--app:db", From: "app:api", To: "app:db", Both: true,
		Edges: []string{"e1", "e2", "e3"}, Label: "TCP 5432, 8080; UDP 53", Services: "TCP 5432, 8080; UDP 53",
		Effective: EffectiveBoth}
	if diff := cmp.Diff(want, *b); diff != "" {
		t.Errorf("bundle (-want +got):\n%s", diff)
	}
	in := bundleByID(g, "bundle:app:api--internet")
	if in == nil || in.Both || in.From != "internet" || in.To != "app:api" {
		t.Errorf("Internet line %+v, want one way from the Internet to api", in)
	}
	for _, e := range g.Edges {
		if wantB, _, _ := bundleEnds(&e); e.Bundle != wantB {
			t.Errorf("edge %s: bundle %q, want %q", e.ID, e.Bundle, wantB)
		}
	}
	dot := string(mustDOT(t, g))
	if n := strings.Count(dot, " -> "); n != 2 {
		t.Errorf("DOT draws %d lines, want 2:\n%s", n, dot)
	}
	line := dotLine(t, dot, "bundle:app:api--app:db")
	for _, w := range []string{"dir=both", "api ⇄ db: TCP 5432, 8080; UDP 53", `api → db: TCP 6379 (ingress-only)`, `db → api: TCP 8080; UDP 53 (both)`} {
		if !strings.Contains(line, w) {
			t.Errorf("line api–db lacks %q:\n%s", w, line)
		}
	}
}

// TestBundle_LabelCutShort: past three services a line's label says how
// many more, and its tooltip and Services have them all.
func TestBundle_LabelCutShort(t *testing.T) {
	b := bundleByID(bundleMap(), "bundle:app:api--internet")
	if b.Label != "TCP 22, 80, 443 +2 more" || b.Services != "TCP 22, 80, 443, 8443, 9000" {
		t.Errorf("label %q, services %q; want \"TCP 22, 80, 443 +2 more\" and all five", b.Label, b.Services)
	}
}

// TestBundle_OneSided: a line whose edges all fail one side is dashed,
// labelled with their services, and says which side.
func TestBundle_OneSided(t *testing.T) {
	g := &Graph{View: Map, Edges: []Edge{
		{ID: "a", From: "x", To: "y", Kind: EdgeRule, Effective: IngressOnly, Label: "TCP 1"},
		{ID: "b", From: "y", To: "x", Kind: EdgeRule, Effective: EgressOnly, Label: "TCP 2"},
		{ID: "c", From: "x", To: "z", Kind: EdgeRule, Effective: EgressOnly, Label: "TCP 3"},
	}}
	g.Bundle()
	if b := bundleByID(g, "bundle:x--y"); b.Effective != OneSided || b.Label != "TCP 1, 2" {
		t.Errorf("x–y: effective %q label %q, want one-sided and TCP 1, 2", b.Effective, b.Label)
	}
	if b := bundleByID(g, "bundle:x--z"); b.Effective != EgressOnly {
		t.Errorf("x–z: effective %q, want egress-only", b.Effective)
	}
	if line := dotLine(t, string(mustDOT(t, g)), "bundle:x--y"); !strings.Contains(line, "style=dashed") {
		t.Errorf("one-sided line not dashed:\n%s", line)
	}
}

// TestBundle_ColourIsRisk: description and naming findings leave a line
// neutral (counted in its tooltip); a wide-source warning makes it
// orange, an admin port red, whatever else it carries.
func TestBundle_ColourIsRisk(t *testing.T) {
	cases := []struct {
		name  string
		anns  []Annotation
		risk  string
		color string
	}{
		{"none", nil, "", ""},
		{"descriptions only", []Annotation{
			{Subject: "sgr-1", Finding: "missing-description", Severity: "warning", Message: "no description"},
			{Subject: "sgr-2", Finding: "name-describes-rules", Severity: "warning", Message: "named after rules"},
			{Subject: "sgr-3", Finding: "one-sided", Severity: "info", Message: "one side"},
		}, "", ""},
		{"wide source", []Annotation{
			{Subject: "sgr-1", Finding: "missing-description", Severity: "warning", Message: "no description"},
			{Subject: "sgr-2", Finding: "wide-source", Severity: "warning", Message: "TCP 8080 from the VPC"},
		}, "warning", severityColor("warning")},
		{"admin port", []Annotation{
			{Subject: "sgr-2", Finding: "wide-source", Severity: "warning", Message: "TCP 8080 from the VPC"},
			{Subject: "sgr-1", Finding: "admin-port-open", Severity: "error", Message: "TCP 5432 open"},
		}, "error", severityColor("error")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := bundleMap()
			g.Annotate(c.anns)
			b := bundleByID(g, "bundle:app:api--app:db")
			if b.Risk != c.risk {
				t.Errorf("risk %q, want %q", b.Risk, c.risk)
			}
			line := dotLine(t, string(mustDOT(t, g)), b.ID)
			for _, sev := range []string{"error", "warning"} {
				if got := strings.Contains(line, severityColor(sev)); got != (c.color == severityColor(sev)) {
					t.Errorf("colour %s drawn: %v, want %v:\n%s", sev, got, !got, line)
				}
			}
			if got := strings.Contains(line, "finding-"); got != (c.risk != "") {
				t.Errorf("finding class: %v, want %v:\n%s", got, c.risk != "", line)
			}
			if c.name == "descriptions only" && !strings.Contains(line, "3 other findings on its rules") {
				t.Errorf("tooltip does not count the neutral findings:\n%s", line)
			}
			if c.name == "admin port" && strings.Index(line, "admin-port-open") > strings.Index(line, "wide-source") {
				t.Errorf("tooltip lists the warning before the error:\n%s", line)
			}
		})
	}
}

// TestBundle_StableUnderShuffle: the same edges in any order give the same
// bundles and the same DOT.
func TestBundle_StableUnderShuffle(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	for _, vpc := range s.VPCIDs() {
		g := mustBuild(t, s, vpc, Options{View: Map})
		if len(g.Bundles) == 0 || len(g.Bundles) >= len(g.Edges) {
			t.Fatalf("%s: %d bundles for %d edges, want fewer but some", vpc, len(g.Bundles), len(g.Edges))
		}
		want, wantDOT := slices.Clone(g.Bundles), mustDOT(t, g)
		rng := rand.New(rand.NewPCG(3, 4))
		for range 3 {
			rng.Shuffle(len(g.Edges), func(i, j int) { g.Edges[i], g.Edges[j] = g.Edges[j], g.Edges[i] })
			g.Bundle()
			if diff := cmp.Diff(want, g.Bundles); diff != "" {
				t.Fatalf("%s: bundles changed with the order of the edges (-before +after):\n%s", vpc, diff)
			}
		}
		slices.SortFunc(g.Edges, func(a, b Edge) int { return strings.Compare(a.ID, b.ID) })
		if got := mustDOT(t, g); !bytes.Equal(got, wantDOT) {
			t.Errorf("%s: DOT changed after rebundling", vpc)
		}
		// Every edge is in exactly one bundle, which names it back.
		seen := map[string]string{}
		for _, b := range g.Bundles {
			for _, e := range b.Edges {
				if other, dup := seen[e]; dup {
					t.Errorf("%s: edge %s in %s and %s", vpc, e, other, b.ID)
				}
				seen[e] = b.ID
			}
		}
		for _, e := range g.Edges {
			if seen[e.ID] != e.Bundle || e.Bundle == "" {
				t.Errorf("%s: edge %s says bundle %q, is in %q", vpc, e.ID, e.Bundle, seen[e.ID])
			}
		}
	}
}

// TestBundle_OnlyMaps: other views have no bundles.
func TestBundle_OnlyMaps(t *testing.T) {
	s := mustLoad(t, "article")
	for _, v := range []View{Overview, Detail} {
		if g := mustBuild(t, s, s.VPCIDs()[0], Options{View: v}); len(g.Bundles) != 0 || slices.ContainsFunc(g.Edges, func(e Edge) bool { return e.Bundle != "" }) {
			t.Errorf("%s view has bundles", v)
		}
	}
}

// dotLine returns the DOT statement (two lines) of the edge with that id.
func dotLine(t *testing.T, dot, id string) string {
	t.Helper()
	i := strings.Index(dot, "[id="+quote(id)+" ")
	if i < 0 {
		t.Fatalf("no line %s in the DOT:\n%s", id, dot)
	}
	start := strings.LastIndex(dot[:i], "\n") + 1
	end := strings.Index(dot[i:], "]\n")
	return dot[start : i+end+1]
}

// TestBundle_Mermaid: a map's Mermaid has one arrow per line, both ways
// where it runs both ways.
func TestBundle_Mermaid(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMermaid(&buf, bundleMap()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n, both := strings.Count(out, "-->|"), strings.Count(out, " <-->|"); n != 2 || both != 1 {
		t.Errorf("%d arrows, %d both ways; want 2 and 1:\n%s", n, both, out)
	}
	if !strings.Contains(out, `<-->|"TCP 5432, 8080; UDP 53"|`) {
		t.Errorf("the api–db arrow lacks its label:\n%s", out)
	}
}

// TestBundle_SoleConnectionTooltip: a line whose one connection is the
// line itself says it in one tooltip line; a line whose connection is
// written otherwise (services in another order) still lists it.
func TestBundle_SoleConnectionTooltip(t *testing.T) {
	g := &Graph{View: Map, Groups: []Group{}, Nodes: []Node{
		{ID: "app:api", Kind: KindApp, Name: "api", Groups: []string{}, Chips: []string{}},
		{ID: "app:db", Kind: KindApp, Name: "db", Groups: []string{}, Chips: []string{}},
		{ID: "internet", Kind: KindInternet, Name: "Internet", Groups: []string{}, Chips: []string{}},
	}, Edges: []Edge{
		{ID: "e1", From: "app:api", To: "app:db", Kind: EdgeRule, Effective: IngressOnly, Label: "TCP 5432", Rules: []string{"sgr-1"}},
		{ID: "e4", From: "internet", To: "app:api", Kind: EdgeRule, Effective: EffectiveBoth, Label: "TCP 443, 80", Rules: []string{"sgr-4"}},
	}}
	g.Bundle()
	dot := string(mustDOT(t, g))
	if line := dotLine(t, dot, "bundle:app:api--app:db"); !strings.Contains(line, `tooltip="api → db: TCP 5432 (ingress-only)"`) {
		t.Errorf("line api–db should say its one connection in one tooltip line:\n%s", line)
	}
	if line := dotLine(t, dot, "bundle:app:api--internet"); !strings.Contains(line, `tooltip="Internet → api: TCP 80, 443\nInternet → api: TCP 443, 80 (both)"`) {
		t.Errorf("line Internet–api should list its connection:\n%s", line)
	}
}
