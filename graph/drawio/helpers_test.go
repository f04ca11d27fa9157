package drawio_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
	"github.com/sgmap/sgmap/graph/render"
)

// drawn is one snapshot view: its graph, SVG and draw.io file.
type drawn struct {
	g      *graph.Graph
	svg    []byte
	drawio []byte
}

// mustDraw builds, renders (embedded Graphviz) and converts one view.
func mustDraw(t testing.TB, s *sgmap.Snapshot, vpc string, opt graph.Options) drawn {
	t.Helper()
	g, err := graph.BuildDefault(s, vpc, opt)
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
	var out bytes.Buffer
	if err := drawio.Write(&out, g, svg); err != nil {
		t.Fatal(err)
	}
	return drawn{g, svg, out.Bytes()}
}

// mxCell is one cell of a parsed .drawio, with its <object> wrapper's
// attributes merged in.
type mxCell struct {
	ID, Parent, Style   string
	Value               string // label (object) or value (bare mxCell)
	Kind, SgmapID       string
	Vertex, Edge        bool
	Source, Target      string
	X, Y, W, H          float64
	Points              int
	HasGeometry, Object bool
}

// parseDrawio reads a .drawio file the way draw.io's codec does: cells are
// <mxCell> elements, possibly wrapped in <object> (or <UserObject>) that
// hold the id and label, under mxfile/diagram/mxGraphModel/root. It fails
// the test on anything else at those levels.
func parseDrawio(t *testing.T, data []byte) []mxCell {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		stack []string
		cells []mxCell
		cur   *mxCell
		obj   map[string]string
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("drawio does not parse: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			path := strings.Join(append(stack, e.Name.Local), "/")
			a := attrs(e)
			switch {
			case path == "mxfile" || path == "mxfile/diagram" || path == "mxfile/diagram/mxGraphModel" || path == "mxfile/diagram/mxGraphModel/root":
			case path == "mxfile/diagram/mxGraphModel/root/object" || path == "mxfile/diagram/mxGraphModel/root/UserObject":
				obj = a
			case strings.HasSuffix(path, "/mxCell") && (len(stack) == 4 || (len(stack) == 5 && obj != nil)):
				c := mxCell{ID: a["id"], Parent: a["parent"], Style: a["style"], Value: a["value"],
					Vertex: a["vertex"] == "1", Edge: a["edge"] == "1", Source: a["source"], Target: a["target"]}
				if obj != nil {
					c.ID, c.Value, c.Kind, c.SgmapID, c.Object = obj["id"], obj["label"], obj["sgmap_kind"], obj["sgmap_id"], true
				}
				cells = append(cells, c)
				cur = &cells[len(cells)-1]
			case strings.HasSuffix(path, "/mxCell/mxGeometry") && cur != nil:
				cur.HasGeometry = true
				cur.X, cur.Y, cur.W, cur.H = num(a["x"]), num(a["y"]), num(a["width"]), num(a["height"])
			case strings.HasSuffix(path, "/mxGeometry/Array/mxPoint") && cur != nil:
				cur.Points++
			case strings.HasSuffix(path, "/mxGeometry/Array") || strings.HasSuffix(path, "/mxGeometry/mxPoint"):
			default:
				t.Fatalf("unexpected element %s", path)
			}
			stack = append(stack, e.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			switch e.Name.Local {
			case "object", "UserObject":
				obj = nil
			case "mxCell":
				cur = nil
			}
		}
	}
	return cells
}

func attrs(e xml.StartElement) map[string]string {
	m := map[string]string{}
	for _, a := range e.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// index is a parsed file by cell id, with lookups by sgmap id.
type index struct {
	byID    map[string]*mxCell
	bySgmap map[string][]*mxCell
}

func indexCells(cells []mxCell) index {
	ix := index{byID: map[string]*mxCell{}, bySgmap: map[string][]*mxCell{}}
	for i := range cells {
		c := &cells[i]
		ix.byID[c.ID] = c
		if c.SgmapID != "" {
			ix.bySgmap[c.SgmapID] = append(ix.bySgmap[c.SgmapID], c)
		}
	}
	return ix
}

// one returns the only cell drawing sgmap id (and of the given kind).
func (ix index) one(t *testing.T, id, kind string) *mxCell {
	t.Helper()
	var out []*mxCell
	for _, c := range ix.bySgmap[id] {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d %s cells for %q, want 1", len(out), kind, id)
	}
	return out[0]
}

// parentSgmap is the sgmap id of c's container ("" for the layer).
func (ix index) parentSgmap(c *mxCell) string {
	if c.Parent == "1" {
		return ""
	}
	if p := ix.byID[c.Parent]; p != nil {
		return p.SgmapID
	}
	return "?" + c.Parent
}

// inside reports whether c is (transitively) inside the cell with id anc.
func (ix index) inside(c *mxCell, anc string) bool {
	for i := 0; c != nil && i < 1000; i++ {
		if c.Parent == anc {
			return true
		}
		c = ix.byID[c.Parent]
	}
	return false
}
