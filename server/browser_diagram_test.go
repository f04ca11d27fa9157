package server_test

// Browser tests of the diagram page: enclosures, panels, search, view
// controls, downloads, pan and zoom, the embed link, a refused render and
// the large demo.

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
	"github.com/sgmap/sgmap/store"
)

// articleGroups are the article demo's three enclosures (DESIGN.md).
var articleGroups = []string{"game-servers-production", "monitoring", "lb-game-production"}

func testArticleEnclosures(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	path := tb.diagramPath("demo-article")
	tb.openDiagram(path)
	pd := tb.pageData()
	for _, name := range articleGroups {
		id := pd.groupID(t, name)
		if !eval[bool](tb, `[...document.querySelectorAll('#canvas svg g.cluster.group')].some((g) => g.id === 'd:' + `+jsString(id)+`)`) {
			t.Errorf("no g.cluster.group#%s (%s) in the diagram", id, name)
		}
	}
	// Fit on load: the whole diagram is inside the viewport.
	if !eval[bool](tb, `(() => { const v = document.getElementById('viewport').getBoundingClientRect();
  const r = document.querySelector('#canvas svg g.graph').getBoundingClientRect();
  return r.width > 50 && r.left >= v.left - 1 && r.right <= v.right + 1 && r.top >= v.top - 1 && r.bottom <= v.bottom + 1; })()`) {
		t.Error("the diagram is not fitted into the viewport on load")
	}
	if eval[bool](tb, `!!document.getElementById('big-vpc')`) {
		t.Error("the three-group article VPC shows the big-VPC note")
	}
	tb.screenshot("article-diagram", false)

	// A small laptop screen: the toolbar wraps, the diagram refits.
	tb.do("small screen", chromedp.EmulateViewport(1024, 640))
	tb.poll("refit", `(() => { const r = document.querySelector('#canvas svg g.graph').getBoundingClientRect(); return r.right <= 1025 && r.width > 50; })()`)
	if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 1024 {
		t.Errorf("at 1024px the page is %dpx wide", w)
	}
	tb.screenshot("article-diagram-1024", false)
}

func testGroupPanel(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article"))
	id := tb.pageData().groupID(t, "game-servers-production")
	tb.clickElement(id)
	tb.poll("panel to open", `!document.getElementById('panel').hidden`)
	text := eval[string](tb, `document.getElementById('panel-body').textContent`)
	for _, want := range []string{"game-servers-production", id, "game-1", "game-2", "game-3", "game-4", "10.0.10.11",
		"8443", "9999", "Game traffic forwarded by the game ALB", "OpenMetrics scrape by Prometheus",
		"lb-game-production", "monitoring"} {
		if !strings.Contains(text, want) {
			t.Errorf("group panel lacks %q; it shows: %.600s", want, text)
		}
	}
	// The rules are in the inbound table with their descriptions on the same row.
	rows := eval[[]string](tb, `[...document.querySelectorAll('#panel-body table.rules tr')].map((r) => r.textContent)`)
	for _, pair := range [][2]string{{"8443", "Game traffic forwarded by the game ALB"}, {"9999", "OpenMetrics scrape by Prometheus"}} {
		found := false
		for _, r := range rows {
			found = found || (strings.Contains(r, pair[0]) && strings.Contains(r, pair[1]))
		}
		if !found {
			t.Errorf("no rule row with %q and %q; rows: %q", pair[0], pair[1], rows)
		}
	}
	if !eval[bool](tb, `[...document.querySelectorAll('#canvas g.selected')].some((g) => g.id === 'd:' + `+jsString(id)+`)`) {
		t.Error("the clicked enclosure is not marked .selected")
	}
	tb.screenshot("article-panel", false)

	tb.do("press Escape", chromedp.KeyEvent(kb.Escape))
	tb.poll("panel to close", `document.getElementById('panel').hidden`)

	// Keyboard: focus the enclosure and press Enter.
	tb.do("focus enclosure", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#canvas g[tabindex]')].find((g) => g.id === 'd:' + `+jsString(id)+`).focus()`))
	tb.do("enter", chromedp.KeyEvent(kb.Enter))
	tb.poll("panel from the keyboard", `document.getElementById('panel').dataset.open === `+jsString(id))
	tb.do("press Escape", chromedp.KeyEvent(kb.Escape))
	tb.poll("panel to close", `document.getElementById('panel').hidden`)

	// The close button works too.
	tb.clickElement(id)
	tb.poll("panel to reopen", `!document.getElementById('panel').hidden`)
	tb.do("close button", chromedp.Click(chromedp.ID("panel-close")))
	tb.poll("panel to close", `document.getElementById('panel').hidden`)
}

func testEdgeAndNodePanels(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article"))
	pd := tb.pageData()
	game, mon := pd.groupID(t, "game-servers-production"), pd.groupID(t, "monitoring")
	edge := ""
	for _, ed := range pd.Graph.Edges {
		if ed.From == mon && ed.To == game {
			edge = ed.ID
		}
	}
	if edge == "" {
		t.Fatalf("no edge monitoring → game-servers-production in %+v", pd.Graph.Edges)
	}
	tb.hoverElement(edge)
	tb.poll("edge tooltip", `!document.getElementById('tooltip').hidden`)
	if tip := eval[string](tb, `document.getElementById('tooltip').textContent`); !strings.Contains(tip, "9999") {
		t.Errorf("edge tooltip %q lacks the port", tip)
	}
	tb.clickElement(edge)
	tb.poll("edge panel", `document.getElementById('panel').dataset.open === `+jsString(edge))
	text := eval[string](tb, `document.getElementById('panel-body').textContent`)
	for _, want := range []string{"TCP 9999", "OpenMetrics scrape by Prometheus", "monitoring", "game-servers-production"} {
		if !strings.Contains(text, want) {
			t.Errorf("edge panel lacks %q; it shows: %.500s", want, text)
		}
	}

	// A node: the load balancer.
	lb := ""
	for _, n := range pd.Graph.Nodes {
		if n.Kind == "load-balancer" {
			lb = n.ID
		}
	}
	if lb == "" {
		t.Fatal("no load-balancer node in the article diagram")
	}
	tb.clickElement(lb)
	tb.poll("node panel", `document.getElementById('panel').dataset.open === `+jsString(lb))
	if text := eval[string](tb, `document.getElementById('panel-body').textContent`); !strings.Contains(text, "game-production") || !strings.Contains(text, "Load balancer") {
		t.Errorf("node panel lacks the load balancer's name and kind: %.400s", text)
	}
	// A group link inside the panel opens that group.
	tb.do("open group from node panel", chromedp.Click(chromedp.CSS(`#panel-body button.link`)))
	tb.poll("group panel from link", `(document.getElementById('panel').dataset.open || '').startsWith('sg-')`)
}

func testSearchIP(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article") + "?view=detail")
	pd := tb.pageData()
	game1 := pd.nodeID(t, "game-1")
	game3 := pd.nodeID(t, "game-3")

	// "/" focuses the search box.
	tb.do("press /", chromedp.KeyEvent("/"))
	if !eval[bool](tb, `document.activeElement && document.activeElement.id === 'search'`) {
		t.Fatal(`"/" did not focus #search`)
	}
	// chromedp sends the "/" character as a separate event that the
	// keydown's preventDefault cannot cancel (a real keyboard's can).
	tb.clearSearch()
	tb.do("type IP", chromedp.KeyEvent("10.0.10.11"))
	highlighted := `[...document.querySelectorAll('#canvas g.highlight')].map((g) => g.id.slice(2))`
	// Typing goes through "1", which matches everything: wait for the whole IP's answer.
	tb.poll("game-1 highlighted", `(() => { const h = `+highlighted+`; return h.length === 1 && h.includes(`+jsString(game1)+`); })()`)
	got := eval[[]string](tb, highlighted)
	if len(got) != 1 {
		t.Errorf("searching 10.0.10.11 highlights %q, want only game-1 (%s)", got, game1)
	}
	if first := eval[string](tb, `(document.querySelector('#search-results li[data-target]') || {dataset: {}}).dataset.target || ''`); first != game1 {
		t.Errorf("first search result is %q, want game-1 (%s)", first, game1)
	}
	tb.screenshot("article-search", false)

	// CIDR containment: 10.0.10.0/24 holds game-1 and game-3 (private-a), not game-2 or game-4.
	tb.clearSearch()
	tb.do("type CIDR", chromedp.KeyEvent("10.0.10.0/24"))
	tb.poll("CIDR matches", highlighted+`.includes(`+jsString(game3)+`)`)
	got = eval[[]string](tb, highlighted)
	for _, name := range []string{"game-2", "game-4"} {
		id := pd.nodeID(t, name)
		for _, g := range got {
			if g == id {
				t.Errorf("10.0.10.0/24 highlights %s (%s), which is in 10.0.11.0/24", name, id)
			}
		}
	}
	if !contains(got, game1) {
		t.Errorf("10.0.10.0/24 does not highlight game-1: %q", got)
	}

	// A click on the diagram folds the list away but keeps the highlights.
	tb.do("click background", chromedp.MouseClickXY(20, eval[float64](tb, `document.getElementById('viewport').getBoundingClientRect().bottom - 20`)))
	if !eval[bool](tb, `document.getElementById('search-results').hidden && document.querySelectorAll('#canvas g.highlight').length > 0`) {
		t.Error("clicking the diagram did not fold the result list away while keeping the highlights")
	}
	tb.do("refocus", chromedp.Focus(chromedp.ID("search")))
	if eval[bool](tb, `document.getElementById('search-results').hidden`) {
		t.Error("focusing the search box again does not show the results")
	}

	// Enter opens the first result's panel; Escape clears the search and closes it.
	tb.do("enter", chromedp.KeyEvent(kb.Enter))
	tb.poll("panel from search", `!document.getElementById('panel').hidden`)
	tb.do("escape", chromedp.KeyEvent(kb.Escape))
	tb.poll("search cleared", `document.querySelectorAll('#canvas g.highlight').length === 0 && document.getElementById('search').value === '' && document.getElementById('panel').hidden`)

	// Names and tags.
	tb.do("focus", chromedp.Focus(chromedp.ID("search")))
	tb.do("type tag", chromedp.KeyEvent("game-server"))
	tb.poll("tag matches", highlighted+`.length >= 4`)
}

// clearSearch empties #search, as a user selecting its text and deleting
// it would, and leaves the focus in it.
func (tb *tab) clearSearch() {
	tb.t.Helper()
	tb.do("clear search", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('search');
  s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true})); s.focus(); })()`))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// testSearchModules runs the search and IP modules' edge cases in the
// browser, against the same files the server embeds.
func testSearchModules(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.open("/", "main#home")
	failures := eval[[]string](tb, `(async () => {
  const ip = await import('/static/js/ip.js');
  const { buildIndex, search } = await import('/static/js/search.js');
  const out = [];
  const eq = (got, want, what) => { if (got !== want) out.push(what + ': got ' + got + ', want ' + want); };
  const P = ip.parseIP, C = ip.parseCIDR;
  eq(P('10.0.10.11').n, 0x0a000a0bn, 'ipv4 value');
  eq(P('256.1.1.1'), null, 'octet > 255');
  eq(P('1.2.3'), null, 'short ipv4');
  eq(P('01.2.3.4.5'), null, 'long ipv4');
  eq(P('2001:db8::12').n, 0x20010db8000000000000000000000012n, 'ipv6 ::');
  eq(P('::ffff:10.0.0.1').n, 0xffff0a000001n, 'ipv4-mapped ipv6');
  eq(P('1::2::3'), null, 'two ::');
  eq(P('1:2:3:4:5:6:7'), null, 'short ipv6');
  eq(P('<img src=x>'), null, 'markup');
  eq(C('10.0.0.0/33'), null, 'prefix > 32');
  eq(ip.contains(C('10.0.0.0/16'), P('10.0.10.11')), true, '/16 holds');
  eq(ip.contains(C('10.0.11.0/24'), P('10.0.10.11')), false, '/24 does not hold');
  eq(ip.contains(C('10.0.0.0/16'), C('10.0.10.0/24')), true, 'block in block');
  eq(ip.contains(C('10.0.10.0/24'), C('10.0.0.0/16')), false, 'bigger block not in smaller');
  eq(ip.contains(C('2001:db8::/32'), P('2001:db8:0:1::5')), true, 'ipv6 in /32');
  eq(ip.contains(C('2001:db8::/32'), P('2001:db9::5')), false, 'ipv6 outside /32');
  eq(ip.contains(C('0.0.0.0/0'), P('2001:db8::1')), false, 'families differ');
  eq(ip.sameAddress('2001:db8::1', '2001:0DB8:0:0::1'), true, 'ipv6 spellings');
  const pd = {
    graph: { groups: [{ id: 'sg-a', regions: ['region:a'] }] },
    groups: { 'sg-a': { name: 'web', tags: { team: 'payments' } } },
    nodes: {
      'i-1': { name: 'web-1', kind: 'instance', ips: ['10.1.2.3', '2001:db8::7'], tags: {} },
      'i-2': { name: 'db', kind: 'rds', ips: ['10.1.9.9'], tags: { Name: 'orders' } },
      'cidr:vpc': { name: 'VPC', kind: 'cidr', ips: ['10.1.0.0/16'], tags: {} },
      internet: { name: 'Internet', kind: 'internet', ips: ['0.0.0.0/0'], tags: {} },
    },
    edges: { 'e-1': { label: 'TCP 443', rules: [{ rule_id: 'sgr-0abc' }] } },
  };
  const idx = buildIndex(pd);
  const ids = (q) => search(idx, q).map((x) => x.target).join(',');
  eq(ids('10.1.2.3'), 'i-1,cidr:vpc', 'ip: exact first, then the CIDR peer holding it, never /0');
  eq(ids('10.1.2.0/24'), 'i-1', 'cidr containment');
  eq(ids('10.1.0.0/16'), 'cidr:vpc,i-2,i-1', 'equal block first, then by name');
  eq(ids('2001:db8::/64'), 'i-1', 'ipv6 cidr');
  eq(ids('payments'), 'sg-a', 'tag value');
  eq(ids('team'), 'sg-a', 'tag key');
  eq(ids('ORDERS'), 'i-2', 'case-insensitive');
  eq(ids('sgr-0abc'), 'e-1', 'rule id');
  eq(ids('web'), 'sg-a,i-1', 'exact name before prefix');
  eq(ids('nothing-like-this'), '', 'no match');
  eq(ids('   '), '', 'blank');
  return out;
})()`)
	for _, f := range failures {
		t.Error(f)
	}
}

func testViewControls(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	base := tb.diagramPath("demo-article")
	tb.openDiagram(base)
	countKind := func(kind string) int {
		return eval[int](tb, `document.querySelectorAll('#canvas svg g.node.kind-`+kind+`').length`)
	}
	internetEdges := func() int {
		return eval[int](tb, `(async () => { const pd = await (await fetch(document.querySelector('body > main').dataset.pageDataUrl)).json();
  const inet = new Set(pd.graph.nodes.filter((n) => n.kind === 'internet').map((n) => n.id));
  return pd.graph.edges.filter((e) => inet.has(e.to) && [...document.querySelectorAll('#canvas g.edge')].some((g) => g.id === 'd:' + e.id)).length; })()`)
	}
	if v := tb.pageData().View; v != "overview" {
		t.Errorf("default view is %q, want overview", v)
	}
	if n := countKind("ecs-task"); n != 0 {
		t.Errorf("overview shows %d ecs-task nodes, want the prometheus tasks collapsed", n)
	}
	overviewInternet := internetEdges()

	// Picking "detail" navigates: the view is in the URL and the tasks are drawn one by one.
	tb.do("pick detail", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#view-controls select[name=view]');
  s.value = 'detail'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	tb.waitFor("URL with view=detail", `location.search.includes('view=detail')`)
	tb.openDiagram(eval[string](tb, `location.pathname + location.search`))
	if n := countKind("ecs-task"); n != 2 {
		t.Errorf("detail view shows %d ecs-task nodes, want 2 (prometheus-1, prometheus-2)", n)
	}
	if v := tb.pageData().View; v != "detail" {
		t.Errorf("page data view = %q after picking detail", v)
	}

	// The egress checkbox, clicked for real, adds the default egress edge to the Internet.
	tb.do("click egress", chromedp.Click(chromedp.CSS(`#view-controls input[name=egress]`)))
	tb.waitFor("URL with egress=1", `location.search.includes('egress=1')`)
	tb.openDiagram(eval[string](tb, `location.pathname + location.search`))
	loc := eval[string](tb, `location.search`)
	if !strings.Contains(loc, "view=detail") {
		t.Errorf("URL %q lost view=detail when egress changed", loc)
	}
	if got := internetEdges(); got <= overviewInternet {
		t.Errorf("egress=1 draws %d edges to the Internet, want more than the %d without it", got, overviewInternet)
	}
	if !eval[bool](tb, `document.querySelector('#view-controls input[name=egress]').checked`) {
		t.Error("egress checkbox is not checked after reload")
	}
}

// testFocus checks both ways to focus on one group: the view control and
// the panel's "Focus on this group" link. Focus draws the group and its
// direct neighbours only.
func testFocus(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	base := tb.diagramPath("demo-article")
	tb.openDiagram(base)
	pd := tb.pageData()
	mon, lb := pd.groupID(t, "monitoring"), pd.groupID(t, "lb-game-production")
	drawn := func(id string) bool {
		return eval[bool](tb, `[...document.querySelectorAll('#canvas g.cluster')].some((g) => g.id === 'd:' + `+jsString(id)+`)`)
	}

	tb.do("pick focus", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#view-controls select[name=focus]');
  s.value = `+jsString(mon)+`; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	tb.waitFor("URL with focus", `new URLSearchParams(location.search).get('focus') === `+jsString(mon))
	tb.openDiagram(eval[string](tb, `location.pathname + location.search`))
	if !drawn(mon) {
		t.Error("focus=monitoring does not draw monitoring")
	}
	if drawn(lb) {
		t.Error("focus=monitoring draws lb-game-production, which is no neighbour of monitoring")
	}
	if got := eval[string](tb, `document.querySelector('#view-controls select[name=focus]').value`); got != mon {
		t.Errorf("focus select shows %q after reload, want %q", got, mon)
	}

	// Back to all groups, then the panel's focus link.
	tb.openDiagram(base)
	tb.clickElement(lb)
	tb.poll("panel", `document.getElementById('panel').dataset.open === `+jsString(lb))
	tb.do("focus link", chromedp.Click(chromedp.CSS(`#panel-body .panel-actions a`)))
	tb.waitFor("URL with focus from the panel", `new URLSearchParams(location.search).get('focus') === `+jsString(lb))
	tb.openDiagram(eval[string](tb, `location.pathname + location.search`))
	if drawn(mon) {
		t.Error("focus=lb-game-production draws monitoring, which is no neighbour of it")
	}
}

func testDownloadSVG(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	path := tb.diagramPath("demo-article") + "?view=detail"
	tb.openDiagram(path)
	href := eval[string](tb, `document.getElementById('download-svg').getAttribute('href')`)
	if !strings.Contains(href, "diagram.svg") {
		t.Fatalf("#download-svg href = %q", href)
	}
	inPage := eval[string](tb, `fetch(document.getElementById('download-svg').href).then((r) => r.text())`)
	status, hdr, want := e.httpGet(t, href)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("GET %s: %d %s", href, status, hdr.Get("Content-Type"))
	}
	if inPage != string(want) {
		t.Errorf("the page's SVG download (%d bytes) differs from diagram.svg (%d bytes)", len(inPage), len(want))
	}
	// The inline SVG of the page is the same document, its ids
	// namespaced so that none can shadow one of the page's own.
	_, _, html := e.httpGet(t, path)
	if ns := server.InlineSVG(want); !bytes.Contains(html, bytes.TrimSpace(ns)) {
		t.Error("the diagram page's inline SVG is not the bytes of diagram.svg with namespaced ids")
	}
	dot := eval[string](tb, `fetch(document.getElementById('download-dot').href).then((r) => r.text())`)
	if !strings.Contains(dot, "digraph") {
		t.Errorf("#download-dot does not fetch DOT: %.80q", dot)
	}
	if !eval[bool](tb, `document.getElementById('download-svg').hasAttribute('download')`) {
		t.Error("#download-svg lacks the download attribute")
	}
	// The draw.io download is the route's file (docs/exports.md).
	if d := eval[string](tb, `fetch(document.getElementById('download-drawio').href).then((r) => r.text())`); !strings.HasPrefix(d, "<mxfile ") {
		t.Errorf("#download-drawio does not fetch a draw.io file: %.80q", d)
	}
}

func testPanZoomKeyboard(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article"))
	vb := func() viewBox {
		// data-view is the view at once; the viewBox follows when the steps pause.
		return eval[viewBox](tb, `(() => { const [X, Y, W, H] = document.getElementById('viewport').dataset.view.split(' ').map(Number); return {X, Y, W, H}; })()`)
	}
	fit := vb()
	tb.do("zoom in button", chromedp.Click(chromedp.ID("zoom-in")))
	if z := vb(); z.W >= fit.W {
		t.Errorf("zoom-in: viewBox width %v, want < %v", z.W, fit.W)
	}
	tb.do("key -", chromedp.KeyEvent("-"), chromedp.KeyEvent("-"))
	if z := vb(); z.W <= fit.W {
		t.Errorf("'-' twice: viewBox width %v, want > %v", z.W, fit.W)
	}
	tb.do("key 0", chromedp.KeyEvent("0"))
	if z := vb(); !near(z, fit) {
		t.Errorf("'0' did not fit again: %+v, want %+v", z, fit)
	}
	tb.do("key +", chromedp.KeyEvent("+"))
	before := vb()
	tb.do("arrow", chromedp.KeyEvent(kb.ArrowRight))
	if z := vb(); z.X <= before.X {
		t.Errorf("ArrowRight did not pan: x %v → %v", before.X, z.X)
	}
	// Drag with the mouse on an empty corner of the viewport.
	before = vb()
	x, y := 30.0, eval[float64](tb, `document.getElementById('viewport').getBoundingClientRect().bottom - 30`)
	tb.do("drag",
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x+40, y-20, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x+120, y-60, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseReleased, x+120, y-60, chromedp.ButtonLeft))
	if z := vb(); z.X >= before.X || z.Y <= before.Y {
		t.Errorf("dragging right and up did not move the diagram right and up: %+v → %+v", before, z)
	}
	if !eval[bool](tb, `document.getElementById('panel').hidden`) {
		t.Error("a drag opened the panel")
	}
	// Wheel zooms around the pointer.
	before = vb()
	tb.do("wheel", chromedp.Evaluate[chromedp.Void](`document.getElementById('viewport').dispatchEvent(new WheelEvent('wheel', {deltaY: -200, clientX: 400, clientY: 400, bubbles: true, cancelable: true}))`))
	if z := vb(); z.W >= before.W {
		t.Errorf("wheel up did not zoom in: width %v → %v", before.W, z.W)
	}
	before = vb()
	tb.do("double-click", chromedp.MouseClickXY(30, y, chromedp.ClickCount(2)))
	if z := vb(); z.W >= before.W {
		t.Errorf("double-click did not zoom in: width %v → %v", before.W, z.W)
	}
	tb.do("fit button", chromedp.Click(chromedp.ID("zoom-fit")))
	if z := vb(); !near(z, fit) {
		t.Errorf("zoom-fit: %+v, want %+v", z, fit)
	}
	// After a pause the picture is redrawn at the new view: the viewBox
	// is the view, and no transform is left.
	tb.do("zoom in", chromedp.Click(chromedp.ID("zoom-in")))
	tb.poll("redrawn sharp", `(() => { const s = document.querySelector('#canvas svg'); const b = s.viewBox.baseVal;
  return s.style.transform === '' && [b.x, b.y, b.width, b.height].map((n) => +n.toFixed(3)).join(' ') === document.getElementById('viewport').dataset.view; })()`)
}

// viewBox is the inline SVG's viewBox, which pan and zoom rewrite.
type viewBox struct{ X, Y, W, H float64 }

func near(a, b viewBox) bool {
	d := func(p, q float64) bool { return p-q < 0.5 && q-p < 0.5 }
	return d(a.X, b.X) && d(a.Y, b.Y) && d(a.W, b.W) && d(a.H, b.H)
}

func testCopyEmbed(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-article") + "?view=detail")
	want := eval[string](tb, `document.getElementById('copy-embed').dataset.url`)
	u, err := url.Parse(want)
	if err != nil || !u.IsAbs() || !strings.HasSuffix(u.Path, "/diagram.svg") || u.Query().Get("view") != "detail" {
		t.Errorf("copy-embed data-url = %q, want an absolute diagram.svg URL for view=detail", want)
	}
	tb.do("click copy", chromedp.Click(chromedp.ID("copy-embed")))
	// Headless Chromium may deny the clipboard: then the URL is shown in a selectable field.
	tb.poll("copy confirmation", `(() => { const s = document.querySelector('.copy-status'); return s && s.textContent.length > 0 || !!document.querySelector('.copy-fallback'); })()`)
	shown := eval[string](tb, `(() => { const f = document.querySelector('.copy-fallback'); return f ? f.value : (navigator.clipboard ? 'clipboard' : ''); })()`)
	if shown != "clipboard" && shown != want {
		t.Errorf("copy fallback shows %q, want %q", shown, want)
	}
}

func testLargeOverview(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	path := tb.diagramPath("demo-large") + "?view=overview" // the default is the map (testMapLevels)
	if status, _, _ := e.httpGet(t, path); status != 200 {  // render outside the browser's clock
		t.Fatalf("GET %s: %d", path, status)
	}
	start := time.Now()
	tb.openDiagram(path)
	tb.waitDrawn("large overview")
	t.Logf("large overview page (rendered, %d SVG elements) loaded and scripted in %v",
		eval[int](tb, `document.querySelectorAll('#canvas svg g').length`), time.Since(start).Round(time.Millisecond))
	if eval[bool](tb, `!!document.getElementById('render-error')`) {
		t.Logf("large overview did not render: %s", eval[string](tb, `document.getElementById('render-error').textContent`))
		if eval[int](tb, `document.querySelectorAll('#render-error a').length`) == 0 {
			t.Error("render error offers no links to a smaller view")
		}
	} else if n := eval[int](tb, `document.querySelectorAll('#canvas g.cluster').length`); n == 0 {
		t.Error("large overview has no enclosures")
	}
	tb.screenshot("large-overview", false)
	// A big VPC's page suggests focused views, and the note can be dismissed.
	hints := eval[[]string](tb, `[...document.querySelectorAll('#big-vpc a')].map((a) => a.getAttribute('href'))`)
	if len(hints) == 0 {
		t.Error("the large VPC's page suggests no focused view")
	}
	for _, h := range hints {
		if !strings.Contains(h, "focus=sg-") && !strings.Contains(h, "app=") {
			t.Errorf("hint %q opens neither an application nor a focus on a group", h)
		}
	}
	if text := eval[string](tb, `document.getElementById('big-vpc').textContent`); strings.Contains(text, "baseline") {
		t.Errorf("the note suggests focusing on a baseline group that encloses most of the VPC: %q", text)
	}
	tb.do("dismiss hint", chromedp.Click(chromedp.ID("big-vpc-close")))
	tb.poll("hint hidden", `document.getElementById('big-vpc').hidden`)
	// Big diagrams draw stubs for busy groups (class replica, id "<sg>#n"):
	// clicking one opens the real group.
	type stub struct{ ID, Ref, Name string }
	st := eval[stub](tb, `(async () => {
  const pd = await (await fetch(document.querySelector('body > main').dataset.pageDataUrl)).json();
  for (const g of document.querySelectorAll('#canvas g.replica')) {
    const ref = g.id.slice(2).replace(/#\d+$/, '');
    if (pd.groups[ref]) return {ID: g.id.slice(2), Ref: ref, Name: pd.groups[ref].name};
  }
  return {};
})()`)
	if st.ID == "" {
		// Busy groups drawn as shared-group chips need no stubs.
		t.Log("large overview draws no stub for a busy group")
	} else {
		tb.clickStub(st.ID, st.Ref, st.Name)
	}
	// Search still answers on a big page.
	tb.do("search", chromedp.Focus(chromedp.ID("search")), chromedp.KeyEvent("10."))
	tb.poll("results", `document.querySelectorAll('#search-results li').length > 0`)
}

// clickStub clicks a stub of a busy group and checks it opens the group.
func (tb *tab) clickStub(id, ref, name string) {
	t := tb.t
	t.Helper()
	st := struct{ ID, Ref, Name string }{id, ref, name}
	tb.do("click stub "+st.ID, chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#canvas g.replica')].find((g) => g.id === 'd:' + `+jsString(st.ID)+`).dispatchEvent(new MouseEvent('click', {bubbles: true}))`))
	tb.poll("panel for "+st.Ref, `!document.getElementById('panel').hidden`)
	if text := eval[string](tb, `document.getElementById('panel-body').textContent`); !strings.Contains(text, st.Name) || !strings.Contains(text, st.Ref) {
		t.Errorf("clicking stub %s opened a panel without group %s (%s): %.200q", st.ID, st.Name, st.Ref, text)
	}
}

// testRenderError checks the diagram page when Graphviz refuses the graph:
// a clear message, links to smaller views, and a page whose scripts still
// work (search, no console errors) without an SVG.
func testRenderError(t *testing.T, e *browserEnv) {
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	tiny := &render.Wasm{Limits: &render.Limits{Nodes: 2}}
	h, err := server.New(server.Config{Demos: true, Renderer: tiny, Store: st, Version: "browsertest"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tb := e.newTab(t)
	tb.base = srv.URL
	tb.openDiagram(tb.diagramPath("demo-article"))
	if !eval[bool](tb, `!!document.getElementById('render-error') && !document.querySelector('#canvas svg')`) {
		t.Fatal("a refused render does not show #render-error without a diagram")
	}
	msg := eval[string](tb, `document.getElementById('render-error').textContent`)
	if !strings.Contains(msg, "too large") {
		t.Errorf("render error says %q, want it to say the graph is too large", msg)
	}
	if n := eval[int](tb, `document.querySelectorAll('#render-error a[href]').length`); n == 0 {
		t.Error("render error offers no link to a smaller view")
	}
	tb.do("search", chromedp.Focus(chromedp.ID("search")), chromedp.KeyEvent("game-1"))
	tb.poll("search results without a diagram", `document.querySelectorAll('#search-results li.not-drawn').length > 0`)
	tb.do("zoom keys do nothing harmful", chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent("+"), chromedp.KeyEvent("0"))
	tb.screenshot("render-error", false)
}
