package paint

import (
	"strings"
	"testing"
)

const svgHead = `<svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="g" class="graph" transform="scale(1 1) rotate(0) translate(4 46)">`

// TestParse_Geometry: the graph transform is applied (Graphviz's negative
// y becomes page y), paths, polygons and ellipses become segments, text
// keeps its anchor, size, weight and colour, titles are not drawn.
func TestParse_Geometry(t *testing.T) {
	d, err := Parse([]byte(svgHead + `<title>t</title>
<polygon fill="white" stroke="none" points="-4,4 -4,-46 96,-46 96,4 -4,4"/>
<g class="edge"><path fill="none" stroke="#ff0000" stroke-dasharray="5,2" stroke-width="2" d="M0,-10C10,-10 20,-20 30,-20"/></g>
<ellipse fill="none" stroke="black" cx="50" cy="-25" rx="10" ry="5"/>
<text text-anchor="middle" x="50" y="-5" font-size="12.00" font-weight="bold" fill="#3d6fa8">a &amp; b</text>
</g></svg>`))
	if err != nil {
		t.Fatal(err)
	}
	if d.W != 100 || d.H != 50 || len(d.Items) != 4 {
		t.Fatalf("page %gx%g, %d items, want 100x50 and 4", d.W, d.H, len(d.Items))
	}
	bg := d.Items[0].Shape
	if bg.Segs[0].P[0] != (Point{0, 50}) || bg.Stroke.A != 0 || bg.Fill.R != 255 {
		t.Errorf("background: %+v", bg)
	}
	edge := d.Items[1].Shape
	if edge.Fill.A != 0 || edge.Stroke.R != 255 || edge.Width != 2 || len(edge.Dash) != 2 ||
		edge.Segs[1].Op != CubicTo || edge.Segs[1].P[2] != (Point{34, 26}) {
		t.Errorf("edge: %+v", edge)
	}
	if e := d.Items[2].Shape; len(e.Segs) != 6 || e.Segs[0].P[0] != (Point{64, 21}) {
		t.Errorf("ellipse: %+v", e)
	}
	l := d.Items[3].Label
	if l == nil || l.Text != "a & b" || l.Anchor != Middle || l.Size != 12 || !l.Bold || l.Color.B != 0xa8 || l.X != 54 || l.Y != 41 {
		t.Errorf("label: %+v", l)
	}
}

// TestParse_FindingCSS: app.css's finding rules recolour the strokes of
// the shapes they select, and only those.
func TestParse_FindingCSS(t *testing.T) {
	d, err := Parse([]byte(svgHead + `
<g class="cluster group finding finding-warning"><g id="a"><a><path fill="#eee" stroke="#3d6fa8" d="M0,0L10,0L10,-10Z"/><text x="1" y="-1">g</text></a></g></g>
<g class="node node finding-error"><g><a><polygon fill="none" stroke="black" points="0,0 1,1 1,0"/></a></g></g>
<g class="edge finding-error"><path fill="none" stroke="black" d="M0,0L5,5"/><polygon fill="black" stroke="black" points="0,0 1,1 1,0"/></g>
<g class="edge"><path fill="none" stroke="black" d="M0,0L5,5"/></g>
</g></svg>`))
	if err != nil {
		t.Fatal(err)
	}
	var strokes []string
	for _, it := range d.Items {
		if it.Shape != nil {
			strokes = append(strokes, hexOf(it.Shape.Stroke.R, it.Shape.Stroke.G, it.Shape.Stroke.B))
		}
	}
	want := "f59e0b c62828 c62828 c62828 000000"
	if got := strings.Join(strokes, " "); got != want {
		t.Errorf("strokes %s, want %s", got, want)
	}
}

func hexOf(b ...uint8) string {
	const digits = "0123456789abcdef"
	var s []byte
	for _, x := range b {
		s = append(s, digits[x>>4], digits[x&15])
	}
	return string(s)
}

// TestParse_Errors: malformed or unexpected input is a clear error, never
// a panic.
func TestParse_Errors(t *testing.T) {
	for _, c := range []struct{ name, svg, want string }{
		{"not xml", `<svg`, "parse svg"},
		{"not svg", `<html></html>`, "not <svg>"},
		{"no viewBox", `<svg></svg>`, "viewBox"},
		{"bad path", svgHead + `<path d="M0,0 C1,2"/></g></svg>`, "without its numbers"},
		{"bad number", svgHead + `<path d="M0,x"/></g></svg>`, "not a number"},
		{"nan", svgHead + `<polygon points="NaN,1 2,3"/></g></svg>`, "not pairs of numbers"},
		{"bad colour", svgHead + `<path fill="url(#x)" d="M0,0"/></g></svg>`, "unknown colour"},
		{"bad transform", `<svg viewBox="0 0 1 1"><g transform="skewX(3)"></g></svg>`, "unsupported skewX"},
		{"image", svgHead + `<image href="x.png"/></g></svg>`, "not drawn by Graphviz"},
		{"deep", `<svg viewBox="0 0 1 1">` + strings.Repeat("<g>", 100) + strings.Repeat("</g>", 100) + `</svg>`, "nested more than"},
		{"entity", `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg viewBox="0 0 1 1"><text>&x;</text></svg>`, "parse svg"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.svg))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse: %v, want an error with %q", err, c.want)
			}
		})
	}
}

// FuzzParse: no input makes Parse, PNG or PDF panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(svgHead + `<path fill="red" stroke="black" d="M0,0C1,1 2,2 3,3Z"/><text x="1" y="2">x</text></g></svg>`))
	f.Add([]byte(`<svg viewBox="0 0 1 1"><ellipse cx="0" cy="0" rx="1" ry="1"/></svg>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil || d.W*d.H > 1e6 {
			return
		}
		PNG(d, 72)
		PDF(d)
	})
}

// TestFonts: labels get the font whose metrics Graphviz laid them out with
// (DejaVu Sans for the detail DOT, Liberation Sans for the map's
// Helvetica), and characters Liberation Sans lacks fall back to DejaVu.
func TestFonts(t *testing.T) {
	for family, want := range map[string]Font{
		"DejaVu Sans,Verdana,Arial,Liberation Sans,Helvetica,sans-serif": DejaVuSans,
		"Helvetica,sans-Serif": LiberationSans, "Arial": LiberationSans, "'Liberation Sans'": LiberationSans,
		"Times,serif": DejaVuSans, "": DejaVuSans,
	} {
		if got := fontFor(family); got != want {
			t.Errorf("fontFor(%q) = %d, want %d", family, got, want)
		}
	}
	rs, err := runs(LiberationSans, false, "◆ prod-baseline ◆")
	if err != nil {
		t.Fatal(err)
	}
	want := []run{{DejaVuSans, "◆"}, {LiberationSans, " prod-baseline "}, {DejaVuSans, "◆"}}
	if len(rs) != len(want) {
		t.Fatalf("runs = %+v, want %+v", rs, want)
	}
	for i := range rs {
		if rs[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, rs[i], want[i])
		}
	}
	if rs, _ := runs(DejaVuSans, true, "◆ x"); len(rs) != 1 {
		t.Errorf("DejaVu Sans text split into %d runs", len(rs))
	}
}
