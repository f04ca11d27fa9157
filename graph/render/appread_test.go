package render_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// TestReadable_AppOverviews draws the overview of every non-shared
// application of every VPC of the large demo (the second level of the
// map, docs/apps.md) with real Graphviz, checks the picture, and measures
// it against the readability bars (DESIGN.md, "Levels"). It fails with the
// figures of every application that misses one, and logs the table
// docs/performance.md records (-v). It takes about 5 s of CPU (10 s wall
// at load 12): skipped with -short and -race unless SGMAP_TEST_LARGE=1.
func TestReadable_AppOverviews(t *testing.T) {
	if os.Getenv("SGMAP_TEST_LARGE") != "1" && (testing.Short() || raceEnabled) {
		t.Skip("draws the 108 application overviews of the large demo: skipped with -short and -race unless SGMAP_TEST_LARGE=1")
	}
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	r := &render.Wasm{}
	var table []string
	for _, vpc := range s.VPCIDs() {
		apps, err := graph.Applications(s, vpc, "")
		if err != nil {
			t.Fatal(err)
		}
		var st appStats
		for _, ap := range apps {
			if ap.Shared {
				continue
			}
			g, svg := mustRenderSnapshot(t, r, s, vpc, graph.Options{View: graph.Overview, App: ap.Name, SnapshotID: s.ID})
			checkPicture(t, g, svg)
			doc, err := svgcheck.Parse(svg)
			if err != nil {
				t.Fatal(err)
			}
			rd := doc.Readability()
			st.add(ap.Name, rd)
			known := notYetReadable[vpc+"/"+ap.Name]
			switch {
			case !readable(rd) && known:
				t.Logf("%s app %s: not readable yet (known): %s", vpc, ap.Name, rd)
			case !readable(rd):
				t.Errorf("%s app %s: not readable at 1920×1080 (want text ≥ %d px, no overlaps, no label on another box, ≤ %d boxes): %s",
					vpc, ap.Name, minTextPx, maxBoxes, rd)
			case known:
				t.Errorf("%s app %s is readable now: take it off notYetReadable (%s)", vpc, ap.Name, rd)
			}
		}
		table = append(table, fmt.Sprintf("| %s | %s |", vpc, st))
	}
	t.Logf("| VPC | apps | smallest text | fit scale | meet every bar | boxes |\n%s", strings.Join(table, "\n"))
}

// notYetReadable lists the application overviews that still miss a bar
// (issue 14; docs/performance.md, "Application overviews"): the production
// VPC's apps of 11-15 groups, drawn too wide or too tall for 8 px. The test
// is a ratchet: every other overview must meet every bar, and one of these
// that comes to meet them must leave the list.
var notYetReadable = map[string]bool{}

func init() {
	for _, app := range []string{"auth", "etl", "ledger", "notifications", "payments", "search", "shipping", "invoices", "reporting", "sessions"} {
		notYetReadable["vpc-09dcec3ad077dec6c/"+app] = true
	}
}

// readable reports whether rd meets every bar.
func readable(rd svgcheck.Readability) bool {
	return rd.MinTextPx >= minTextPx && rd.Overlaps == 0 && rd.OnBoxes == 0 && rd.Boxes <= maxBoxes
}

// appStats sums up the readability of one VPC's application overviews.
type appStats struct {
	n, ok              int
	text, scale, boxes []float64
	paymentsText       float64
	paymentsSeen       bool
	worst              string
	worstText          float64
}

func (s *appStats) add(name string, rd svgcheck.Readability) {
	s.n++
	if readable(rd) {
		s.ok++
	}
	s.text = append(s.text, rd.MinTextPx)
	s.scale = append(s.scale, rd.Scale)
	s.boxes = append(s.boxes, float64(rd.Boxes))
	if name == "payments" {
		s.paymentsText, s.paymentsSeen = rd.MinTextPx, true
	}
	if s.worst == "" || rd.MinTextPx < s.worstText {
		s.worst, s.worstText = name, rd.MinTextPx
	}
}

// String is the row's cells after the VPC: apps, smallest text (range,
// payments), fit scale, how many meet every bar, boxes.
func (s appStats) String() string {
	pay := ""
	if s.paymentsSeen {
		pay = fmt.Sprintf(" (payments %.1f)", s.paymentsText)
	}
	return fmt.Sprintf("%d | %.1f-%.1f px%s, smallest %s | %.2f-%.2f | %d | %.0f-%.0f",
		s.n, slices.Min(s.text), slices.Max(s.text), pay, s.worst, slices.Min(s.scale), slices.Max(s.scale), s.ok,
		slices.Min(s.boxes), slices.Max(s.boxes))
}
