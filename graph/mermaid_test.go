package graph

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// parseMermaid reads WriteMermaid's output back: subgraph id → label and
// parent subgraph, and the edges as "from -label-> to".
func parseMermaid(t *testing.T, out string) (subs map[string][2]string, edges []string) {
	t.Helper()
	subs = map[string][2]string{}
	var stack []string
	sub := regexp.MustCompile(`^subgraph (g\d+)\["([^"]*)"\]$`)
	edge := regexp.MustCompile(`^(\w+) -->\|"([^"]*)"\| (\w+)$`)
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case sub.MatchString(line):
			m := sub.FindStringSubmatch(line)
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			subs[m[1]] = [2]string{m[2], parent}
			stack = append(stack, m[1])
		case line == "end":
			stack = stack[:len(stack)-1]
		case edge.MatchString(line):
			m := edge.FindStringSubmatch(line)
			edges = append(edges, m[1]+" -"+m[2]+"-> "+m[3])
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed subgraphs %v", stack)
	}
	return subs, edges
}

func TestMermaid_GroupsAndEdges(t *testing.T) {
	for _, name := range []string{"article", "overlap", "hostile"} {
		s := mustLoad(t, name)
		g := mustBuild(t, s, s.VPCs[0].ID, Options{View: Detail})
		var b bytes.Buffer
		if err := WriteMermaid(&b, g); err != nil {
			t.Fatal(err)
		}
		subs, edges := parseMermaid(t, b.String())
		if len(subs) != len(g.Groups) {
			t.Errorf("%s: %d subgraphs, want %d groups", name, len(subs), len(g.Groups))
		}
		ids := map[string]string{}
		for i, gr := range g.Groups {
			ids[gr.ID] = "g" + strconv.Itoa(i)
			if got := subs[ids[gr.ID]][0]; got != mermaidText(gr.Name) {
				t.Errorf("%s: subgraph %s label %q, want %q", name, ids[gr.ID], got, gr.Name)
			}
		}
		for i, n := range g.Nodes {
			ids[n.ID] = "n" + strconv.Itoa(i)
		}
		for _, gr := range g.Groups {
			if gid := ids[gr.Parent]; strings.HasPrefix(gid, "g") && subs[ids[gr.ID]][1] != gid {
				t.Errorf("%s: %s is not nested in %s", name, gr.ID, gr.Parent)
			}
		}
		var want []string
		for _, e := range g.Edges {
			want = append(want, ids[e.From]+" -"+mermaidText(e.Label)+"-> "+ids[e.To])
		}
		slices.Sort(want)
		slices.Sort(edges)
		if !slices.Equal(edges, want) {
			t.Errorf("%s: edges\n%v\nwant\n%v", name, edges, want)
		}
		if strings.Contains(strings.ReplaceAll(b.String(), "<br>", ""), "<") {
			t.Errorf("%s: unescaped markup in labels", name)
		}
		if name == "article" {
			golden(t, "article-detail.mmd", b.Bytes())
		}
	}
}
