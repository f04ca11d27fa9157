package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testDownloadMenu: the diagram toolbar's Download menu opens on a click
// and offers every format, and each of its links answers 200 with its
// Content-Type when the browser fetches it; Share redacted sits beside it.
func testDownloadMenu(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article") + "?view=detail")
	if eval[bool](tb, `document.querySelector('#download-menu a').checkVisibility()`) {
		t.Error("the Download menu is open before it is clicked")
	}
	tb.do("open the Download menu", chromedp.Click(chromedp.CSS(`#download-menu > summary`)))
	tb.poll("menu open", `document.querySelector('#download-menu a').checkVisibility()`)
	tb.screenshot("download-menu", false)
	labels := eval[[]string](tb, `[...document.querySelectorAll('#download-menu li a')].filter((a) => a.checkVisibility()).map((a) => a.textContent)`)
	want := map[string]string{
		"SVG": "image/svg+xml", "PNG": "image/png", "PDF": "application/pdf", "draw.io": "application/vnd.jgraph.mxfile",
		"Mermaid": "text/vnd.mermaid", "DOT": "text/vnd.graphviz", "Graph JSON": "application/json",
	}
	if len(labels) != len(want) {
		t.Errorf("menu lists %q, want the %d formats %v", labels, len(want), want)
	}
	for _, l := range labels {
		if _, ok := want[l]; !ok {
			t.Errorf("menu lists an unknown format %q", l)
		}
	}
	// Fetch each link as the page would, and check status and type.
	got := eval[[]string](tb, `Promise.all([...document.querySelectorAll('#download-menu li a')].map((a) =>
		fetch(a.href).then((r) => r.arrayBuffer().then(() => a.textContent + '|' + r.status + '|' + r.headers.get('Content-Type') + '|' + a.hasAttribute('download')))))`)
	for _, g := range got {
		parts := strings.Split(g, "|")
		if len(parts) != 4 {
			t.Fatalf("odd answer %q", g)
		}
		if parts[1] != "200" || !strings.HasPrefix(parts[2], want[parts[0]]) || parts[3] != "true" {
			t.Errorf("%s: status %s, Content-Type %q, download attribute %s; want 200 %s with download", parts[0], parts[1], parts[2], parts[3], want[parts[0]])
		}
	}
	if !eval[bool](tb, `!!document.querySelector('#download-redacted[href*="redact=1"]')`) {
		t.Error("no Share redacted link beside the Download menu")
	}
}
