package render_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// snapshotCase is one snapshot to draw end to end.
type snapshotCase struct {
	name string
	snap *sgmap.Snapshot
}

func mustSnapshots(t *testing.T) []snapshotCase {
	t.Helper()
	var out []snapshotCase
	for _, name := range []string{"article", "antipattern"} {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, snapshotCase{"demo-" + name, s})
	}
	// The graph package's hand-made edge cases (partial overlap,
	// self-reference, 0.0.0.0/0, …) are the best end-to-end inputs there
	// are, so this test reads them where they live.
	files, err := filepath.Glob("../testdata/*.snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Log("no ../testdata/*.snapshot.json: checking the demos only")
	}
	for _, f := range files {
		s, err := sgmap.LoadSnapshotFile(f)
		if err != nil {
			t.Fatalf("load %s: %v", f, err)
		}
		out = append(out, snapshotCase{filepath.Base(f), s})
	}
	return out
}

func mustDOT(t testing.TB, g *graph.Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := graph.WriteDOT(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRender_Snapshots draws every VPC of every test snapshot in several
// views and checks the picture against the Graph it came from; then draws
// it again from the snapshot and wants the same bytes.
func TestRender_Snapshots(t *testing.T) {
	r := &render.Wasm{}
	native, err := render.LookExec()
	if err != nil {
		t.Logf("not checking native dot: %v", err)
		native = nil
	}
	for _, sc := range mustSnapshots(t) {
		for _, vpc := range sc.snap.VPCIDs() {
			for _, opt := range mustViews(t, sc, vpc) {
				name := fmt.Sprintf("%s/%s/%s", sc.name, vpc, opt.View)
				if opt.Egress {
					name += "+egress"
				}
				if opt.Focus != "" {
					name += "+focus=" + opt.Focus
				}
				if opt.App != "" {
					name += "+app=" + opt.App
				}
				t.Run(name, func(t *testing.T) {
					g, svg := mustRenderSnapshot(t, r, sc.snap, vpc, opt)
					checkPicture(t, g, svg)
					_, again := mustRenderSnapshot(t, r, sc.snap, vpc, opt)
					if !bytes.Equal(svg, again) {
						t.Errorf("same snapshot and view drawn twice gave different SVG (%d vs %d bytes)", len(svg), len(again))
					}
					if native == nil {
						return
					}
					// Debian's dot 2.43 loses edges on some graphs that
					// Graphviz 12 draws; Exec then errors, which is its
					// contract. When it does draw, the picture must be right.
					nsvg, err := native.SVG(t.Context(), mustDOT(t, g))
					if err != nil {
						t.Logf("native dot: %v", err)
						return
					}
					checkPicture(t, g, nsvg)
				})
			}
		}
	}
}

// mustViews returns the views to draw of one VPC: overview, detail,
// overview with default egress, and a focus on its first group.
func mustViews(t *testing.T, sc snapshotCase, vpc string) []graph.Options {
	t.Helper()
	opts := []graph.Options{
		{View: graph.Overview, SnapshotID: sc.name},
		{View: graph.Detail, SnapshotID: sc.name},
		{View: graph.Overview, Egress: true, SnapshotID: sc.name},
		{View: graph.Map, SnapshotID: sc.name},
	}
	if apps, err := graph.Applications(sc.snap, vpc, ""); err == nil && len(apps) > 0 {
		opts = append(opts, graph.Options{View: graph.Overview, App: apps[0].Name, SnapshotID: sc.name})
	}
	g, err := graph.Build(sc.snap, vpc, opts[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, gr := range g.Groups {
		if !gr.Missing {
			opts = append(opts, graph.Options{View: graph.Overview, Focus: gr.ID, SnapshotID: sc.name})
			break
		}
	}
	return opts
}

// mustRenderSnapshot runs the whole pipeline: Build, WriteDOT, render.
func mustRenderSnapshot(t *testing.T, r render.Renderer, s *sgmap.Snapshot, vpc string, opt graph.Options) (*graph.Graph, []byte) {
	t.Helper()
	g, err := graph.Build(s, vpc, opt)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := r.SVG(t.Context(), mustDOT(t, g))
	if err != nil {
		t.Fatal(err)
	}
	return g, svg
}

// checkPicture checks svg against g: safe to embed, every group or region
// drawn, every node inside exactly its groups, every edge drawn.
func checkPicture(t *testing.T, g *graph.Graph, svg []byte) {
	t.Helper()
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Error(err)
	}
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	// A cluster is a group, or a region standing for several groups.
	clusterGroups := map[string][]string{}
	for _, gr := range g.Groups {
		// A shared group is drawn as chips and a node, the map's groups
		// inside their application's box: neither as a cluster.
		if len(gr.Regions) == 0 && !gr.Shared && g.View != graph.Map {
			clusterGroups[gr.ID] = []string{gr.ID}
		}
	}
	for _, r := range g.Regions {
		clusterGroups[r.ID] = r.Groups
	}
	for id := range clusterGroups {
		if _, ok := doc.Cluster(id); !ok {
			t.Errorf("group or region %s has no cluster in the SVG", id)
		}
	}
	// Short one-line names must come out literally, as text: markup,
	// entities, quotes and DOT syntax included.
	for _, gr := range g.Groups {
		c, ok := doc.Cluster(gr.ID)
		if !ok || gr.Name == "" || utf8.RuneCountInString(gr.Name) > 40 || strings.ContainsFunc(gr.Name, unprintable) {
			continue
		}
		if !slices.ContainsFunc(c.Texts, func(s string) bool { return strings.Contains(s, gr.Name) }) {
			t.Errorf("group %s: name %q not shown literally; cluster texts %q", gr.ID, gr.Name, c.Texts)
		}
	}
	for _, n := range g.Nodes {
		if n.Kind == "anchor" || n.ID == "legend" || len(n.ID) > 7 && n.ID[:7] == "anchor:" {
			continue
		}
		if _, ok := doc.Node(n.ID); !ok {
			t.Errorf("node %s (%s) missing from the SVG", n.ID, n.Name)
			continue
		}
		// Enclosing clusters plus chips are a node's groups; an
		// application's box or a shared group's node has chips only.
		el, _ := doc.Node(n.ID)
		chips := chipClasses(el)
		if diff := cmp.Diff(n.Chips, chips, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("node %s (%s): chips (-graph +svg):\n%s", n.ID, n.Name, diff)
		}
		got := enclosingGroups(t, doc, clusterGroups, n.ID)
		got = append(got, chips...)
		slices.Sort(got)
		got = slices.Compact(got)
		if len(got) == 0 {
			got = nil
		}
		want := slices.Clone(n.Groups)
		if n.Kind == graph.KindApp || n.Kind == graph.KindSharedGroup {
			want = slices.Clone(n.Chips)
		}
		slices.Sort(want)
		if len(want) == 0 {
			want = nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("node %s (%s): groups enclosing it in the picture (-graph +svg):\n%s", n.ID, n.Name, diff)
		}
	}
	// Copies of a peer drawn once per component it touches (class
	// "replica", id "<node>#<n>") must sit in the same enclosures as the
	// node itself: a copy inside a group would claim a membership.
	byID := map[string]graph.Node{}
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}
	for _, el := range doc.Nodes {
		if !el.HasClass("replica") || el.HasClass("group-ref") {
			continue
		}
		orig, _, _ := strings.Cut(el.ID, "#")
		n, ok := byID[orig]
		if !ok {
			t.Errorf("replica %s copies no node of the graph", el.ID)
			continue
		}
		if diff := cmp.Diff(n.Groups, enclosingGroups(t, doc, clusterGroups, el.ID), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("replica %s of %s (%s): enclosing groups (-graph +svg):\n%s", el.ID, n.ID, n.Name, diff)
		}
	}
	// A map draws one line per bundle, under the bundle's ID.
	var wantEdges []string
	for _, e := range g.Edges {
		wantEdges = append(wantEdges, e.ID)
	}
	if g.View == graph.Map {
		wantEdges = nil
		for _, b := range g.Bundles {
			wantEdges = append(wantEdges, b.ID)
		}
	}
	gotEdges := svgcheck.IDs(doc.Edges)
	slices.Sort(wantEdges)
	slices.Sort(gotEdges)
	if diff := cmp.Diff(wantEdges, gotEdges, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("edge ids (-graph +svg):\n%s", diff)
	}
}

// chipClasses returns the sorted shared-group IDs of el's "chip-<sg>"
// classes.
func chipClasses(el svgcheck.Element) []string {
	var out []string
	for _, c := range strings.Fields(el.Class) {
		if id, ok := strings.CutPrefix(c, "chip-"); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// enclosingGroups returns the sorted group IDs of the clusters drawn around
// node id, regions counting as all their groups; nil for none.
func enclosingGroups(t *testing.T, doc *svgcheck.Doc, clusterGroups map[string][]string, id string) []string {
	t.Helper()
	var got []string
	for _, c := range doc.Enclosing(id) {
		gs, ok := clusterGroups[c]
		if !ok {
			t.Errorf("node %s is inside cluster %q, which is no group or region of the graph", id, c)
		}
		got = append(got, gs...)
	}
	slices.Sort(got)
	return slices.Compact(got)
}

// unprintable reports runes the DOT writer may drop or replace rather than
// draw: controls, format characters (bidi overrides), backslashes (DOT
// escapes) and layout whitespace.
func unprintable(r rune) bool {
	return r == '\\' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) && r != ' '
}

// largestVPC returns the VPC of s with the most groups.
func largestVPC(s *sgmap.Snapshot) string {
	x := sgmap.NewIndex(s)
	best, most := "", -1
	for _, v := range s.VPCIDs() {
		if n := len(x.GroupsInVPC(v)); n > most {
			best, most = v, n
		}
	}
	return best
}

// TestRender_LargeOverview draws the overview of the large demo's largest
// VPC, when the demo is big enough to be the scale test it is meant to be.
// Its layout takes several seconds (tens under -race or on a loaded
// machine), so it is skipped with -short and -race unless
// SGMAP_TEST_LARGE=1.
func TestRender_LargeOverview(t *testing.T) {
	if os.Getenv("SGMAP_TEST_LARGE") != "1" && (testing.Short() || raceEnabled) {
		t.Skip("large demo layout is slow: skipped with -short and -race unless SGMAP_TEST_LARGE=1")
	}
	g := mustLargeOverview(t)
	svg, err := (&render.Wasm{}).SVG(t.Context(), mustDOT(t, g))
	if err != nil {
		t.Fatal(err)
	}
	checkPicture(t, g, svg)
}

// mustLargeOverview builds the overview of the large demo's largest VPC,
// skipping when the demo is still trivial.
func mustLargeOverview(tb testing.TB) *graph.Graph {
	tb.Helper()
	s, err := demo.Get("large")
	if err != nil {
		tb.Fatal(err)
	}
	if len(s.Groups) < 100 {
		tb.Skipf("large demo has %d groups: not built out yet", len(s.Groups))
	}
	g, err := graph.Build(s, largestVPC(s), graph.Options{View: graph.Overview, SnapshotID: "demo-large"})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}
