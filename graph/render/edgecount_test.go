package render

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph/svgcheck"
)

// TestCountEdgeGroups_MatchesXMLParse: the byte scan counts what the XML
// parse counts on real Graphviz output, including DOT that tries to look
// like an edge (a node of class "edge", tags inside labels and tooltips).
func TestCountEdgeGroups_MatchesXMLParse(t *testing.T) {
	tricky := []byte(`digraph { node [shape=box];
		a [class="edge" label="<g class=\"edge\">" tooltip="<g id=\"x\" class=\"edge\">"];
		b [class="edgy"]; c;
		a -> b [class="edge extra" xlabel="<g class=\"edge\">"];
		b -> c [id="e2" tooltip="class=\"edge\" >"];
		a -> c [style=invis];
		subgraph cluster_edge { class="edge"; d }
	}`)
	cases := map[string][]byte{
		"tricky":    tricky,
		"nested":    mustReadFile(t, "testdata/nested.dot"),
		"clustered": clusteredDOT(6, 3, 20),
	}
	for name, dot := range cases {
		svg, err := (&Wasm{}).SVG(t.Context(), dot)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		doc, err := svgcheck.Parse(svg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := countEdgeGroups(svg)
		if err != nil || got != len(doc.Edges) || got == 0 {
			t.Errorf("%s: countEdgeGroups = %d, %v; the XML parse finds %d edges", name, got, err, len(doc.Edges))
		}
	}
}

func TestCountEdgeGroups_Refuses(t *testing.T) {
	for name, svg := range map[string]string{
		"truncated":  `<svg><g id="e" class="edge"><path d="M0,0"/></g>`,
		"open tag":   `<svg><g id="e" class="edge"`,
		"empty":      ``,
		"not closed": `<svg><g id="e" class="edge"></g></sv`,
	} {
		if n, err := countEdgeGroups([]byte(svg)); err == nil {
			t.Errorf("%s: counted %d edges, want an error", name, n)
		}
	}
	n, err := countEdgeGroups([]byte(`<svg><g id="a" class="edge"></g><g class="edges"></g><g class="node edge"></g><g id="b" class="edge x"></g></svg>`))
	if err != nil || n != 2 {
		t.Errorf("count = %d, %v; want 2", n, err)
	}
	if err := checkEdges([]byte(`<svg><g id="a" class="edge"></g></svg>`), 2); err == nil || !strings.Contains(err.Error(), "drew 1 of the 2 edges") {
		t.Errorf("checkEdges: %v, want it to name 1 of 2", err)
	}
}
