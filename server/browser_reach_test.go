package server_test

// Browser test of the node panel's reachability queries (static/js/reach.js).

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func testReachPanel(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article") + "?view=detail")
	pd := tb.pageData()
	game1 := pd.nodeID(t, "game-1")
	tb.clickElement(game1)
	tb.poll("panel to open", `!document.getElementById('panel').hidden && !!document.querySelector('#panel-body .reach-to')`)

	// Who can reach game-1 on TCP 9999: the two Prometheus tasks, through
	// monitoring's egress and game-servers-production's ingress.
	tb.do("port filter", chromedp.SendKeys(chromedp.CSS(`#panel-body .reach-port`), "9999/tcp"))
	tb.do("ask who can reach", chromedp.Click(chromedp.CSS(`#panel-body .reach-to`)))
	tb.poll("the answer", `!!document.querySelector('#panel-body .reach-summary') && !/Asking/.test(document.querySelector('#panel-body .reach-results').textContent)`)
	text := eval[string](tb, `document.querySelector('#panel-body .reach-results').textContent`)
	for _, want := range []string{"2 flows", "prometheus-1", "prometheus-2", "TCP 9999", "OpenMetrics scrape by Prometheus",
		"Scrape OpenMetrics on the game servers", "sgr-0c3d4e5f607180002"} {
		if !strings.Contains(text, want) {
			t.Errorf("reach answer lacks %q: %.800s", want, text)
		}
	}
	if strings.Contains(text, "Internet") {
		t.Errorf("the Internet does not reach game-1 on 9999, but the answer says so: %.400s", text)
	}
	hit := eval[[]string](tb, `[...document.querySelectorAll('#canvas .reach-hit')].map((g) => g.dataset.ref || g.id).sort()`)
	mon, game := pd.groupID(t, "monitoring"), pd.groupID(t, "game-servers-production")
	for _, want := range []string{game1, pd.nodeID(t, "prometheus-1"), "edge:rule:" + mon + "->" + game + ":both"} {
		if !contains(hit, want) {
			t.Errorf("%s is not highlighted; highlighted: %q", want, hit)
		}
	}
	for _, not := range []string{pd.nodeID(t, "game-production"), pd.nodeID(t, "game-2")} {
		if contains(hit, not) {
			t.Errorf("%s is highlighted but has no part in a 9999 flow into game-1", not)
		}
	}
	if !eval[bool](tb, `document.getElementById('canvas').classList.contains('reaching')`) {
		t.Error("the rest of the diagram does not fade while a reach answer is shown")
	}
	tb.screenshot("reach-panel", false)

	// What game-1 reaches on TCP 9999: nothing in the VPC admits it (its
	// default egress reaches only the Internet, hidden in this view).
	tb.do("ask what it reaches", chromedp.Click(chromedp.CSS(`#panel-body .reach-from`)))
	tb.poll("the second answer", `/1 flow: what this can reach/.test(document.querySelector('#panel-body .reach-results').textContent)`)
	if text := eval[string](tb, `document.querySelector('#panel-body .reach-results').textContent`); !strings.Contains(text, "Internet") || strings.Contains(text, "prometheus") {
		t.Errorf("game-1 reaches on 9999 only the Internet: %.400s", text)
	}

	// Who reaches game-1 on SSH: nothing; the highlight goes.
	tb.do("port 22", chromedp.SetValue(chromedp.CSS(`#panel-body .reach-port`), "22/tcp"))
	tb.do("ask who can reach", chromedp.Click(chromedp.CSS(`#panel-body .reach-to`)))
	tb.poll("the third answer", `/Nothing can reach this/.test(document.querySelector('#panel-body .reach-results').textContent)`)
	if n := eval[int](tb, `document.querySelectorAll('#canvas .reach-hit').length`); n != 0 {
		t.Errorf("%d elements still highlighted after an empty answer", n)
	}

	// A bad port is a clear message, not a crash.
	tb.allow("400") // the failed fetch is reported by the browser
	tb.do("bad port", chromedp.SetValue(chromedp.CSS(`#panel-body .reach-port`), "99999/tcp"))
	tb.do("ask", chromedp.Click(chromedp.CSS(`#panel-body .reach-to`)))
	tb.poll("the error", `/Could not ask: .*99999/.test(document.querySelector('#panel-body .reach-results').textContent)`)
	tb.do("close", chromedp.Click(chromedp.CSS(`#panel-close`)))
	if n := eval[int](tb, `document.querySelectorAll('#canvas .reach-hit').length`); n != 0 {
		t.Errorf("%d elements highlighted after the panel closed", n)
	}
}
