package render_test

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// widthTable holds real advance widths (per 1000 em) of DejaVu Sans, the
// widest font of render.FontStack, regular and bold: testdata/
// dejavu-sans-widths.txt, extracted from the font files by
// testdata/fontwidths.py.
type widthTable struct{ regular, bold map[rune]float64 }

func loadWidths(t *testing.T) widthTable {
	t.Helper()
	f, err := os.Open("testdata/dejavu-sans-widths.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chars := []rune("·∩⚠—▶▷▭⬡⊟⌸◯◎▤…→")
	for c := rune(126); c >= 32; c-- {
		chars = append([]rune{c}, chars...)
	}
	var tables []map[rune]float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Fields(sc.Text())
		if len(fields) != len(chars) {
			t.Fatalf("width table row has %d widths for %d characters", len(fields), len(chars))
		}
		m := map[rune]float64{}
		for i, s := range fields {
			w, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			m[chars[i]] = w
		}
		tables = append(tables, m)
	}
	if len(tables) != 2 {
		t.Fatalf("width table has %d rows, want regular and bold", len(tables))
	}
	return widthTable{tables[0], tables[1]}
}

// width estimates s's width in points; characters missing from the table
// count as a full em.
func (w widthTable) width(s string, size float64, bold bool) float64 {
	m := w.regular
	if bold {
		m = w.bold
	}
	total := 0.0
	for _, r := range s {
		total += cmpOr(m[r], 1000)
	}
	return total * size / 1000
}

func cmpOr(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// placedText is one <text> of the SVG with its horizontal extent as
// drawn in DejaVu Sans.
type placedText struct {
	owner       string // ID of the node or cluster <g> it is in, "" for none
	text        string
	left, right float64
	y           float64
}

// TestSVG_TextFitsInBoxes is issue 9 item 19: where Helvetica is missing,
// the wider fallback font pushed text past box borders and cut off the
// provenance line. Every text, measured with DejaVu Sans's real widths,
// must lie inside the node or cluster box it belongs to and inside the
// drawing, and texts on one line of a box (the legend's cells) must not
// touch.
func TestSVG_TextFitsInBoxes(t *testing.T) {
	widths := loadWidths(t)
	if !strings.HasPrefix(render.FontStack, graph.FontName+",") {
		t.Fatalf("render.FontStack %q must start with the font the DOT lays out with, %q", render.FontStack, graph.FontName)
	}
	for _, name := range []string{"article", "antipattern"} {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, view := range []graph.View{graph.Overview, graph.Detail} {
			g, err := graph.Build(s, "", graph.Options{View: view})
			if err != nil {
				t.Fatal(err)
			}
			svg, err := (&render.Wasm{}).SVG(t.Context(), mustDOT(t, g))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(svg, []byte(`font-family="`+render.FontStack+`"`)) {
				t.Errorf("%s %s: SVG does not name the font stack %q", name, view, render.FontStack)
			}
			checkTextFits(t, fmt.Sprintf("%s %s", name, view), svg, widths)
		}
	}
}

func checkTextFits(t *testing.T, what string, svg []byte, widths widthTable) {
	t.Helper()
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	boxes := map[string]svgcheck.Rect{}
	for _, e := range append(slices.Clone(doc.Nodes), doc.Clusters...) {
		boxes[e.ID] = e.Box
	}
	texts, canvas, err := placeTexts(svg, widths)
	if err != nil {
		t.Fatal(err)
	}
	const slack = 0.5 // pt: Graphviz rounds coordinates to 0.01
	for _, p := range texts {
		if p.left < canvas.Min.X-slack || p.right > canvas.Max.X+slack {
			t.Errorf("%s: %q spans x %.1f..%.1f, outside the drawing (%.1f..%.1f)", what, p.text, p.left, p.right, canvas.Min.X, canvas.Max.X)
		}
		box, ok := boxes[p.owner]
		if !ok {
			continue
		}
		if p.left < box.Min.X-slack || p.right > box.Max.X+slack {
			t.Errorf("%s: %q in %s spans x %.1f..%.1f (%.1f pt wide), past its box %.1f..%.1f",
				what, p.text, p.owner, p.left, p.right, p.right-p.left, box.Min.X, box.Max.X)
		}
	}
	for i, a := range texts {
		for _, b := range texts[i+1:] {
			if a.owner != "" && a.owner == b.owner && a.y == b.y && a.left < b.right+1 && b.left < a.right+1 {
				t.Errorf("%s: in %s, %q (%.1f..%.1f) and %q (%.1f..%.1f) touch", what, a.owner, a.text, a.left, a.right, b.text, b.left, b.right)
			}
		}
	}
}

// placeTexts reads every <text> of svg with the node or cluster it is in,
// and the drawing's extent (its background polygon).
func placeTexts(svg []byte, widths widthTable) ([]placedText, svgcheck.Rect, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var (
		out    []placedText
		canvas svgcheck.Rect
		haveBG bool
		stack  []string // owner IDs of open <g>s
		cur    *placedText
		size   float64
		bold   bool
		anchor string
	)
	attr := func(t xml.StartElement, name string) string {
		for _, a := range t.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, canvas, nil
		}
		if err != nil {
			return nil, canvas, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "g":
				owner := ""
				if len(stack) > 0 {
					owner = stack[len(stack)-1]
				}
				if c := attr(t, "class"); strings.HasPrefix(c, "node") || strings.HasPrefix(c, "cluster") {
					owner = attr(t, "id")
				}
				stack = append(stack, owner)
			case "polygon":
				if !haveBG {
					haveBG = true
					canvas = extent(attr(t, "points"))
				}
			case "text":
				x, _ := strconv.ParseFloat(attr(t, "x"), 64)
				y, _ := strconv.ParseFloat(attr(t, "y"), 64)
				size, _ = strconv.ParseFloat(attr(t, "font-size"), 64)
				bold, anchor = attr(t, "font-weight") == "bold", attr(t, "text-anchor")
				cur = &placedText{owner: stack[len(stack)-1], left: x, y: y}
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "g":
				stack = stack[:len(stack)-1]
			case "text":
				w := widths.width(cur.text, size, bold)
				switch anchor {
				case "middle":
					cur.left -= w / 2
				case "end":
					cur.left -= w
				}
				cur.right = cur.left + w
				out = append(out, *cur)
				cur = nil
			}
		}
	}
}

// extent is the horizontal extent of an SVG points list.
func extent(points string) svgcheck.Rect {
	var r svgcheck.Rect
	for i, p := range strings.Fields(points) {
		xs, _, _ := strings.Cut(p, ",")
		x, _ := strconv.ParseFloat(xs, 64)
		if i == 0 || x < r.Min.X {
			r.Min.X = x
		}
		if i == 0 || x > r.Max.X {
			r.Max.X = x
		}
	}
	return r
}
