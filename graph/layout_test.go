package graph

import (
	"bytes"
	"fmt"
	"math"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// starGraph is a synthetic big VPC: n top-level groups, each with one
// instance, in chains of three (lb → app → db); the Internet reaches every
// lb; one hub group "sg-hub" (with one member) reaches every group.
func starGraph(n int) *Graph {
	g := &Graph{VPC: "vpc-1", View: Overview}
	addGroup := func(id string) {
		node := "i-" + id
		g.Groups = append(g.Groups, Group{ID: id, Name: "name-" + id, Members: []string{node}})
		g.Nodes = append(g.Nodes, Node{ID: node, Kind: "instance", Name: node, Count: 1, Groups: []string{id}, Cluster: id})
	}
	edge := func(from, to string) {
		g.Edges = append(g.Edges, Edge{ID: "edge:rule:" + from + "->" + to + ":both", From: from, To: to, Kind: EdgeRule, Label: "TCP 443", Effective: EffectiveBoth})
	}
	addGroup("sg-hub")
	g.Nodes = append(g.Nodes, Node{ID: "internet", Kind: KindInternet, Name: "Internet"})
	for i := range n {
		id := fmt.Sprintf("sg-%03d", i)
		addGroup(id)
		switch i % 3 {
		case 0:
			edge("internet", id)
		default:
			edge(fmt.Sprintf("sg-%03d", i-1), id)
		}
		edge("sg-hub", id)
	}
	return g
}

// dotEdge matches one DOT edge statement's ends and id.
var dotEdge = regexp.MustCompile(`(?m)^\t"([^"]+)" -> "([^"]+)" \[id="([^"]+)"`)

func TestWriteDOT_BigGraphLayout(t *testing.T) {
	g := starGraph(90)
	dot := string(mustDOT(t, g))
	if !bytes.Equal([]byte(dot), mustDOT(t, starGraph(90))) {
		t.Fatal("two writes of the same graph differ")
	}
	ends := map[string][2]string{}
	var layout []string
	for _, m := range dotEdge.FindAllStringSubmatch(dot, -1) {
		if _, dup := ends[m[3]]; dup {
			t.Errorf("edge id %s written twice", m[3])
		}
		ends[m[3]] = [2]string{m[1], m[2]}
		if strings.HasPrefix(m[3], "layout:") {
			layout = append(layout, m[3])
		}
	}
	for _, e := range g.Edges {
		if _, ok := ends[e.ID]; !ok {
			t.Errorf("graph edge %s missing from the DOT", e.ID)
		}
	}
	if len(ends) != len(g.Edges)+len(layout) {
		t.Errorf("DOT has %d edges, want the graph's %d plus %d layout edges", len(ends), len(g.Edges), len(layout))
	}
	// 30 chains of three and the hub: the components must be folded
	// into several rows, chained by invisible edges only.
	if len(layout) < 10 {
		t.Errorf("%d layout edges, want the 31 components chained into rows", len(layout))
	}
	for _, id := range layout {
		if !strings.Contains(dot, `[id="`+id+`" class="layout" style=invis`) {
			t.Errorf("layout edge %s is not an invisible edge of class layout", id)
		}
	}
	// The Internet is drawn once per chain: the first copy keeps its ID.
	internet := map[string]bool{}
	for _, e := range g.Edges {
		if e.From == "internet" {
			internet[ends[e.ID][0]] = true
		}
	}
	if len(internet) != 30 || !internet["internet"] || !internet["internet#2"] || !internet["internet#30"] {
		t.Errorf("Internet copies = %v, want internet, internet#2 … internet#30", slices.Sorted(mapKeys(internet)))
	}
	if !strings.Contains(dot, `"internet#2" [id="internet#2" class="node kind-internet replica"`) {
		t.Error("Internet replica not written as a node of class replica")
	}
	// The hub is drawn once as an enclosure; every edge from it starts at
	// a stub next to its target, so no edge spans the drawing.
	if !strings.Contains(dot, `subgraph "cluster_sg-hub"`) {
		t.Error("hub enclosure not drawn")
	}
	for _, e := range g.Edges {
		if e.From != "sg-hub" {
			continue
		}
		if tail := ends[e.ID][0]; !strings.HasPrefix(tail, "sg-hub#") {
			t.Errorf("edge %s starts at %s, want a stub of sg-hub", e.ID, tail)
		}
	}
	if !strings.Contains(dot, `class="node group-ref replica" label="↗ name-sg-hub"`) {
		t.Error("hub stub not labelled with the hub's name")
	}
	if strings.Contains(dot, "constraint=false") {
		t.Error("no edge should need constraint=false: every edge is inside one component")
	}
}

// TestWriteDOT_BigGraphNested is the star graph with every group nested
// in one baseline group: the baseline's inside is folded the same way,
// with the hub's stubs drawn inside it and the Internet copied per inner
// component.
func TestWriteDOT_BigGraphNested(t *testing.T) {
	g := starGraph(240)
	var all []string
	for i := range g.Groups {
		g.Groups[i].Parent = "sg-base"
		all = append(all, g.Groups[i].Members...)
	}
	for i := range g.Nodes {
		if g.Nodes[i].Kind == "instance" {
			g.Nodes[i].Groups = append([]string{"sg-base"}, g.Nodes[i].Groups...)
		}
	}
	g.Groups = append([]Group{{ID: "sg-base", Name: "baseline", Members: all}}, g.Groups...)
	dot := string(mustDOT(t, g))
	ends := map[string][2]string{}
	layout := 0
	for _, m := range dotEdge.FindAllStringSubmatch(dot, -1) {
		ends[m[3]] = [2]string{m[1], m[2]}
		if strings.HasPrefix(m[3], "layout:") {
			layout++
		}
	}
	// 80 chains of three, each about four ranks wide and two nodes tall,
	// fold into rows of two or three.
	if len(ends) != len(g.Edges)+layout || layout < 20 {
		t.Errorf("DOT has %d edges with %d layout edges, want the graph's %d plus at least 20", len(ends), layout, len(g.Edges))
	}
	internet := map[string]bool{}
	for _, e := range g.Edges {
		if _, ok := ends[e.ID]; !ok {
			t.Errorf("graph edge %s missing from the DOT", e.ID)
		}
		if e.From == "internet" {
			internet[ends[e.ID][0]] = true
		}
		if e.From == "sg-hub" && !strings.HasPrefix(ends[e.ID][0], "sg-hub#") {
			t.Errorf("edge %s starts at %s, want a stub of sg-hub", e.ID, ends[e.ID][0])
		}
	}
	if len(internet) != 80 {
		t.Errorf("%d Internet copies, want one per inner chain (80)", len(internet))
	}
	// Stubs are drawn inside the baseline's cluster (two tabs deep).
	if !strings.Contains(dot, "\n\t\t\"sg-hub#2\" [id=\"sg-hub#2\"") {
		t.Error("hub stub not drawn inside the baseline cluster")
	}
	if !strings.Contains(dot, "\n\t\"internet#2\" [id=") {
		t.Error("Internet copy not drawn at top level")
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestWriteDOT_SmallGraphPlainLayout(t *testing.T) {
	for _, name := range []string{"article", "antipattern"} {
		dot := string(mustDOT(t, mustBuild(t, mustLoad(t, name), "", Options{})))
		for _, s := range []string{"layout:", "replica", "constraint=false"} {
			if strings.Contains(dot, s) {
				t.Errorf("%s: small graph's DOT contains %q", name, s)
			}
		}
	}
	if g := starGraph(15); len(g.Edges) > maxLabelledEdges {
		t.Fatalf("starGraph(15) has %d edges: not small", len(g.Edges))
	} else if dot := string(mustDOT(t, g)); strings.Contains(dot, "layout:") {
		t.Error("a 16-group graph got the big-graph layout")
	}
}

func TestComponent(t *testing.T) {
	ug := &unitGraph{index: map[string]int{}, dot: map[string]string{}}
	for _, id := range []string{"a", "b", "c", "d", "x"} {
		span := 1
		if id == "c" {
			span = 3 // a cluster with a folded inside, three ranks wide
		}
		ug.add(id, "dot:"+id, 1, span)
	}
	ug.edge("a", "b")
	ug.edge("b", "c")
	ug.edge("c", "a") // a cycle: the back edge is ignored
	ug.edge("c", "d")
	ug.edge("a", "d")
	got := ug.component([]string{"a", "b", "c", "d"})
	want := component{first: "a", last: "d", ranks: 6, breadth: 1}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(component{})); diff != "" {
		t.Errorf("component (-want +got):\n%s", diff)
	}
	if got := ug.component([]string{"x"}); got.first != "x" || got.last != "x" || got.ranks != 1 {
		t.Errorf("single unit component = %+v", got)
	}
}

func TestFoldRows(t *testing.T) {
	var comps []component
	for range 100 {
		comps = append(comps, component{ranks: 3, breadth: 2})
	}
	rows, w, h := foldRows(comps, targetAspect)
	var seen []int
	for _, r := range rows {
		seen = append(seen, r...)
	}
	if !slices.Equal(seen, slices.Collect(func(yield func(int) bool) {
		for i := range 100 {
			if !yield(i) {
				return
			}
		}
	})) {
		t.Errorf("rows %v do not hold every component once, in order", rows)
	}
	if len(rows) < 5 || len(rows) > 40 {
		t.Errorf("100 equal components folded into %d rows", len(rows))
	}
	if a := w / h; a < targetAspect/1.5 || a > targetAspect*1.5 {
		t.Errorf("estimated aspect %.2f, want about %.1f", a, targetAspect)
	}
	// One very wide component gets a row of its own.
	comps = append([]component{{ranks: 200, breadth: 1}}, comps[:10]...)
	rows, _, _ = foldRows(comps, targetAspect)
	if len(rows[0]) != 1 {
		t.Errorf("first row %v, want the wide component alone", rows[0])
	}
	if rows, _, _ := foldRows(nil, targetAspect); rows != nil {
		t.Errorf("no components: rows %v", rows)
	}
}

// TestLargeOverviewLayout lays out the large demo's production overview
// with native dot and checks the drawing is readable in shape (aspect
// ratio within 1:3 either way) and complete (every graph edge once, no
// invisible layout edge drawn).
func TestLargeOverviewLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("large layout takes seconds: skipped with -short")
	}
	dotBin, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("no native dot on PATH")
	}
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	const vpc = "vpc-09dcec3ad077dec6c"
	if !slices.Contains(s.VPCIDs(), vpc) {
		t.Skipf("large demo has no VPC %s", vpc)
	}
	g := mustBuild(t, s, vpc, Options{View: Overview, SnapshotID: "demo-large"})
	src := mustDOT(t, g)
	if again := mustDOT(t, mustBuild(t, s, vpc, Options{View: Overview, SnapshotID: "demo-large"})); !bytes.Equal(src, again) {
		t.Fatal("two builds of the large overview give different DOT")
	}
	cmd := exec.CommandContext(t.Context(), dotBin, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	svg, err := cmd.Output()
	if err != nil {
		t.Fatalf("dot: %v\n%s", err, stderr.Bytes())
	}
	t.Logf("native dot: %v", time.Since(start))
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	var w, h float64
	if _, err := fmt.Sscanf(doc.ViewBox, "0.00 0.00 %g %g", &w, &h); err != nil || w <= 0 || h <= 0 {
		t.Fatalf("viewBox %q: %v", doc.ViewBox, err)
	}
	t.Logf("drawing %.0f x %.0f pt, aspect %.2f", w, h, w/h)
	if a := w / h; a < 1.0/3 || a > 3 {
		t.Errorf("drawing %.0f x %.0f pt: aspect %.2f, want within 1:3 either way", w, h, a)
	}
	if math.Max(w, h) > 40000 {
		t.Errorf("drawing %.0f x %.0f pt: longer side over 40,000 pt", w, h)
	}
	var want []string
	for _, e := range g.Edges {
		want = append(want, e.ID)
	}
	got := svgcheck.IDs(doc.Edges)
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edge ids (-graph +svg):\n%s", diff)
	}
	for _, n := range g.Nodes {
		if _, ok := doc.Node(n.ID); !ok {
			t.Errorf("node %s missing from the SVG", n.ID)
		}
	}
}

// TestWriteDOT_BigGraphHostile: in the big-graph layout too (copies and
// stubs carry names), no name escapes its string.
func TestWriteDOT_BigGraphHostile(t *testing.T) {
	g := starGraph(90)
	evil := []string{`"]; x -> y [label="`, `<b>&amp;</b>`, "\u202Egnp.exe", strings.Repeat("長", 10000), `\N\G \" 🔥`}
	for i := range g.Groups {
		g.Groups[i].Name = evil[i%len(evil)]
		g.Groups[i].Description = evil[(i+1)%len(evil)]
	}
	for i := range g.Nodes {
		g.Nodes[i].Name = evil[(i+2)%len(evil)]
	}
	dot := mustDOT(t, g)
	if !strings.Contains(string(dot), "replica") {
		t.Fatal("hostile star graph did not get the big-graph layout")
	}
	if got, want := shape(t, dot), shape(t, mustDOT(t, blandCopy(g))); got != want {
		t.Error("DOT structure depends on AWS strings")
	}
	if strings.Contains(string(dot), "\u202E") {
		t.Error("bidi override kept")
	}
}
