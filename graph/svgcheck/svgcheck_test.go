package svgcheck

import (
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParse_Nested(t *testing.T) {
	for _, file := range []string{"testdata/nested.svg", "testdata/nested.native.svg"} {
		t.Run(file, func(t *testing.T) {
			doc, err := Parse(mustRead(t, file))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != "G" {
				t.Errorf("Title = %q, want G", doc.Title)
			}
			if diff := cmp.Diff([]string{"sg-111", "sg-222"}, IDs(doc.Clusters)); diff != "" {
				t.Errorf("cluster ids (-want +got):\n%s", diff)
			}
			// The invisible anchor node and invisible edge are not drawn.
			if diff := cmp.Diff([]string{"i-1", "i-2", "internet"}, IDs(doc.Nodes)); diff != "" {
				t.Errorf("node ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"e3", "e1"}, IDs(doc.Edges)); diff != "" {
				t.Errorf("edge ids (-want +got):\n%s", diff)
			}
			outer, _ := doc.Cluster("sg-111")
			if outer.Title != "cluster_a" || !outer.HasClass("cluster") || !outer.HasClass("group") {
				t.Errorf("cluster sg-111 = title %q class %q, want cluster_a with classes cluster, group", outer.Title, outer.Class)
			}
			if diff := cmp.Diff([]string{`outer <b>& "q"`}, outer.Texts); diff != "" {
				t.Errorf("sg-111 texts (-want +got):\n%s", diff)
			}
			n1, _ := doc.Node("i-1")
			if diff := cmp.Diff([]string{"hi <script>"}, n1.Tooltips); diff != "" {
				t.Errorf("i-1 tooltips (-want +got):\n%s", diff)
			}
			e1, _ := doc.Edge("e1")
			if e1.Title != "inet->anc" || !slices.Equal(e1.Texts, []string{"TCP 443"}) {
				t.Errorf("edge e1 = title %q texts %q, want inet->anc [TCP 443]", e1.Title, e1.Texts)
			}
			if !doc.HasText("game-1") || doc.HasText("game") {
				t.Errorf("HasText: game-1 should be a whole text, game should not")
			}
		})
	}
}

func TestEnclosing(t *testing.T) {
	for _, file := range []string{"testdata/nested.svg", "testdata/nested.native.svg"} {
		doc, err := Parse(mustRead(t, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			node string
			want []string
		}{
			{"i-1", []string{"sg-111", "sg-222"}},
			{"i-2", []string{"sg-111"}},
			{"internet", nil},
			{"anchor:sg-222", nil}, // invisible: not drawn
			{"no-such-node", nil},
		} {
			if diff := cmp.Diff(tt.want, doc.Enclosing(tt.node)); diff != "" {
				t.Errorf("%s: Enclosing(%q) (-want +got):\n%s", file, tt.node, diff)
			}
		}
	}
}

func TestParse_Geometry(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
<g id="c" class="cluster"><polygon points="0,0 100,0 100,-50 0,-50 0,0"/></g>
<g id="e" class="node"><ellipse cx="10" cy="-20" rx="5" ry="4"/></g>
<g id="p" class="node"><text x="200" y="-10">plain</text></g>
<g id="r" class="node"><path d="M90,-40C95,-40 99,-45 99,-45"/></g>
</g></svg>`
	doc, err := Parse([]byte(svg))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Rect{
		"e": {Point{5, -24}, Point{15, -16}},
		"p": {Point{200, -10}, Point{200, -10}},
		"r": {Point{90, -45}, Point{99, -40}},
	}
	for id, box := range want {
		n, ok := doc.Node(id)
		if !ok || !n.HasBox || n.Box != box {
			t.Errorf("node %s box = %v (has %v), want %v", id, n.Box, n.HasBox, box)
		}
	}
	c, _ := doc.Cluster("c")
	if c.Box != (Rect{Point{0, -50}, Point{100, 0}}) {
		t.Errorf("cluster box = %v", c.Box)
	}
	if diff := cmp.Diff([]string{"c"}, doc.Enclosing("e")); diff != "" {
		t.Errorf("Enclosing(e) (-want +got):\n%s", diff)
	}
	if got := doc.Enclosing("p"); got != nil {
		t.Errorf("Enclosing(p) = %v, want none", got)
	}
}

func TestParse_Errors(t *testing.T) {
	for _, tt := range []struct{ name, svg string }{
		{"empty", ""},
		{"not xml", "digraph { a -> b }"},
		{"truncated", `<svg xmlns="http://www.w3.org/2000/svg"><g class="node"><polygon points="1,2`},
		{"no svg root", `<html></html>`},
		{"odd coordinates", `<svg><g id="n" class="node"><polygon points="1,2 3"/></g></svg>`},
		{"NaN", `<svg><g id="n" class="node"><ellipse cx="NaN" cy="1" rx="1" ry="1"/></g></svg>`},
		{"infinite", `<svg><g id="n" class="node"><polygon points="Inf,1"/></g></svg>`},
		{"bad number", `<svg><g id="n" class="node"><ellipse cx="x" cy="1" rx="1" ry="1"/></g></svg>`},
	} {
		if _, err := Parse([]byte(tt.svg)); err == nil {
			t.Errorf("Parse(%s) succeeded, want an error", tt.name)
		}
	}
}
