package server_test

// Browser tests: the real server (demos on, a real in-process Graphviz
// renderer, a data folder for uploads) driven by a real headless Chromium
// through chromedp. One browser for the whole suite (TestBrowser), one tab
// per subtest; every tab fails its test on a JavaScript exception, a
// console error, a failed resource load, a CSP violation or a dialog.
//
// Chromium is Debian's `chromium` (scripts/install-test-deps.sh installs
// it). Without it the suite is skipped, except under CI=true, where it
// fails: CI must run these tests.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
	"github.com/sgmap/sgmap/store"
)

const (
	// tabTimeout bounds one subtest's browser work; a cold render of the
	// large demo's overview is the slowest step.
	tabTimeout = 90 * time.Second
	// artifactsDir receives screenshots (gitignored), relative to server/.
	artifactsDir = "../testartifacts"
)

// cspWatcher runs before any page script and records CSP violations, which
// a page cannot hide from it.
const cspWatcher = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});`

// browserEnv is what every browser subtest shares.
type browserEnv struct {
	srv     *httptest.Server
	browser context.Context // the browser's context; tabs are its children
}

// TestBrowser starts one server and one Chromium and runs every browser
// scenario in its own tab.
func TestBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser tests skipped in -short mode")
	}
	chrome := mustFindChromium(t)
	env := &browserEnv{srv: newBrowserServer(t), browser: startBrowser(t, chrome)}
	tests := []struct {
		name string
		run  func(*testing.T, *browserEnv)
	}{
		{"Home", testHome},
		{"EmptyHome", testEmptyHome},
		{"SnapshotPage", testSnapshotPage},
		{"ArticleEnclosures", testArticleEnclosures},
		{"GroupPanel", testGroupPanel},
		{"EdgeAndNodePanels", testEdgeAndNodePanels},
		{"SearchIP", testSearchIP},
		{"SearchModules", testSearchModules},
		{"ViewControls", testViewControls},
		{"Focus", testFocus},
		{"DownloadSVG", testDownloadSVG},
		{"DownloadMenu", testDownloadMenu},
		{"PanZoomKeyboard", testPanZoomKeyboard},
		{"CopyEmbed", testCopyEmbed},
		{"CopyEmbedSigned", testCopyEmbedSigned},
		{"Upload", testUpload},
		{"Hostile", testHostile},
		{"Regions", testRegions},
		{"RenderError", testRenderError},
		{"LargeOverview", testLargeOverview},
		{"MapLevels", testMapLevels},
		{"SearchIPJumps", testSearchIPJumps},
		{"AppReadable", testAppReadable},
		{"SlowRender", testSlowRender},
		{"FindingsPage", testFindingsPage},
		{"ClobberIDs", testClobberIDs},
		{"ReachPanel", testReachPanel},
		{"ReviewPolish", testReviewPolish},
		{"DiffPage", testDiffPage},
		{"MapLines", testMapLines},
		{"Logout", testLogout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, env) })
	}
}

// mustFindChromium returns the Chromium binary, or skips (fails under CI).
func mustFindChromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "Chromium not found: install it with `bash scripts/install-test-deps.sh` (Debian: apt-get install chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so the browser tests must run")
	}
	t.Skip(msg)
	return ""
}

// newBrowserServer starts the real server: demos on, in-process Graphviz,
// a data folder so uploads work.
func newBrowserServer(t testing.TB) *httptest.Server {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	// Hosts as serve sets them without a token: the dashboard must work
	// in a real browser with DNS-rebinding protection on.
	h, err := server.New(server.Config{Demos: true, Renderer: &render.Wasm{}, Store: st, Version: "browsertest", Hosts: []string{"localhost"}})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// startBrowser starts Chromium with no background networking (the test
// machine may have no network) and a fresh profile.
func startBrowser(t testing.TB, chrome string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	start := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium %s: %v", chrome, err)
	}
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
	return bctx
}

// tab is one browser tab and what it reported.
type tab struct {
	t    *testing.T
	base string
	ctx  context.Context

	mu       sync.Mutex
	tabCtx   context.Context
	problems []string
	dialogs  []string
	// allowed are substrings of console errors a test provokes on purpose.
	allowed []string
}

// newTab opens a tab whose console errors, exceptions, dialogs and CSP
// violations fail t when the subtest ends.
func (e *browserEnv) newTab(t *testing.T) *tab {
	t.Helper()
	tb := &tab{t: t, base: e.srv.URL}
	tctx, cancelTab := chromedp.NewContext(e.browser, chromedp.WithListener(tb.listen))
	if err := chromedp.Do(tctx); err != nil {
		cancelTab()
		t.Fatalf("open tab: %v", err)
	}
	tb.mu.Lock()
	tb.tabCtx = tctx
	tb.mu.Unlock()
	if _, err := chromedp.Call(tctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatcher}); err != nil {
		cancelTab()
		t.Fatalf("install CSP watcher: %v", err)
	}
	ctx, cancel := context.WithTimeout(tctx, tabTimeout)
	tb.ctx = ctx
	t.Cleanup(func() {
		tb.checkClean()
		cancel()
		cancelTab()
	})
	return tb
}

// listen runs in the tab's event loop: record, never block.
func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, text))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			tb.problems = append(tb.problems, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *log.EventEntryAdded:
		// The layout declares an empty icon, so not even Chromium's own
		// /favicon.ico request may fail.
		if ev.Entry.Level == log.EntryLevelError {
			tb.problems = append(tb.problems, fmt.Sprintf("log %s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *page.EventJavascriptDialogOpening:
		tb.dialogs = append(tb.dialogs, string(ev.Type)+": "+ev.Message)
		// A dialog blocks the page: dismiss it from outside the event loop.
		go chromedp.Call(tb.tabCtx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
	}
}

// allow lets console errors containing s pass (for errors a test provokes,
// like a 400 answer to a bad upload).
func (tb *tab) allow(s string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.allowed = append(tb.allowed, s)
}

// checkClean fails the test on anything the tab reported.
func (tb *tab) checkClean() {
	tb.t.Helper()
	if csp, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]string](`window.__csp || []`)); err == nil {
		for _, v := range csp {
			tb.t.Errorf("CSP violation: %s", v)
		}
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		ok := false
		for _, a := range tb.allowed {
			ok = ok || strings.Contains(p, a)
		}
		if !ok {
			tb.t.Errorf("browser reported: %s", p)
		}
	}
	for _, d := range tb.dialogs {
		tb.t.Errorf("a dialog opened: %s", d)
	}
}

// open navigates to path (relative to the server) and waits for sel.
func (tb *tab) open(path, sel string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(tb.base+path), chromedp.WaitReady(chromedp.CSS(sel))); err != nil {
		tb.t.Fatalf("open %s (waiting for %s): %v", path, sel, err)
	}
}

// openDiagram opens a diagram page and waits until diagram.js has run.
func (tb *tab) openDiagram(path string) {
	tb.t.Helper()
	tb.open(path, "#diagram-page.ready")
}

// do runs actions, failing the test with what on error.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates js in the page and decodes its (JSON-able) value.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// poll waits until the JS expression is truthy.
func (tb *tab) poll(what, js string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		tb.t.Fatalf("waiting for %s (%s): %v", what, js, err)
	}
}

// waitFor is poll for a condition reached through a navigation (a reload,
// a form submit): evaluation errors while the old page goes away are retried.
func (tb *tab) waitFor(what, js string) {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	tb.t.Fatalf("waiting for %s (%s): last error %v", what, js, last)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string { return jsValue(s) }

// jsValue writes v as a JavaScript literal (JSON is one).
func jsValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// clickElement clicks the diagram element with the given id through real
// mouse events, at a point where that element (not something drawn over
// it) is hit: the centre of its label first, then points along its edge.
func (tb *tab) clickElement(id string) {
	tb.t.Helper()
	x, y := tb.pointOn(id)
	tb.do("click "+id, chromedp.MouseClickXY(x, y))
}

// hoverElement moves the mouse over the diagram element with the given id.
func (tb *tab) hoverElement(id string) {
	tb.t.Helper()
	x, y := tb.pointOn(id)
	tb.do("hover "+id, chromedp.MouseEvent(chromedp.MouseMoved, x-3, y-3), chromedp.MouseEvent(chromedp.MouseMoved, x, y))
}

func (tb *tab) pointOn(id string) (x, y float64) {
	tb.t.Helper()
	type point struct {
		X, Y float64
		OK   bool
		Why  string
	}
	p := eval[point](tb, `(() => {
  const id = `+jsString(id)+`;
  const el = [...document.querySelectorAll('#canvas svg g')].find((g) => g.id === 'd:' + id);
  if (!el) return {OK: false, Why: 'no element'};
  const hits = (x, y) => { const t = document.elementFromPoint(x, y); return t && t.closest('g.node, g.edge, g.cluster') === el; };
  const cands = [];
  for (const t of el.querySelectorAll('text')) { const r = t.getBoundingClientRect(); cands.push([r.left + r.width / 2, r.top + r.height / 2]); }
  const r = el.getBoundingClientRect();
  for (const f of [0.5, 0.1, 0.9, 0.3, 0.7]) cands.push([r.left + 4, r.top + r.height * f], [r.left + r.width * f, r.top + 4], [r.right - 4, r.top + r.height * f], [r.left + r.width * f, r.bottom - 4], [r.left + r.width * f, r.top + r.height * f]);
  for (const [x, y] of cands) if (x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && hits(x, y)) return {X: x, Y: y, OK: true};
  return {OK: false, Why: 'covered or off screen: ' + JSON.stringify(r)};
})()`)
	if !p.OK {
		tb.t.Fatalf("cannot point at %s: %s", id, p.Why)
	}
	return p.X, p.Y
}

// screenshot saves a PNG of the viewport (full page when full) to testartifacts/.
func (tb *tab) screenshot(name string, full bool) {
	tb.t.Helper()
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		tb.t.Fatalf("screenshots: %v", err)
	}
	// Let the panel's slide-in animation finish.
	time.Sleep(300 * time.Millisecond)
	act := chromedp.CaptureScreenshot()
	if full {
		act = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(tb.ctx, act)
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(artifactsDir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	tb.t.Logf("screenshot: %s", path)
}

// httpGet fetches path from the test server and returns status, headers
// and body.
func (e *browserEnv) httpGet(t *testing.T, path string) (int, http.Header, []byte) {
	t.Helper()
	res, err := e.srv.Client().Get(e.srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return res.StatusCode, res.Header, body
}

// pageData is the part of the diagram page's #page-data the tests read.
type pageData struct {
	Snapshot string `json:"snapshot"`
	VPC      string `json:"vpc"`
	View     string `json:"view"`
	Graph    struct {
		Groups []struct {
			ID      string   `json:"id"`
			Name    string   `json:"name"`
			Regions []string `json:"regions"`
		} `json:"groups"`
		Nodes []struct {
			ID    string `json:"id"`
			Kind  string `json:"kind"`
			Name  string `json:"name"`
			Count int    `json:"count"`
		} `json:"nodes"`
		Edges []struct {
			ID   string `json:"id"`
			From string `json:"from"`
			To   string `json:"to"`
			Kind string `json:"kind"`
		} `json:"edges"`
		Regions []struct {
			ID     string   `json:"id"`
			Label  string   `json:"label"`
			Groups []string `json:"groups"`
		} `json:"regions"`
	} `json:"graph"`
	Groups map[string]struct {
		Name string `json:"name"`
	} `json:"groups"`
	Nodes map[string]struct {
		Name string   `json:"name"`
		Kind string   `json:"kind"`
		IPs  []string `json:"ips"`
	} `json:"nodes"`
}

// pageData reads #page-data of the open diagram page.
func (tb *tab) pageData() pageData {
	tb.t.Helper()
	raw := eval[string](tb, `fetch(document.querySelector('body > main').dataset.pageDataUrl).then((r) => r.text())`)
	var pd pageData
	if err := json.Unmarshal([]byte(raw), &pd); err != nil {
		tb.t.Fatalf("page data is not JSON: %v", err)
	}
	return pd
}

// groupID returns the id of the group named name in the page data.
func (pd pageData) groupID(t *testing.T, name string) string {
	t.Helper()
	for _, g := range pd.Graph.Groups {
		if g.Name == name {
			return g.ID
		}
	}
	t.Fatalf("no group %q in the page's graph", name)
	return ""
}

// nodeID returns the id of the node named name in the page data.
func (pd pageData) nodeID(t *testing.T, name string) string {
	t.Helper()
	for _, n := range pd.Graph.Nodes {
		if n.Name == name {
			return n.ID
		}
	}
	t.Fatalf("no node %q in the page's graph", name)
	return ""
}

// diagramPath finds the diagram page of a snapshot's first (or only) VPC
// through the home page's links, as a user would.
func (tb *tab) diagramPath(snapshot string) string {
	tb.t.Helper()
	tb.open("/", "main#home")
	href := eval[string](tb, `(() => {
  const s = [...document.querySelectorAll('section.snapshot')].find((x) => x.dataset.snapshot === `+jsString(snapshot)+`);
  const a = s && s.querySelector('tr[data-vpc] a.vpc-link');
  return a ? a.getAttribute('href') : '';
})()`)
	if href == "" {
		tb.t.Fatalf("home lists no VPC link for %s", snapshot)
	}
	return href
}

// newTokenTab starts a demo server of its own that needs token (the shared
// one has none) and opens a tab on it.
func (e *browserEnv) newTokenTab(t *testing.T, token string) (*tab, *httptest.Server) {
	t.Helper()
	h, err := server.New(server.Config{Demos: true, Renderer: &render.Wasm{}, Token: token, Version: "browsertest"})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tb := e.newTab(t)
	tb.base = srv.URL
	return tb, srv
}
