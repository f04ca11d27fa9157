package server_test

// Browser test of the map's lines (docs/apps.md, "Lines"): one drawn line
// per pair of boxes carries every edge between them, and its tooltip and
// panel list them.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testMapLines: on the article's map the Internet and the game
// application talk both ways; the one line between them lists both
// connections on hover and in its panel, a connection opens its own panel
// with the line still marked, and the large demo's map draws exactly its
// bundles.
func testMapLines(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article") + "?view=map")
	const line = "bundle:app:game--internet"
	if n := eval[int](tb, `document.querySelectorAll('#canvas svg g.edge').length`); n != 1 {
		t.Fatalf("the article's map draws %d lines, want 1", n)
	}
	tb.hoverElement(line)
	tb.poll("line tooltip", `!document.getElementById('tooltip').hidden`)
	tip := eval[string](tb, `document.getElementById('tooltip').textContent`)
	for _, want := range []string{"TCP 80, 443", "Internet → game: TCP 80, 443 (both)", "game → Internet: TCP 443 (both)"} {
		if !strings.Contains(tip, want) {
			t.Errorf("line tooltip %q lacks %q", tip, want)
		}
	}
	tb.clickElement(line)
	tb.poll("line panel", `document.getElementById('panel').dataset.open === `+jsString(line))
	text := eval[string](tb, `document.getElementById('panel-body').textContent`)
	for _, want := range []string{"Connections (2)", "Internet → game: TCP 80, 443", "game → Internet: TCP 443", "⇄"} {
		if !strings.Contains(text, want) {
			t.Errorf("line panel lacks %q; it shows: %.500s", want, text)
		}
	}
	tb.screenshot("map-line-panel", false)
	edge := "edge:rule:internet->app:game:both"
	tb.do("open a connection", chromedp.Click(chromedp.CSS(`#panel-body .bundle-edges button[data-open="`+edge+`"]`)))
	tb.poll("connection panel", `document.getElementById('panel').dataset.open === `+jsString(edge))
	if text := eval[string](tb, `document.getElementById('panel-body').textContent`); !strings.Contains(text, "TCP 80") {
		t.Errorf("connection panel lacks its service: %.300s", text)
	}
	if !eval[bool](tb, `document.getElementById('d:`+line+`').classList.contains('selected')`) {
		t.Error("with a connection's panel open, its line is not marked")
	}

	_, vpc := biggestVPC(t)
	tb.open("/snapshots/demo-large/vpcs/"+vpc+"?view=map", "#diagram-page.ready")
	tb.waitDrawn("map of " + vpc)
	type counts struct{ Lines, Bundles, Unknown int }
	c := eval[counts](tb, `fetch(document.querySelector('body > main').dataset.pageDataUrl).then((r) => r.json()).then((pd) => {
  const ids = new Set((pd.graph.bundles || []).map((b) => b.id));
  const lines = [...document.querySelectorAll('#canvas svg g.edge')];
  return {Lines: lines.length, Bundles: ids.size, Unknown: lines.filter((g) => !ids.has(g.id.replace(/^d:/, ''))).length};
})`)
	if c.Lines != c.Bundles || c.Unknown != 0 || c.Lines == 0 {
		t.Errorf("the large map draws %d lines for %d bundles, %d of them no bundle", c.Lines, c.Bundles, c.Unknown)
	}
}
