package diff

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/reach"
)

// visualArticle is the visual diff of the article change, its DOT and its
// SVG rendered by the embedded Graphviz.
func visualArticle(t *testing.T) (*Diff, *graph.Graph, []byte, []byte) {
	t.Helper()
	a, b := articleChanged(t)
	d := Compare(a, b, Options{})
	g, err := Visual(a, b, d, "vpc-0a1b2c3d4e5f60718", graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := graph.WriteDOT(&dot, g); err != nil {
		t.Fatal(err)
	}
	svg, err := render.NewWasm().SVG(context.Background(), dot.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SGMAP_VISUAL_OUT"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "article-diff.svg"), svg, 0o644)
	}
	return d, g, dot.Bytes(), svg
}

// TestVisual_Article checks the union graph of the article change: every
// group, node and edge has a change class, each rule change is behind an
// edge drawn as changed (added, removed or changed), and nothing else is.
func TestVisual_Article(t *testing.T) {
	d, g, _, _ := visualArticle(t)
	if g.DiffFrom != "demo-article" || g.Snapshot != "article-changed" {
		t.Errorf("diff_from %q, snapshot %q", g.DiffFrom, g.Snapshot)
	}
	valid := []string{graph.ChangeAdded, graph.ChangeRemoved, graph.ChangeChanged, graph.ChangeUnchanged}
	for _, gr := range g.Groups {
		if !slices.Contains(valid, gr.Change) {
			t.Errorf("group %s: change %q", gr.ID, gr.Change)
		}
	}
	for _, n := range g.Nodes {
		if !slices.Contains(valid, n.Change) {
			t.Errorf("node %s: change %q", n.ID, n.Change)
		}
	}
	ruleEdges := map[string][]graph.Edge{}
	for _, e := range g.Edges {
		if !slices.Contains(valid, e.Change) {
			t.Errorf("edge %s: change %q", e.ID, e.Change)
		}
		for _, r := range e.Rules {
			ruleEdges[r] = append(ruleEdges[r], e)
		}
	}
	changedRules := map[string]bool{}
	for _, v := range d.VPCs {
		for _, rc := range v.Rules {
			for _, r := range []*sgmap.Rule{rc.Old, rc.New} {
				if r == nil {
					continue
				}
				id := reach.RuleID(rc.GroupID, *r)
				changedRules[id] = true
				if !slices.ContainsFunc(ruleEdges[id], func(e graph.Edge) bool { return e.Change != graph.ChangeUnchanged }) {
					t.Errorf("rule change %s %s: no edge drawn as a change (edges %v)", rc.Change, id, ruleEdges[id])
				}
			}
		}
	}
	if len(changedRules) != 2 {
		t.Fatalf("want the article's two rule changes, got %v", changedRules)
	}
	// An edge is a change only when a changed rule is behind it or behind
	// another edge between the same ends (removing an ingress rule turns
	// the matching egress rule's flow from both into egress-only).
	pairs := map[[2]string]bool{}
	for _, e := range g.Edges {
		if slices.ContainsFunc(e.Rules, func(r string) bool { return changedRules[r] }) {
			pairs[[2]string{e.From, e.To}] = true
		}
	}
	for _, e := range g.Edges {
		if e.Change != graph.ChangeUnchanged && !pairs[[2]string{e.From, e.To}] {
			t.Errorf("edge %s is %s but no changed rule is behind it or its pair (rules %v)", e.ID, e.Change, e.Rules)
		}
	}
}

// TestVisual_ArticleSVG checks the rendered visual diff: every group,
// node and edge carries its change class, the counts per class are the
// graph's, removed edges are dashed, the changed edge shows its old and
// new label, and the legend explains the colours.
func TestVisual_ArticleSVG(t *testing.T) {
	_, g, dot, svg := visualArticle(t)
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Fatal(err)
	}
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, gr := range g.Groups {
		want["cluster "+gr.Change]++
	}
	for _, n := range g.Nodes {
		want["node "+n.Change]++
	}
	for _, e := range g.Edges {
		want["edge "+e.Change]++
	}
	got := map[string]int{}
	count := func(kind string, es []svgcheck.Element) {
		for _, e := range es {
			for _, c := range []string{graph.ChangeAdded, graph.ChangeRemoved, graph.ChangeChanged, graph.ChangeUnchanged} {
				if e.HasClass(c) {
					got[kind+" "+c]++
				}
			}
		}
	}
	count("cluster", doc.Clusters)
	count("node", doc.Nodes)
	count("edge", doc.Edges)
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d in the SVG, %d in the graph", k, got[k], n)
		}
	}
	if want["edge removed"] == 0 || want["edge added"]+want["edge changed"] == 0 {
		t.Errorf("the article change should remove an edge and add or change one: %v", want)
	}
	dashed := dashedEdges(t, svg)
	for _, e := range g.Edges {
		if e.Change == graph.ChangeRemoved && !dashed[e.ID] {
			t.Errorf("removed edge %s is not dashed", e.ID)
		}
		if e.Change == graph.ChangeChanged && e.OldLabel != "" {
			el, ok := doc.Edge(e.ID)
			if !ok || !slices.ContainsFunc(el.Texts, func(s string) bool { return strings.HasPrefix(s, e.OldLabel+" → "+e.Label) }) {
				t.Errorf("changed edge %s: texts %v, want %q", e.ID, el.Texts, e.OldLabel+" → "+e.Label)
			}
		}
	}
	for _, s := range []string{"added", "removed (dashed)", "unchanged"} {
		if !doc.HasText(s) {
			t.Errorf("legend lacks %q", s)
		}
	}
	// Deterministic: the same diff gives the same DOT.
	_, _, dot2, _ := visualArticle(t)
	if !bytes.Equal(dot, dot2) {
		t.Error("two builds of the visual diff differ")
	}
}

// dashedEdges returns the ids of the SVG's edge groups whose line has a
// stroke-dasharray.
func dashedEdges(t *testing.T, svg []byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var stack []string // id of each open <g class="edge …">, else ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			id := ""
			if el.Name.Local == "g" && strings.HasPrefix(attrOf(el, "class"), "edge") {
				id = attrOf(el, "id")
			}
			stack = append(stack, id)
			if el.Name.Local == "path" && attrOf(el, "stroke-dasharray") != "" {
				for _, s := range slices.Backward(stack) {
					if s != "" {
						out[s] = true
						break
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

func attrOf(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestVisual_Golden pins the graph JSON and the DOT of the article's
// visual diff (testdata/article-diff.graph.json and .dot; -update
// rewrites them: look at the diff before committing).
func TestVisual_Golden(t *testing.T) {
	_, g, dot, _ := visualArticle(t)
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"article-diff.graph.json": js.Bytes(), "article-diff.dot": dot} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./diff -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file:\n%s", path, got)
		}
	}
}

// TestGraph_Classes checks each change class of [Graph] on small graphs:
// a rename, a relabelled edge, a removed group with its removed member
// (drawn where it was, or at top level when its place is gone), and an
// application box whose group a change touched.
func TestGraph_Classes(t *testing.T) {
	a := &graph.Graph{Snapshot: "old",
		Groups: []graph.Group{
			{ID: "sg-1", Name: "web", Members: []string{"i-1"}},
			{ID: "sg-2", Name: "db", Members: []string{"i-2"}},
			{ID: "sg-3", Name: "gone", Parent: "sg-9", Members: []string{"i-3"}},
		},
		Nodes: []graph.Node{
			{ID: "i-1", Kind: "instance", Groups: []string{"sg-1"}, Cluster: "sg-1"},
			{ID: "i-2", Kind: "instance", Groups: []string{"sg-2"}, Cluster: "sg-2"},
			{ID: "i-3", Kind: "instance", Groups: []string{"sg-3"}, Cluster: "sg-3"},
			{ID: "app:shop", Kind: graph.KindApp, Groups: []string{"sg-1"}},
		},
		Edges: []graph.Edge{
			{ID: "e1", From: "sg-1", To: "sg-2", Label: "TCP 5432"},
			{ID: "e2", From: "sg-3", To: "sg-2", Label: "TCP 22"},
		},
	}
	b := &graph.Graph{Snapshot: "new",
		Groups: []graph.Group{
			{ID: "sg-1", Name: "web", Members: []string{"i-1"}},
			{ID: "sg-2", Name: "database", Members: []string{"i-2"}},
		},
		Nodes: []graph.Node{
			{ID: "i-1", Kind: "instance", Groups: []string{"sg-1"}, Cluster: "sg-1"},
			{ID: "i-2", Kind: "instance", Groups: []string{"sg-2"}, Cluster: "sg-2"},
			{ID: "app:shop", Kind: graph.KindApp, Groups: []string{"sg-1"}},
		},
		Edges: []graph.Edge{
			{ID: "e1", From: "sg-1", To: "sg-2", Label: "TCP 5432, 6432"},
			{ID: "e3", From: "sg-1", To: "sg-1", Label: "All traffic"},
		},
	}
	u := Graph(a, b, map[string]bool{"sg-1": true})
	changes := map[string]string{}
	for _, g := range u.Groups {
		changes[g.ID] = g.Change
	}
	for _, n := range u.Nodes {
		changes[n.ID] = n.Change
	}
	for _, e := range u.Edges {
		changes[e.ID] = e.Change
	}
	want := map[string]string{
		"sg-1": "unchanged", "sg-2": "changed", "sg-3": "removed",
		"i-1": "unchanged", "i-2": "unchanged", "i-3": "removed", "app:shop": "changed",
		"e1": "changed", "e2": "removed", "e3": "added",
	}
	for id, c := range want {
		if changes[id] != c {
			t.Errorf("%s: change %q, want %q", id, changes[id], c)
		}
	}
	if len(changes) != len(want) {
		t.Errorf("union has %v, want %v", changes, want)
	}
	for _, g := range u.Groups {
		switch g.ID {
		case "sg-2":
			if g.OldName != "db" {
				t.Errorf("renamed group: old name %q", g.OldName)
			}
		case "sg-3":
			if g.Parent != "" || !slices.Equal(g.Members, []string{"i-3"}) {
				t.Errorf("removed group: parent %q (its parent is gone), members %v", g.Parent, g.Members)
			}
		}
	}
	for _, e := range u.Edges {
		if e.ID == "e1" && e.OldLabel != "TCP 5432" {
			t.Errorf("changed edge: old label %q", e.OldLabel)
		}
	}
	if len(b.Groups) != 2 || b.Groups[1].Change != "" || b.Edges[0].Change != "" {
		t.Error("Graph modified its newer graph")
	}
	if u.DiffFrom != "old" || u.Snapshot != "new" {
		t.Errorf("diff_from %q snapshot %q", u.DiffFrom, u.Snapshot)
	}
}

// TestVisual_LargeMap: a big VPC's visual diff opens at the map level,
// and exactly the applications that hold a group with a changed rule are
// drawn as changed (or added/removed edges meet them).
func TestVisual_LargeMap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the large demo's map twice")
	}
	a, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	c := clone(t, a)
	c.ID = "large-changed"
	// Move one port in one group of the first VPC.
	vpc := a.VPCIDs()[0]
	var gid string
	for i := range c.Groups {
		g := &c.Groups[i]
		if g.VPCID != vpc || gid != "" {
			continue
		}
		for j := range g.Rules {
			if g.Rules[j].Protocol == sgmap.ProtoTCP && g.Rules[j].Direction == sgmap.Ingress {
				g.Rules[j].FromPort, g.Rules[j].ToPort = 4444, 4444
				gid = g.ID
				break
			}
		}
	}
	d := Compare(a, c, Options{NoFindings: true})
	if d.Summary().Rules != 1 {
		t.Fatalf("%d rule changes, want 1", d.Summary().Rules)
	}
	g, err := Visual(a, c, d, vpc, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g.View != graph.Map {
		t.Fatalf("view %s, want the map", g.View)
	}
	var changed []string
	for _, n := range g.Nodes {
		if n.Kind == graph.KindApp && n.Change == graph.ChangeChanged {
			changed = append(changed, n.ID)
			if !slices.Contains(n.Groups, gid) {
				t.Errorf("app %s is changed but does not hold %s", n.ID, gid)
			}
		}
	}
	if len(changed) != 1 {
		t.Errorf("changed apps %v, want the one holding %s", changed, gid)
	}
}
