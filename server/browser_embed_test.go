package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// testCopyEmbedSigned: behind a token, "Copy embed link" gives a link
// signed for the lifetime chosen beside it, which opens the SVG without
// the token, and only the SVG it was made for.
func testCopyEmbedSigned(t *testing.T, e *browserEnv) {
	const token = "browser-embed-token"
	tb, srv := e.newTokenTab(t, token)
	// Let the test read back what the page copied.
	if _, err := chromedp.CallBrowser(tb.ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "clipboard-read"}, Setting: browser.PermissionSettingGranted, Origin: srv.URL}); err != nil {
		t.Logf("cannot grant clipboard-read (the fallback field is read instead): %v", err)
	}

	tb.open("/login?next=/", "main#login")
	tb.do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name=token]`), token),
		chromedp.Submit(chromedp.CSS(`#login form`)))
	tb.waitFor("home after sign-in", `!!document.querySelector('main#home')`)
	tb.openDiagram(tb.diagramPath("demo-article") + "?view=detail")
	if got := eval[[]string](tb, `[...document.querySelectorAll('#embed-ttl option')].map((o) => o.textContent)`); strings.Join(got, ",") != "1 day,30 days,1 year" {
		t.Errorf("lifetimes offered: %q, want 1 day, 30 days, 1 year", got)
	}
	tb.do("choose 1 day", chromedp.SetValue(chromedp.ID("embed-ttl"), "24h"))
	clicked := time.Now()
	tb.do("click copy", chromedp.Click(chromedp.ID("copy-embed")))
	// Headless Chromium may deny the clipboard: the link is then shown in
	// a selectable field. Either way, read what the user got.
	tb.poll("copy confirmation", `(() => { const s = document.querySelector('.copy-status'); return s && s.textContent.length > 0; })()`)
	link := eval[string](tb, `(async () => { const f = document.querySelector('.copy-fallback'); if (f) return f.value;
  return document.querySelector('.copy-status').textContent === 'Link copied' ? await navigator.clipboard.readText().catch(() => '') : document.querySelector('.copy-status').textContent; })()`)
	u, err := url.Parse(link)
	if err != nil || !strings.HasSuffix(u.Path, "/diagram.svg") || u.Query().Get("view") != "detail" || u.Query().Get("sig") == "" {
		t.Fatalf("copied %q, want a signed diagram.svg link for view=detail", link)
	}
	exp, _ := strconv.ParseInt(u.Query().Get("exp"), 10, 64)
	if d := time.Unix(exp, 0).Sub(clicked); d < 23*time.Hour || d > 25*time.Hour {
		t.Errorf("the link expires %v after the click, want 1 day", d)
	}
	// Outside the browser, without cookie or token.
	get := func(target string) int {
		res, err := http.Get(target)
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := get(link); code != http.StatusOK {
		t.Errorf("GET the copied link without credentials = %d, want 200", code)
	}
	if code := get(strings.Replace(link, "view=detail", "view=overview", 1)); code != http.StatusForbidden {
		t.Errorf("GET the copied link for another view = %d, want 403", code)
	}
	tb.screenshot("copy-embed-signed", false)
}
