package server

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph/svgcheck"
)

// TestInlineSVG checks the page's form of a rendered diagram: every id
// namespaced, no comment or <title>, and otherwise the same drawing (the
// same elements, texts and tooltips, by svgcheck).
func TestInlineSVG(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	svg := do(t, s, "GET", articleBase+"/diagram.svg", nil).Body.Bytes()
	in := InlineSVG(svg)
	if !strings.HasPrefix(string(in), "<svg") || strings.Contains(string(in), "<!--") || strings.Contains(string(in), "<title>") {
		t.Errorf("inline SVG keeps a prolog, a comment or a <title>: %.200s", in)
	}
	ids := regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(string(in), -1)
	if len(ids) < 10 {
		t.Fatalf("inline SVG has %d ids", len(ids))
	}
	for _, m := range ids {
		if !strings.HasPrefix(m[1], SVGIDPrefix) {
			t.Errorf("id %q is not namespaced", m[1])
		}
	}
	a, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := svgcheck.Parse(in)
	if err != nil {
		t.Fatalf("inline SVG does not parse: %v", err)
	}
	if err := svgcheck.CheckSafe(in); err != nil {
		t.Errorf("inline SVG is not safe: %v", err)
	}
	for _, kind := range []struct {
		name string
		a, b []svgcheck.Element
	}{{"clusters", a.Clusters, b.Clusters}, {"nodes", a.Nodes, b.Nodes}, {"edges", a.Edges, b.Edges}} {
		want := svgcheck.IDs(kind.a)
		for i := range want {
			want[i] = SVGIDPrefix + want[i]
		}
		if got := svgcheck.IDs(kind.b); !slices.Equal(got, want) {
			t.Errorf("%s: inline ids %q, want %q", kind.name, got, want)
		}
	}
	if !slices.Equal(a.Texts, b.Texts) {
		t.Errorf("inline texts differ: %q vs %q", b.Texts, a.Texts)
	}
}
