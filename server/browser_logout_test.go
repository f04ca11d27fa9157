package server_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// testLogout (issue 8 item 10): behind a token, every page's header offers
// "Log out" (a plain form, no script, so the strict CSP holds); using it
// lands on the sign-in form, which offers none, and the session it ended
// no longer opens pages, even replayed from outside the browser.
func testLogout(t *testing.T, e *browserEnv) {
	const token = "browser-logout-token"
	tb, srv := e.newTokenTab(t, token)

	tb.open("/login?next=/", "main#login")
	if eval[bool](tb, `!!document.querySelector('form.logout')`) {
		t.Errorf("the sign-in page offers Log out")
	}
	tb.do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name=token]`), token),
		chromedp.Submit(chromedp.CSS(`#login form`)))
	tb.waitFor("home after sign-in", `!!document.querySelector('main#home')`)
	res, err := chromedp.Call(tb.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{srv.URL}})
	if err != nil {
		t.Fatalf("read the cookies: %v", err)
	}
	var session string
	for _, c := range res.Cookies {
		if c.HTTPOnly {
			session = c.Name + "=" + c.Value
		}
	}
	if session == "" {
		t.Fatal("no HttpOnly session cookie after sign-in")
	}
	for _, path := range []string{"/", "/snapshots/demo-article"} {
		tb.open(path, "header.topbar")
		if !eval[bool](tb, `(() => { const b = document.querySelector('header.topbar form.logout[method=post][action="/logout"] button');
  return !!b && b.textContent.trim() === 'Log out' && b.getBoundingClientRect().width > 0; })()`) {
			t.Errorf("%s: no visible Log out button in the header", path)
		}
	}
	tb.screenshot("logout-button", false)
	tb.do("log out", chromedp.Click(chromedp.CSS(`header.topbar form.logout button`)))
	tb.waitFor("the sign-in form after logging out", `!!document.querySelector('main#login')`)
	if eval[bool](tb, `!!document.querySelector('form.logout')`) {
		t.Errorf("after logging out, the page still offers Log out")
	}
	// The old session, replayed: refused, not just forgotten by the browser.
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("Cookie", session)
	req.Header.Set("Accept", "text/html")
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	replay, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	replay.Body.Close()
	if replay.StatusCode == http.StatusOK {
		t.Errorf("the logged-out session still opens the home page (%d)", replay.StatusCode)
	}
}
