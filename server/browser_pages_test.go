package server_test

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
	"github.com/sgmap/sgmap/store"
)

func testHome(t *testing.T, e *browserEnv) {
	// The CSP checks of every tab only mean something if pages send a CSP.
	if _, hdr, _ := e.httpGet(t, "/"); !strings.Contains(hdr.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("home's Content-Security-Policy = %q, want script-src 'self'", hdr.Get("Content-Security-Policy"))
	}
	tb := e.newTab(t)
	tb.open("/", "main#home")
	type snap struct {
		ID   string
		Demo bool
		VPCs int
	}
	got := eval[[]snap](tb, `[...document.querySelectorAll('main#home section.snapshot')].map((s) => ({
  ID: s.dataset.snapshot, Demo: !!s.querySelector('.badge-demo'),
  VPCs: s.querySelectorAll('table.vpcs tr[data-vpc] a.vpc-link').length}))`)
	want := map[string]bool{"demo-article": false, "demo-antipattern": false, "demo-large": false}
	for _, s := range got {
		if _, ok := want[s.ID]; !ok {
			continue
		}
		want[s.ID] = true
		if !s.Demo {
			t.Errorf("home: %s is not marked as a demo (.badge-demo)", s.ID)
		}
		if s.VPCs == 0 {
			t.Errorf("home: %s lists no VPC links", s.ID)
		}
	}
	for id, seen := range want {
		if !seen {
			t.Errorf("home does not list %s; sections: %+v", id, got)
		}
	}
	if n := eval[int](tb, `document.querySelectorAll('section.snapshot[data-snapshot="demo-large"] tr[data-vpc]').length`); n != 3 {
		t.Errorf("demo-large lists %d VPCs, want 3", n)
	}
	tb.screenshot("home", true)
}

// testEmptyHome checks the home page of a server with no snapshots and no
// demos: it says how to get a snapshot and offers the upload form.
func testEmptyHome(t *testing.T, e *browserEnv) {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Config{Renderer: &render.Wasm{}, Store: st, Version: "browsertest"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tb := e.newTab(t)
	tb.base = srv.URL
	tb.open("/", "main#home")
	if !eval[bool](tb, `(() => { const e = document.getElementById('empty'); return !!e && e.getBoundingClientRect().height > 0 && e.textContent.includes('sgmap collect'); })()`) {
		t.Error("empty home does not show #empty with `sgmap collect`")
	}
	if !eval[bool](tb, `!!document.querySelector('#upload input[type=file]')`) {
		t.Error("empty home offers no upload form")
	}
	tb.screenshot("home-empty", true)
}

func testSnapshotPage(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.open("/snapshots/demo-antipattern", "main#snapshot")
	if n := eval[int](tb, `document.querySelectorAll('#finding-groups tr.finding-group[data-finding="wide-source"]').length`); n == 0 {
		t.Error("the snapshot page does not count wide-source findings")
	}
	tb.screenshot("antipattern-snapshot", true)
	tb.do("all findings", chromedp.Click(chromedp.ID("all-findings")))
	tb.waitFor("findings page", `!!document.querySelector('main#findings-page #findings')`)
	type finding struct {
		ID, Severity, Subject, Href string
	}
	rows := eval[[]finding](tb, `[...document.querySelectorAll('#findings tr.finding')].map((r) => ({
  ID: r.dataset.finding, Severity: r.dataset.severity, Subject: r.dataset.subject,
  Href: (r.querySelector('a') || {}).href || ''}))`)
	if len(rows) == 0 {
		t.Fatal("the antipattern snapshot page lists no findings")
	}
	seen := map[string]bool{}
	var link finding
	for _, r := range rows {
		seen[r.ID] = true
		if r.Href != "" && strings.HasPrefix(r.Subject, "sg-") && link.Href == "" {
			link = r
		}
	}
	for _, id := range []string{"name-describes-rules", "same-members", "cidr-matches-group", "wide-source"} {
		if !seen[id] {
			t.Errorf("findings table lacks %s", id)
		}
	}

	// The severity filter (server-side) keeps only warnings.
	tb.do("filter warnings", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#finding-filters select[name=severity]');
  s.value = 'warning'; s.form.requestSubmit(); })()`))
	tb.waitFor("warnings only", `location.search.includes('severity=warning') && !!document.querySelector('main#findings-page #findings')`)
	if n := eval[int](tb, `[...document.querySelectorAll('#findings tr.finding')].filter((r) => r.dataset.severity !== 'warning').length`); n != 0 {
		t.Errorf("warning filter left %d other rows", n)
	}
	tb.screenshot("antipattern-findings-page", true)

	// A finding's link opens the diagram focused on its group, with its panel open.
	if link.Href == "" {
		t.Fatal("no finding row links to the diagram")
	}
	u, err := url.Parse(link.Href)
	if err != nil {
		t.Fatalf("finding link %q: %v", link.Href, err)
	}
	if u.Query().Get("findings") != "1" || u.Query().Get("focus") == "" {
		t.Errorf("finding link %q lacks focus=…&findings=1", link.Href)
	}
	tb.openDiagram(u.RequestURI() + "#" + u.Fragment)
	open := eval[string](tb, `document.getElementById('panel').hidden ? '' : document.getElementById('panel').dataset.open`)
	if open != link.Subject {
		t.Errorf("after following %s the panel shows %q, want %q", link.Href, open, link.Subject)
	}
	if n := eval[int](tb, `document.querySelectorAll('#canvas g.finding').length`); n == 0 {
		t.Error("findings=1 diagram has no .finding marks")
	}
	tb.screenshot("antipattern-findings", false)
}

func testUpload(t *testing.T, e *browserEnv) {
	tb := e.newTab(t)
	tb.allow("status of 400") // the bad upload's answer, logged by Chromium as a failed load
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"schema_version": "1.0", "security_groups": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	snap, err := demo.Get("antipattern")
	if err != nil {
		t.Fatal(err)
	}
	snap.ID, snap.Source = "", ""
	var good bytes.Buffer
	if err := snap.Encode(&good); err != nil {
		t.Fatal(err)
	}
	goodPath := filepath.Join(dir, "good.json")
	if err := os.WriteFile(goodPath, good.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	tb.open("/", "main#home")
	before := eval[int](tb, `document.querySelectorAll('section.snapshot').length`)
	tb.do("choose bad file", chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{bad}))
	tb.do("submit", chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)))
	tb.poll("error message", `(document.getElementById('upload-status') || {}).classList?.contains('error')`)
	msg := eval[string](tb, `document.getElementById('upload-status').textContent`)
	if msg == "" || strings.Contains(msg, "HTTP 400") {
		t.Errorf("bad upload shows %q, want the server's error message", msg)
	}
	t.Logf("bad upload message: %s", msg)
	if !strings.HasSuffix(eval[string](tb, `location.pathname`), "/") {
		t.Error("a failed upload navigated away from home")
	}

	tb.do("choose good file", chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{goodPath}))
	tb.do("submit", chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)))
	tb.waitFor("reload with the new snapshot", `document.querySelectorAll('section.snapshot').length === `+strconv.Itoa(before+1))
	tb.noHorizontalOverflow("home after upload")
}
