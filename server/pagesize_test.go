package server

import (
	"html"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
)

// maxDiagramPage is the most a diagram page of any default view of the
// large demo may weigh, and separately the most its page data may (issue
// 14: the production VPC's page was 14.4 MB).
const maxDiagramPage = 1500 << 10

// TestDiagramPage_LargeDefaultViewsAreSmall measures the diagram page and
// the page data of every VPC of the large demo at its default view (the
// map on big VPCs), rendered for real.
func TestDiagramPage_LargeDefaultViewsAreSmall(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("renders the large demo's maps")
	}
	s := mustServer(t, Config{Demos: true})
	snap, _ := demo.Get("large")
	for _, vpc := range snap.VPCIDs() {
		base := "/snapshots/demo-large/vpcs/" + vpc
		page := waitForPage(t, s, base)
		if !strings.Contains(page, `<div id="canvas"><svg`) {
			t.Errorf("%s: the default page has no diagram:\n%.500s", vpc, page)
			continue
		}
		d := mustPageData(t, s, page)
		pd := do(t, s, "GET", pageDataURL(t, page), nil).Body.Len()
		t.Logf("%s: default view %v, page %d KiB, page data %d KiB", vpc, d["view"], len(page)>>10, pd>>10)
		if len(page) > maxDiagramPage {
			t.Errorf("%s: the %v page is %d bytes, want at most %d", vpc, d["view"], len(page), maxDiagramPage)
		}
		if pd > maxDiagramPage {
			t.Errorf("%s: the %v page data is %d bytes, want at most %d", vpc, d["view"], pd, maxDiagramPage)
		}
	}
}

// waitForPage gets a diagram page, waiting through render.json while it
// shows progress, as the page itself does.
func waitForPage(t *testing.T, s *Server, path string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		page := do(t, s, "GET", path, nil).Body.String()
		m := statusURLRE.FindStringSubmatch(page)
		if !strings.Contains(page, `id="render-progress"`) || m == nil {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still drawing after 2 minutes", path)
		}
		do(t, s, "GET", html.UnescapeString(m[1]), nil)
	}
}
