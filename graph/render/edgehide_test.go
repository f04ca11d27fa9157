package render

import (
	"testing"

	"github.com/goccy/go-graphviz"
)

// TestMayHideEdges checks the shortcut that skips reading every edge's
// style: on each DOT, the counts it gives must equal the walk's, and every
// way DOT has of spelling an invisible style must take the walk.
func TestMayHideEdges(t *testing.T) {
	cases := []struct {
		name    string
		dot     string
		hide    bool // what mayHideEdges must say
		visible int  // edges Graphviz draws
	}{
		{"plain", `digraph { a -> b [label="+3 more"]; b -> c [tooltip="x + y"] }`, false, 2},
		{"plus before a letter", `digraph { a -> b [label="a" style=bold]; c [label="in: 22 +10 more"] }`, false, 1},
		{"invis", `digraph { a -> b [style=invis]; b -> c }`, true, 1},
		{"invis in a list", `digraph { a -> b [style="dashed, invis"]; b -> c }`, true, 1},
		{"invis by default", `digraph { edge [style=invis]; a -> b; b -> c [style=solid] }`, true, 1},
		{"invis as HTML", `digraph { a -> b [style=<invis>]; b -> c }`, true, 1},
		{"concatenated", `digraph { a -> b [style="in" + "vis"]; b -> c }`, true, 1},
		{"concatenated over lines", "digraph { a -> b [style=\"in\" +\n\t\"vis\"]; b -> c }", true, 1},
		{"concatenated after a comment", "digraph { a -> b [style=\"in\" + /* c */ \"vis\"]; b -> c }", true, 1},
		{"continued line", "digraph { a -> b [style=\"in\\\nvis\"]; b -> c }", true, 1},
		// Graphviz joins only backslash-newline; the shortcut walks here too.
		{"backslash before CRLF", "digraph { a -> b [style=\"in\\\r\nvis\"]; b -> c }", true, 2},
		{"the word elsewhere", `digraph { a [label="invisible"]; a -> b }`, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dot := []byte(tc.dot)
			if got := mayHideEdges(dot); got != tc.hide {
				t.Errorf("mayHideEdges = %v, want %v", got, tc.hide)
			}
			g, err := graphviz.ParseBytes(dot)
			if err != nil || g == nil {
				t.Fatalf("parse: %v", err)
			}
			defer g.Close()
			walked, err := countGraph(g, true)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := countGraph(g, mayHideEdges(dot))
			if err != nil {
				t.Fatal(err)
			}
			if walked != fast || walked.VisibleEdges != tc.visible {
				t.Errorf("counts walked %+v, with the shortcut %+v; want %d visible", walked, fast, tc.visible)
			}
			if _, err := (&Wasm{}).SVG(t.Context(), dot); err != nil {
				t.Errorf("SVG: %v", err)
			}
		})
	}
}
