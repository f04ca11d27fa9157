package render_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// Readability bars (DESIGN.md, "Levels"): scaled to fit 1920×1080, the
// smallest text is at least 8 px, no two labels overlap, no label overlaps
// a box it does not belong to, at most 60 boxes.
const (
	minTextPx = 8
	maxBoxes  = 60
)

// TestReadable_LargeDefaultViews draws the default view of every VPC of
// the large demo (the map, for each of them) and the map, with real
// Graphviz, and measures the SVG.
func TestReadable_LargeDefaultViews(t *testing.T) {
	if testing.Short() {
		t.Skip("draws the three maps of the large demo: skipped with -short")
	}
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	checkReadableVPCs(t, s)
}

// TestReadable_LargeScale10 is [TestReadable_LargeDefaultViews] on an
// account ten times the large demo. Building it takes seconds (tens under
// -race), so it runs without -short and -race, or with SGMAP_TEST_LARGE=1.
func TestReadable_LargeScale10(t *testing.T) {
	if os.Getenv("SGMAP_TEST_LARGE") != "1" && (testing.Short() || raceEnabled) {
		t.Skip("ten-times large demo is slow: skipped with -short and -race unless SGMAP_TEST_LARGE=1")
	}
	s, err := demo.GetScaled("large", 10)
	if err != nil {
		t.Fatal(err)
	}
	checkReadableVPCs(t, s)
}

// checkReadableVPCs checks the default view and the map of every VPC of s.
func checkReadableVPCs(t *testing.T, s *sgmap.Snapshot) {
	t.Helper()
	r := &render.Wasm{}
	for _, vpc := range s.VPCIDs() {
		view, err := graph.DefaultView(s, vpc, graph.Options{})
		if err != nil {
			t.Fatal(err)
		}
		views := []graph.View{view}
		if view != graph.Map {
			views = append(views, graph.Map)
		}
		for _, v := range views {
			t.Run(fmt.Sprintf("%s/%s", vpc, v), func(t *testing.T) {
				g, svg := mustRenderSnapshot(t, r, s, vpc, graph.Options{View: v, SnapshotID: s.ID})
				checkPicture(t, g, svg)
				checkReadable(t, svg)
			})
		}
	}
}

// checkReadable fails with the figures when svg misses a readability bar.
func checkReadable(t *testing.T, svg []byte) {
	t.Helper()
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	rd := doc.Readability()
	if rd.MinTextPx < minTextPx || rd.Overlaps > 0 || rd.OnBoxes > 0 || rd.Boxes > maxBoxes {
		t.Errorf("not readable at 1920×1080 (want text ≥ %d px, no overlaps, no label on another box, ≤ %d boxes): %s", minTextPx, maxBoxes, rd)
	} else {
		t.Logf("readable: %s", rd)
	}
}

// TestReadable_MeasuresFailures checks the measure can fail: the large
// production VPC's overview, the poster issue 14 describes, is far from
// readable.
func TestReadable_MeasuresFailures(t *testing.T) {
	if os.Getenv("SGMAP_TEST_LARGE") != "1" && (testing.Short() || raceEnabled) {
		t.Skip("large demo layout is slow: skipped with -short and -race unless SGMAP_TEST_LARGE=1")
	}
	g := mustLargeOverview(t)
	svg, err := (&render.Wasm{}).SVG(t.Context(), mustDOT(t, g))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	rd := doc.Readability()
	if rd.MinTextPx >= minTextPx || rd.Boxes <= maxBoxes {
		t.Errorf("the large overview measures as readable: %s", rd)
	}
}
