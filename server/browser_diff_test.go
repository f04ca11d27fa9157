package server_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
	"github.com/sgmap/sgmap/store"
)

// articleOpenedSSH is the article an hour later, with SSH opened to the
// world on the game servers and their 9999 ingress rule removed.
func articleOpenedSSH(t *testing.T) (before, after *sgmap.Snapshot) {
	t.Helper()
	var err error
	if before, err = demo.Get("article"); err != nil {
		t.Fatal(err)
	}
	if after, err = demo.Get("article"); err != nil {
		t.Fatal(err)
	}
	before.ID, before.Source, after.ID, after.Source = "", "", "", ""
	after.TakenAt = after.TakenAt.Add(time.Hour)
	for i := range after.Groups {
		g := &after.Groups[i]
		if g.ID != "sg-0a1b2c3d4e5f60001" {
			continue
		}
		var kept []sgmap.Rule
		for _, r := range g.Rules {
			if r.Direction != sgmap.Ingress || r.FromPort != 9999 {
				kept = append(kept, r)
			}
		}
		g.Rules = append(kept, sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
			Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "debug"})
	}
	return before, after
}

// testDiffPage: from a snapshot page, "Compare with previous" opens the
// diff page with its summary, the two rule changes, the new SSH finding
// and the visual diff drawn; the VPC's history shows both snapshots with
// "2 changes" between them, and picking two compares them.
func testDiffPage(t *testing.T, e *browserEnv) {
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
	own := &browserEnv{srv: srv, browser: e.browser}
	before, after := articleOpenedSSH(t)
	a, b := own.upload(t, before), own.upload(t, after)

	tb := own.newTab(t)
	tb.base = srv.URL
	tb.open("/snapshots/"+b, "main#snapshot")
	tb.do("compare with previous", chromedp.Click(chromedp.ID("compare-previous")))
	tb.waitFor("diff page", `!!document.querySelector('main#diff')`)
	if got := eval[string](tb, `location.pathname`); got != "/snapshots/"+a+"/diff/"+b {
		t.Errorf("compare with previous opened %s", got)
	}
	if s := eval[string](tb, `document.getElementById('diff-summary').textContent`); !strings.Contains(s, "2 rule changes") {
		t.Errorf("summary %q", s)
	}
	rows := eval[[]string](tb, `[...document.querySelectorAll('table.diff-rules tr.rule-change')].map((r) => r.dataset.change + ' ' + r.cells[2].textContent)`)
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "added ingress TCP 22 from 0.0.0.0/0") || !strings.HasPrefix(rows[1], "removed ingress TCP 9999") {
		t.Errorf("rule changes %q", rows)
	}
	if n := eval[int](tb, `document.querySelectorAll('#findings-introduced tr[data-finding="admin-port-open"]').length`); n != 1 {
		t.Errorf("%d admin-port-open rows among the new findings, want 1", n)
	}
	// The visual diff is an image that loaded and is shown at a readable size.
	tb.poll("visual diff loaded", `(() => { const i = document.querySelector('img.diff-svg'); return i && i.complete && i.naturalWidth > 0; })()`)
	if w := eval[float64](tb, `document.querySelector('img.diff-svg').getBoundingClientRect().width`); w < 600 {
		t.Errorf("visual diff shown %.0f px wide", w)
	}
	tb.screenshot("diff-page", true)

	tb.do("history", chromedp.Click(chromedp.CSS("section.diff-vpc a.history-link")))
	tb.waitFor("history page", `!!document.querySelector('main#history')`)
	entries := eval[[]string](tb, `[...document.querySelectorAll('#timeline li.entry')].map((e) => e.dataset.snapshot)`)
	if strings.Join(entries, " ") != a+" "+b {
		t.Errorf("timeline %v, want %s then %s", entries, a, b)
	}
	if s := eval[string](tb, `document.querySelector('#timeline li.step').textContent.trim()`); s != "2 changes" {
		t.Errorf("step between them says %q", s)
	}
	tb.screenshot("history", true)
	tb.do("pick from", chromedp.Click(chromedp.CSS(`#timeline li.entry[data-snapshot="`+a+`"] input[name=from]`)))
	tb.do("compare", chromedp.Click(chromedp.ID("compare")))
	tb.waitFor("diff page again", `!!document.querySelector('main#diff') && location.pathname === '/snapshots/`+a+`/diff/`+b+`'`)
}
