package svgcheck

import (
	"slices"
	"testing"
)

// TestParse_PaintPathOrigin: the graph's translation, each element's first
// shape's paint and its first path's points, and texts' colour and font.
func TestParse_PaintPathOrigin(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<g id="g" class="graph x" transform="scale(1 1) rotate(0) translate(4 96.5)">
<g id="c" class="cluster group"><path fill="#e8f1fb" stroke="#3d6fa8" stroke-width="1.4" stroke-dasharray="5,2" d="M10,-10C10,-10 50,-10 50,-10"/>
<polygon fill="red" stroke="blue" points="0,0 1,1"/><polygon fill="green" points=""/><text x="1" y="2" fill="#3d6fa8" font-family="DejaVu Sans">c</text></g>
<g id="n" class="node"><polygon fill="white" stroke="black" points="1,-1 5,-1 5,-5"/><text x="3" y="-3">n</text></g>
<g id="e" class="edge"><path fill="none" stroke="#333" stroke-opacity="0.313725" d="M1,-2C3,-4 5,-6 7,-8"/><polygon fill="#333" stroke="#333" points="7,-8 8,-9 6,-9"/></g>
</g></svg>`
	d, err := Parse([]byte(svg))
	if err != nil {
		t.Fatal(err)
	}
	if d.Origin != (Point{4, 96.5}) {
		t.Errorf("Origin = %v", d.Origin)
	}
	c, _ := d.Cluster("c")
	if want := (Paint{Fill: "#e8f1fb", Stroke: "#3d6fa8", Dash: "5,2", Width: 1.4}); c.Paint != want {
		t.Errorf("cluster paint %+v, want %+v", c.Paint, want)
	}
	if want := []Part{{Box: Rect{Point{0, 0}, Point{1, 1}}, Paint: Paint{Fill: "red", Stroke: "blue"}}}; !slices.Equal(c.Parts, want) {
		t.Errorf("cluster parts %+v, want %+v", c.Parts, want)
	}
	n, _ := d.Node("n")
	if n.Paint != (Paint{Fill: "white", Stroke: "black"}) || n.Path != nil {
		t.Errorf("node paint %+v path %v", n.Paint, n.Path)
	}
	e, _ := d.Edge("e")
	if want := []Point{{1, -2}, {3, -4}, {5, -6}, {7, -8}}; !slices.Equal(e.Path, want) || e.Paint.Stroke != "#333" || e.Paint.StrokeOpacity != 0.313725 {
		t.Errorf("edge path %v paint %+v", e.Path, e.Paint)
	}
	if ti := d.TextItems[0]; ti.Fill != "#3d6fa8" || ti.Family != "DejaVu Sans" || d.TextItems[1].Fill != "" {
		t.Errorf("texts %+v", d.TextItems)
	}
}
