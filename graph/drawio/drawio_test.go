package drawio_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
)

var update = flag.Bool("update", false, "rewrite the golden .drawio files")

// viewCase is one view of one snapshot to check.
type viewCase struct {
	name string
	snap *sgmap.Snapshot
	vpc  string
	opt  graph.Options
}

func mustDemo(t testing.TB, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := demo.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustFile(t *testing.T, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := sgmap.LoadSnapshotFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// cases are both article demos (overview and detail; the article's map
// too), and the partial-overlap and hostile edge cases, every VPC.
func cases(t *testing.T) []viewCase {
	var out []viewCase
	add := func(name string, s *sgmap.Snapshot, views ...graph.View) {
		for _, vpc := range s.VPCIDs() {
			for _, v := range views {
				out = append(out, viewCase{fmt.Sprintf("%s/%s/%s", name, vpc, v), s, vpc, graph.Options{View: v, SnapshotID: s.ID}})
			}
		}
	}
	add("article", mustDemo(t, "article"), graph.Overview, graph.Detail, graph.Map)
	add("antipattern", mustDemo(t, "antipattern"), graph.Overview, graph.Detail)
	add("overlap", mustFile(t, "overlap.snapshot.json"), graph.Detail)
	add("hostile", mustFile(t, "hostile.snapshot.json"), graph.Detail)
	return out
}

// TestWrite_Containment parses the file as draw.io would and checks that
// what contains what is the graph JSON's: every group a container inside
// its parent's, every region inside its parent, every node inside the
// cluster it is drawn in, every member of a group inside that group's
// container (or one of its regions), and each child's box inside its
// container's.
func TestWrite_Containment(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			d := mustDraw(t, c.snap, c.vpc, c.opt)
			ix := indexCells(parseDrawio(t, d.drawio))
			checkContainment(t, d.g, ix)
			checkGeometry(t, ix)
		})
	}
}

func checkContainment(t *testing.T, g *graph.Graph, ix index) {
	t.Helper()
	container := map[string][]*mxCell{} // group ID → its container(s)
	for _, gr := range g.Groups {
		if gr.Shared || g.View == graph.Map {
			// A shared group is a node and chips; the map draws
			// applications, not groups.
			continue
		}
		if len(gr.Regions) > 0 {
			for _, r := range gr.Regions {
				container[gr.ID] = append(container[gr.ID], ix.one(t, r, "region"))
			}
			continue
		}
		c := ix.one(t, gr.ID, "group")
		if !strings.Contains(c.Style, "container=1") {
			t.Errorf("group %s: style %q is not a container", gr.ID, c.Style)
		}
		if p := ix.parentSgmap(c); p != gr.Parent {
			t.Errorf("group %s is inside %q, want %q", gr.ID, p, gr.Parent)
		}
		container[gr.ID] = []*mxCell{c}
	}
	for _, r := range g.Regions {
		c := ix.one(t, r.ID, "region")
		if p := ix.parentSgmap(c); p != r.Parent {
			t.Errorf("region %s is inside %q, want %q", r.ID, p, r.Parent)
		}
		if c.Value == "" || len([]rune(r.Label)) < 40 && c.Value != r.Label {
			t.Errorf("region %s is labelled %q, want the SVG's %q", r.ID, c.Value, r.Label)
		}
	}
	for _, n := range g.Nodes {
		c := ix.one(t, n.ID, "node")
		if p := ix.parentSgmap(c); p != n.Cluster {
			t.Errorf("node %s is inside %q, want %q", n.ID, p, n.Cluster)
		}
	}
	for _, gr := range g.Groups {
		for _, m := range gr.Members {
			if len(container[gr.ID]) == 0 {
				break
			}
			n := ix.one(t, m, "node")
			if !slices.ContainsFunc(container[gr.ID], func(c *mxCell) bool { return ix.inside(n, c.ID) }) {
				t.Errorf("member %s of %s is not inside its container", m, gr.ID)
			}
		}
	}
}

// checkGeometry wants every vertex inside its container's box (relative
// coordinates from 0 to the container's size), with a point of slack.
func checkGeometry(t *testing.T, ix index) {
	t.Helper()
	for _, c := range ix.byID {
		p := ix.byID[c.Parent]
		if !c.Vertex || p == nil || !p.Vertex {
			continue
		}
		if c.X < -1 || c.Y < -1 || c.X+c.W > p.W+1 || c.Y+c.H > p.H+1 {
			t.Errorf("%s %q (%.1f,%.1f %.1fx%.1f) is outside its container %q (%.1fx%.1f)", c.Kind, c.SgmapID, c.X, c.Y, c.W, c.H, p.SgmapID, p.W, p.H)
		}
	}
}

// TestWrite_Edges wants one draw.io edge per graph edge, between the cells
// of its ends (a group drawn as regions: one of its regions; a peer drawn
// several times in a big layout: one of its copies), labelled as the SVG
// labels it.
func TestWrite_Edges(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			d := mustDraw(t, c.snap, c.vpc, c.opt)
			ix := indexCells(parseDrawio(t, d.drawio))
			n := 0
			for _, c := range ix.byID {
				if c.Edge {
					n++
				}
			}
			if len(d.g.Bundles) > 0 {
				// The map draws one line per pair of boxes: its bundles.
				if n != len(d.g.Bundles) {
					t.Errorf("%d edges, want the graph's %d bundles", n, len(d.g.Bundles))
				}
				for _, b := range d.g.Bundles {
					c := ix.one(t, b.ID, "edge")
					ends := []string{ix.byID[c.Source].SgmapID, ix.byID[c.Target].SgmapID}
					if !slices.Equal(ends, []string{b.From, b.To}) && !(b.Both && slices.Equal(ends, []string{b.To, b.From})) {
						t.Errorf("bundle %s joins %v, want %s → %s", b.ID, ends, b.From, b.To)
					}
					if !strings.HasSuffix(c.Value, b.Label) {
						t.Errorf("bundle %s is labelled %q, want %q", b.ID, c.Value, b.Label)
					}
				}
				return
			}
			if n != len(d.g.Edges) {
				t.Errorf("%d edges, want the graph's %d", n, len(d.g.Edges))
			}
			regions := map[string]graph.Region{}
			for _, r := range d.g.Regions {
				regions[r.ID] = r
			}
			isEnd := func(cellID, want string) bool {
				c := ix.byID[cellID]
				if c == nil {
					return false
				}
				if c.SgmapID == want || strings.HasPrefix(c.SgmapID, want+"#") {
					return true
				}
				return c.Kind == "region" && slices.Contains(regions[c.SgmapID].Groups, want)
			}
			seen := map[string]bool{}
			for _, e := range d.g.Edges {
				c := ix.one(t, e.ID, "edge")
				if !isEnd(c.Source, e.From) || !isEnd(c.Target, e.To) {
					t.Errorf("edge %s joins %s → %s, want %s → %s", e.ID, ix.byID[c.Source].SgmapID, ix.byID[c.Target].SgmapID, e.From, e.To)
				}
				// The SVG says a load balancer's port once per balancer;
				// findings prefix a badge.
				repeated := e.Kind == graph.EdgeTarget && seen[e.From+"\x00"+e.Label]
				seen[e.From+"\x00"+e.Label] = seen[e.From+"\x00"+e.Label] || e.Kind == graph.EdgeTarget
				if repeated && c.Value != "" || !repeated && !strings.HasSuffix(c.Value, e.Label) {
					t.Errorf("edge %s is labelled %q, want %q", e.ID, c.Value, e.Label)
				}
			}
		})
	}
}

// TestWrite_Golden compares the article demo's default view with
// testdata/article-overview.drawio (go test ./graph/drawio -update
// rewrites it; review the diff).
func TestWrite_Golden(t *testing.T) {
	s := mustDemo(t, "article")
	d := mustDraw(t, s, s.VPCIDs()[0], graph.Options{SnapshotID: s.ID})
	path := filepath.Join("testdata", "article-overview.drawio")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, d.drawio, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(d.drawio, want) {
		t.Errorf("%s differs from the output (%d vs %d bytes); run with -update and review the diff", path, len(want), len(d.drawio))
	}
}

// TestWrite_Deterministic draws the same view twice from the snapshot and
// converts the same SVG twice: the same bytes each time.
func TestWrite_Deterministic(t *testing.T) {
	s := mustDemo(t, "antipattern")
	a := mustDraw(t, s, s.VPCIDs()[0], graph.Options{View: graph.Detail, SnapshotID: s.ID})
	b := mustDraw(t, s, s.VPCIDs()[0], graph.Options{View: graph.Detail, SnapshotID: s.ID})
	if !bytes.Equal(a.drawio, b.drawio) {
		t.Fatal("the same snapshot and view gave different .drawio bytes")
	}
	var again bytes.Buffer
	if err := drawio.Write(&again, a.g, a.svg); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.drawio, again.Bytes()) {
		t.Fatal("the same graph and SVG gave different .drawio bytes")
	}
}

// TestWrite_BadSVG: an SVG that does not parse is an error, not a file.
func TestWrite_BadSVG(t *testing.T) {
	var out bytes.Buffer
	err := drawio.Write(&out, &graph.Graph{}, []byte("<svg><g"))
	if err == nil || out.Len() != 0 {
		t.Fatalf("err %v, %d bytes written; want an error and nothing", err, out.Len())
	}
}

// TestWrite_Hostile draws the hostile snapshot (markup, quotes, DOT
// syntax, control and bidi characters, a 10,000-character name in every
// field): the file parses with only draw.io's elements (so no markup got
// through unescaped), every label is plain text (html=0), cut short, and
// free of control and direction-override characters.
func TestWrite_Hostile(t *testing.T) {
	s := mustFile(t, "hostile.snapshot.json")
	for _, vpc := range s.VPCIDs() {
		for _, v := range []graph.View{graph.Overview, graph.Detail, graph.Map} {
			d := mustDraw(t, s, vpc, graph.Options{View: v, SnapshotID: s.ID})
			cells := parseDrawio(t, d.drawio) // fails on any element draw.io does not define
			if len(cells) < 3 {
				t.Fatalf("%s %s: %d cells", vpc, v, len(cells))
			}
			if !bytes.Contains(d.drawio, []byte("&lt;")) {
				t.Errorf("%s %s: no escaped markup: the hostile names are not in the file", vpc, v)
			}
			for _, c := range cells {
				if (c.Vertex || c.Edge) && !strings.Contains(c.Style, "html=0") {
					t.Errorf("%s %s: cell %s %q has an HTML label: style %q", vpc, v, c.ID, c.Value, c.Style)
				}
				for _, line := range strings.Split(c.Value, "\n") {
					if n := len([]rune(line)); n > 200 {
						t.Errorf("%s %s: cell %s has a %d-character line", vpc, v, c.ID, n)
					}
				}
				if i := strings.IndexFunc(c.Value+c.Style, func(r rune) bool {
					return r < 0x20 && r != '\n' || r == 0x7f || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
				}); i >= 0 {
					t.Errorf("%s %s: cell %s holds a control or override character in %q", vpc, v, c.ID, c.Value)
				}
			}
		}
	}
}

// TestWrite_OtherGraph: an SVG that is not the graph's (here: the graph
// knows nothing of it) still converts, every cell placed by geometry,
// without a crash.
func TestWrite_OtherGraph(t *testing.T) {
	s := mustDemo(t, "article")
	d := mustDraw(t, s, s.VPCIDs()[0], graph.Options{View: graph.Detail, SnapshotID: s.ID})
	var out bytes.Buffer
	if err := drawio.Write(&out, &graph.Graph{}, d.svg); err != nil {
		t.Fatal(err)
	}
	ix := indexCells(parseDrawio(t, out.Bytes()))
	checkGeometry(t, ix)
	if n := len(ix.bySgmap["i-0a1b2c3d4e5f60001"]); n != 1 {
		t.Errorf("%d cells for an instance, want 1", n)
	}
	if c := ix.bySgmap["i-0a1b2c3d4e5f60001"]; len(c) == 1 && ix.parentSgmap(c[0]) != "sg-0a1b2c3d4e5f60001" {
		t.Errorf("instance placed in %q by geometry, want its group", ix.parentSgmap(c[0]))
	}
}
