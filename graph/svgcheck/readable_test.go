package svgcheck

import (
	"strings"
	"testing"
)

// TestReadability checks the figures on hand-written SVG: fit scale from
// the viewBox, the smallest text, an overlap between two elements' labels
// (and none between one element's own lines), labels on another node's
// shape, and the box count.
func TestReadability(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3840pt" height="1080pt" viewBox="0 0 3840 1080">
<g id="g" class="graph">
<g id="a" class="node"><polygon points="0,0 100,0 100,40 0,40"/>
<text text-anchor="start" x="10" y="20" font-size="20">first line</text>
<text text-anchor="start" x="10" y="44" font-size="20">second line</text></g>
<g id="b" class="node"><polygon points="0,0 100,0 100,40 0,40"/>
<text text-anchor="middle" x="60" y="25" font-size="18">overlapping</text></g>
<g id="c" class="cluster"><polygon points="500,0 900,0 900,400 500,400"/>
<text text-anchor="end" x="900" y="500" font-size="14">small</text></g>
<g id="legend" class="node legend"><text x="2000" y="900" font-size="30">Legend</text></g>
</g></svg>`
	doc, err := Parse([]byte(svg))
	if err != nil {
		t.Fatal(err)
	}
	rd := doc.Readability()
	if rd.Scale != 0.5 {
		t.Errorf("Scale = %v, want 0.5 (3840 wide into 1920)", rd.Scale)
	}
	if rd.MinTextPx != 7 || rd.MinText != "small" {
		t.Errorf("MinTextPx = %v (%q), want 7 (\"small\")", rd.MinTextPx, rd.MinText)
	}
	if rd.Overlaps != 2 || !strings.Contains(rd.Overlap, "overlapping") {
		t.Errorf("Overlaps = %d (%s), want 2: b's label over both of a's lines", rd.Overlaps, rd.Overlap)
	}
	if rd.OnBoxes != 3 || !strings.Contains(rd.OnBox, " on ") {
		t.Errorf("OnBoxes = %d (%s), want 3: a's two lines on b's shape, b's label on a's", rd.OnBoxes, rd.OnBox)
	}
	if rd.Boxes != 3 {
		t.Errorf("Boxes = %d, want 3 (legend not counted)", rd.Boxes)
	}
	if !strings.Contains(rd.String(), "7.0 px") {
		t.Errorf("String() = %q lacks the figures", rd.String())
	}
}
