package server_test

// Browser tests of the levels of a big VPC (issue 14): the map opens
// first, an application opens from it and the breadcrumb goes back,
// search jumps to the level that draws a hit, a slow render shows progress
// and replaces itself, the findings page filters and pages; and ids from
// data never shadow the page's own (issue 8 item 4).

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
	"github.com/sgmap/sgmap/store"
)

// drawnTimeout bounds the wait for a cold render of the large demo's
// biggest views in the browser (the page shows progress meanwhile).
const drawnTimeout = 80 * time.Second

// waitDrawn waits until the diagram page shows its diagram, through the
// reloads of the progress note.
func (tb *tab) waitDrawn(what string) {
	tb.t.Helper()
	deadline := time.Now().Add(drawnTimeout)
	js := `!!document.querySelector('#diagram-page.ready > #viewport > #canvas > svg')`
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if ok, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`!!document.getElementById('render-error')`)); ok {
			tb.t.Fatalf("%s: %s", what, eval[string](tb, `document.getElementById('render-error').textContent`))
		}
		time.Sleep(200 * time.Millisecond)
	}
	tb.t.Fatalf("%s: no diagram after %v", what, drawnTimeout)
}

// biggestVPC is the VPC of the large demo with the most ENIs.
func biggestVPC(t testing.TB) (*sgmap.Snapshot, string) {
	t.Helper()
	snap, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	best := ""
	for _, e := range snap.Interfaces {
		count[e.VPCID]++
		if best == "" || count[e.VPCID] > count[best] {
			best = e.VPCID
		}
	}
	return snap, best
}

// firstApp is the first application (by id) of the VPC that is not a
// shared group or the "others" catch-all.
func firstApp(t *testing.T, snap *sgmap.Snapshot, vpc string) string {
	t.Helper()
	apps, err := graph.Applications(snap, vpc, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if !a.Shared && a.Name != graph.OthersApp {
			return a.Name
		}
	}
	t.Fatalf("%s has no application", vpc)
	return ""
}

// crumbs returns the breadcrumb texts and the href of each ("" for the current page).
func (tb *tab) crumbs() [][2]string {
	tb.t.Helper()
	return eval[[][2]string](tb, `[...document.querySelectorAll('.breadcrumb li')].map((li) => {
  const a = li.querySelector('a'); return [li.textContent.trim(), a ? a.getAttribute('href') : '']; })`)
}

// testMapLevels: the map opens for the biggest VPC, an application box
// opens its overview, the breadcrumb goes back to the map.
func testMapLevels(t *testing.T, e *browserEnv) {
	snap, vpc := biggestVPC(t)
	if v, err := graph.DefaultView(snap, vpc, graph.Options{}); err != nil || v != graph.Map {
		t.Fatalf("DefaultView of %s = %q, %v: the test needs the map", vpc, v, err)
	}
	tb := e.newTab(t)
	path := "/snapshots/demo-large/vpcs/" + vpc
	tb.open(path, "#diagram-page.ready")
	tb.waitDrawn("map of " + vpc)
	pd := tb.pageData()
	if pd.View != "map" {
		t.Fatalf("the page of %s opens view %q, want map", vpc, pd.View)
	}
	// The first application, as testSearchIPJumps picks it: one cold
	// render of an application's overview serves both tests.
	first := firstApp(t, snap, vpc)
	var app, appName string
	for _, n := range pd.Graph.Nodes {
		if n.Kind == "app" && n.Name == first {
			app, appName = n.ID, n.Name
		}
	}
	if app == "" {
		t.Fatal("the map draws no application box")
	}
	if got := eval[string](tb, `document.querySelector('.levels a.current')?.textContent || ''`); got != "Map" {
		t.Errorf("the level switch marks %q, want Map", got)
	}
	c := tb.crumbs()
	if last := c[len(c)-1]; !strings.Contains(last[0], vpc) || last[1] != "" {
		t.Errorf("on the map the last breadcrumb is %v, want the VPC as current page", last)
	}
	if n := eval[int](tb, `document.querySelectorAll('#big-vpc a[href*="app="]').length`); n == 0 {
		t.Error("the map suggests no busy application")
	}
	tb.screenshot("map-large", false)

	tb.clickElement(app)
	tb.waitFor("the application's overview", `location.search.includes('app=`+url.QueryEscape(appName)+`')`)
	tb.open(strings.TrimPrefix(eval[string](tb, `location.href`), tb.base), "#diagram-page.ready")
	tb.waitDrawn("overview of " + appName)
	if pd := tb.pageData(); pd.View != "overview" {
		t.Errorf("an application box opened view %q, want overview", pd.View)
	}
	c = tb.crumbs()
	if last := c[len(c)-1]; !strings.Contains(last[0], appName) || last[1] != "" {
		t.Errorf("in application %s the last breadcrumb is %v", appName, last)
	}
	back := c[len(c)-2]
	if !strings.Contains(back[0], vpc) || back[1] != path {
		t.Errorf("the breadcrumb before the application is %v, want a link to %s", back, path)
	}
	tb.screenshot("app-overview", false)
	tb.do("breadcrumb back", chromedp.Click(chromedp.CSS(`.breadcrumb a[href="`+path+`"]`)))
	tb.waitFor("back on the map", `location.search === '' && !!document.querySelector('#diagram-page.ready')`)
	tb.waitDrawn("map again")
	if pd := tb.pageData(); pd.View != "map" {
		t.Errorf("the breadcrumb went back to view %q, want map", pd.View)
	}
}

// testSearchIPJumps: on the map, searching an IP inside an application
// offers the application's overview and Enter opens it with the node's
// panel.
func testSearchIPJumps(t *testing.T, e *browserEnv) {
	snap, vpc := biggestVPC(t)
	want := firstApp(t, snap, vpc)
	apps, _ := graph.Applications(snap, vpc, "")
	in := map[string]bool{}
	for _, a := range apps {
		for _, g := range a.Groups {
			in[g] = a.Name == want
		}
	}
	var ip string
	for _, n := range snap.Interfaces {
		if n.VPCID == vpc && len(n.PrivateIPs) > 0 && n.OwnerID != "" && len(n.GroupIDs) > 0 && in[n.GroupIDs[0]] {
			ip = n.PrivateIPs[0]
			break
		}
	}
	if ip == "" {
		t.Fatal("no ENI of the biggest VPC inside an application")
	}
	tb := e.newTab(t)
	tb.open("/snapshots/demo-large/vpcs/"+vpc, "#diagram-page.ready")
	tb.waitDrawn("map")
	tb.do("search "+ip, chromedp.Focus(chromedp.ID("search")), chromedp.KeyEvent(ip))
	tb.poll("a hit in another level", `[...document.querySelectorAll('#search-results li.elsewhere')].some((li) => li.dataset.url.includes('app=`+url.QueryEscape(want)+`'))`)
	tb.screenshot("search-ip-map", false)
	tb.do("enter", chromedp.KeyEvent(kb.Enter))
	tb.waitFor("the application's overview", `location.search.includes('app=`+url.QueryEscape(want)+`') && location.hash.length > 1`)
	tb.open(strings.TrimPrefix(eval[string](tb, `location.href`), tb.base), "#diagram-page.ready")
	tb.waitDrawn("overview of " + want)
	tb.poll("the panel of the node holding "+ip, `!document.getElementById('panel').hidden && document.getElementById('panel-body').textContent.includes(`+jsString(ip)+`)`)
	if n := eval[int](tb, `document.querySelectorAll('#canvas g.selected').length`); n == 0 {
		t.Error("the node holding the IP is not marked selected")
	}
}

// holdRenderer delays every render by delay: the test hook for a slow
// render.
type holdRenderer struct {
	server.Renderer
	delay time.Duration
}

func (r *holdRenderer) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	select {
	case <-time.After(r.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return r.Renderer.SVG(ctx, dot)
}

// testSlowRender: a render slower than the page's wait shows progress
// (no "reload" instruction) and the page replaces itself with the diagram.
func testSlowRender(t *testing.T, e *browserEnv) {
	t.Cleanup(server.SetPageRenderWait(100 * time.Millisecond))
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Config{Demos: true, Renderer: &holdRenderer{&render.Wasm{}, 2500 * time.Millisecond}, Store: st, Version: "browsertest"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tb := e.newTab(t)
	tb.base = srv.URL
	snap, _ := demo.Get("article")
	tb.open("/snapshots/demo-article/vpcs/"+snap.VPCIDs()[0], "#diagram-page.ready")
	if !eval[bool](tb, `!!document.getElementById('render-progress') && !document.querySelector('#canvas svg')`) {
		t.Fatal("a slow render shows no #render-progress")
	}
	text := eval[string](tb, `document.getElementById('render-progress').textContent`)
	if strings.Contains(strings.ToLower(text), "reload") || !strings.Contains(text, "boxes") {
		t.Errorf("the progress note says %q: want what is drawn, and no reload instruction", text)
	}
	tb.screenshot("slow-render-progress", false)
	tb.waitDrawn("the diagram after a slow render")
	if eval[bool](tb, `!!document.getElementById('render-progress')`) {
		t.Error("the progress note stayed after the diagram came")
	}
}

// testFindingsPage: the findings page of demo-large is grouped, filters
// by severity, id and text, and pages, never listing more than a page.
func testFindingsPage(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.open("/snapshots/demo-large", "main#snapshot")
	if n := eval[int](tb, `document.querySelectorAll('#finding-groups tr.finding-group').length`); n == 0 {
		t.Fatal("the snapshot page shows no finding groups")
	}
	tb.do("all findings", chromedp.Click(chromedp.ID("all-findings")))
	tb.waitFor("findings page", `!!document.querySelector('main#findings-page')`)
	total := eval[int](tb, `+document.querySelector('main#findings-page').dataset.total`)
	rows := func() int { return eval[int](tb, `document.querySelectorAll('#findings tr.finding').length`) }
	if total < 1000 || rows() == 0 || rows() > 50 {
		t.Fatalf("findings page: %d findings, %d rows shown; want thousands, at most 50 rows", total, rows())
	}
	tb.screenshot("findings-page", false)
	tb.do("severity warning", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#finding-filters select[name=severity]');
  s.value = 'warning'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	tb.waitFor("severity filter", `location.search.includes('severity=warning') && !!document.querySelector('main#findings-page')`)
	if n := eval[int](tb, `[...document.querySelectorAll('#findings tr.finding')].filter((r) => r.dataset.severity !== 'warning').length`); n != 0 || rows() == 0 {
		t.Errorf("severity=warning shows %d other rows of %d", n, rows())
	}
	first := eval[string](tb, `document.querySelector('#findings tr.finding').dataset.subject`)
	tb.do("next page", chromedp.Click(chromedp.CSS(`.pager a[rel=next]`)))
	tb.waitFor("page 2", `location.search.includes('page=2') && !!document.querySelector('main#findings-page')`)
	if got := eval[string](tb, `document.querySelector('#findings tr.finding')?.dataset.subject || ''`); got == "" || got == first || rows() > 50 {
		t.Errorf("page 2 starts with %q (page 1 with %q), %d rows", got, first, rows())
	}
	if !strings.Contains(eval[string](tb, `document.getElementById('findings-count').textContent`), "51–") {
		t.Errorf("page 2 says %q", eval[string](tb, `document.getElementById('findings-count').textContent`))
	}
	// A group link narrows to one finding id in one VPC; text narrows further.
	g := eval[[]string](tb, `(() => { const r = document.querySelector('#finding-groups tr.finding-group'); return [r.dataset.finding, r.dataset.vpc, r.dataset.count]; })()`)
	tb.do("group link", chromedp.Click(chromedp.CSS(`#finding-groups tr.finding-group a`)))
	tb.waitFor("group filter", `location.search.includes('id=`+g[0]+`') && !!document.querySelector('main#findings-page')`)
	if got := eval[string](tb, `document.querySelector('main#findings-page').dataset.matched`); got != g[2] {
		t.Errorf("group %s/%s lists %s findings, its count is %s", g[0], g[1], got, g[2])
	}
	subject := eval[string](tb, `document.querySelector('#findings tr.finding').dataset.subject`)
	tb.do("text filter", chromedp.SendKeys(`#finding-filters input[name=q]`, subject+kb.Enter))
	tb.waitFor("text filter", `location.search.includes('q=') && !!document.querySelector('main#findings-page')`)
	if n := eval[int](tb, `[...document.querySelectorAll('#findings tr.finding')].filter((r) => r.dataset.subject !== `+jsString(subject)+`).length`); n != 0 {
		t.Errorf("text filter %q left %d rows about something else", subject, n)
	}
}
