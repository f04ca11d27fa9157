package server_test

// Browser test of the second level of the map (issue 14): clicking an
// application on the map of the biggest VPC opens an overview readable at
// 1920×1080, a counted node's panel lists the owners it stands for, and
// the others application opens as a map whose boxes open their own
// overviews.

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// appReadBars are the readability bars of DESIGN.md, "Levels".
const (
	appReadMinPx    = 8
	appReadMaxBoxes = 60
)

// testAppReadable: map → checkout (a click) is readable, a counted node's
// panel lists its members; map → others → one of its parts (clicks).
func testAppReadable(t *testing.T, e *browserEnv) {
	_, vpc := biggestVPC(t)
	tb := e.newTab(t)
	// Without the findings overlay: its badges ("⚠ 2 TCP 3306") lengthen
	// the labels, and the bars are met without it (docs/performance.md,
	// "Application overviews").
	path := "/snapshots/demo-large/vpcs/" + vpc + "?findings=0"
	tb.open(path, "#diagram-page.ready")
	tb.waitDrawn("map of " + vpc)
	tb.clickElement("app:checkout")
	tb.waitFor("the checkout overview", `location.search.includes('app=checkout')`)
	tb.open(strings.TrimPrefix(eval[string](tb, `location.href`), tb.base), "#diagram-page.ready")
	tb.waitDrawn("overview of checkout")
	checkPageReadable(t, tb)
	tb.screenshot("app-checkout-readable", false)

	pd := tb.pageData()
	var counted string
	var count int
	for _, n := range pd.Graph.Nodes {
		if strings.HasPrefix(n.ID, "count:") && n.Count > count {
			counted, count = n.ID, n.Count
		}
	}
	if counted == "" {
		t.Fatal("the checkout overview draws no counted node")
	}
	tb.clickElement(counted)
	tb.poll("the counted node's panel", `!document.getElementById('panel').hidden && document.querySelectorAll('#panel-body ul.owners li').length > 1`)
	members := eval[int](tb, `document.querySelectorAll('#panel-body ul.owners li').length`)
	heading := eval[string](tb, `[...document.querySelectorAll('#panel-body h3, #panel-body h4, #panel-body summary')].map((e) => e.textContent).join(' | ')`)
	if members < 2 || !strings.Contains(heading, "Stands for") {
		t.Errorf("counted node %s (%d): panel lists %d members under %q", counted, count, members, heading)
	}
	tb.screenshot("app-counted-panel", false)

	tb.open(path, "#diagram-page.ready")
	tb.waitDrawn("map again")
	tb.clickElement("app:" + graph.OthersApp)
	tb.waitFor("the others overview", `location.search.includes('app=others')`)
	tb.open(strings.TrimPrefix(eval[string](tb, `location.href`), tb.base), "#diagram-page.ready")
	tb.waitDrawn("overview of others")
	checkPageReadable(t, tb)
	var part string
	for _, a := range tb.appsOfPage() {
		part = a
		break
	}
	if part == "" {
		t.Fatal("the others overview lists no application it holds")
	}
	tb.clickElement("app:" + part)
	tb.waitFor("the overview of "+part, `location.search.includes('app=`+url.QueryEscape(part)+`')`)
	tb.open(strings.TrimPrefix(eval[string](tb, `location.href`), tb.base), "#diagram-page.ready")
	tb.waitDrawn("overview of " + part)
	if n := eval[int](tb, `document.querySelectorAll('#canvas g.cluster').length`); n == 0 {
		t.Errorf("the overview of %s (a part of others) draws no group", part)
	}
}

// appsOfPage are the names of the applications the page's graph lists
// (the others overview: the ones it holds).
func (tb *tab) appsOfPage() []string {
	tb.t.Helper()
	return eval[[]string](tb, `fetch(document.querySelector('body > main').dataset.pageDataUrl).then((r) => r.json()).then((pd) => (pd.graph.apps || []).map((a) => a.name))`)
}

// checkPageReadable measures the page's diagram.svg against the bars.
func checkPageReadable(t *testing.T, tb *tab) {
	t.Helper()
	svg := eval[string](tb, `fetch(location.pathname + '/diagram.svg' + location.search).then((r) => r.text())`)
	doc, err := svgcheck.Parse([]byte(svg))
	if err != nil {
		t.Fatalf("diagram.svg of %s: %v", eval[string](tb, `location.href`), err)
	}
	rd := doc.Readability()
	if rd.MinTextPx < appReadMinPx || rd.Overlaps > 0 || rd.OnBoxes > 0 || rd.Boxes > appReadMaxBoxes {
		t.Errorf("%s is not readable at 1920×1080: %s", eval[string](tb, `location.search`), rd)
	} else {
		t.Logf("%s: %s", eval[string](tb, `location.search`), rd)
	}
}
