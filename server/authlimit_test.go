package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestAuth_BruteForceIsSlowed reproduces issue 8 item 8: wrong tokens
// through the login form and as bearer tokens, from one client. After
// freeFailures the client is refused with 429 and Retry-After without its
// token being checked (even the right one), other clients are not, the
// refusals are logged once per interval, and the wait ends.
func TestAuth_BruteForceIsSlowed(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	var logs bytes.Buffer
	s := mustServer(t, Config{Demos: true, Token: token, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	now := time.Unix(1_800_000_000, 0)
	s.authLimit.now = func() time.Time { return now }
	login := func(tok, addr string) int {
		r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"token": {tok}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = addr
		w := httptestRecorder()
		s.ServeHTTP(w, r)
		return w.Code
	}
	bearer := func(tok, addr string) *http.Response {
		r := newRequest("GET", "/api/snapshots")
		r.Header.Set("Authorization", "Bearer "+tok)
		r.RemoteAddr = addr
		w := httptestRecorder()
		s.ServeHTTP(w, r)
		return w.Result()
	}
	const attacker, other = "203.0.113.9:4000", "198.51.100.7:4000"
	for i := range 3 {
		if c := login("guess", attacker); c != http.StatusUnauthorized {
			t.Fatalf("guess %d = %d, want 401", i, c)
		}
	}
	for i := range 2 {
		if c := bearer("guess", attacker).StatusCode; c != http.StatusUnauthorized {
			t.Fatalf("bearer guess %d = %d, want 401", i, c)
		}
	}
	login("guess", attacker) // the 6th failure starts the backoff
	refused := 0
	for range 200 {
		if resp := bearer(token, attacker); resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" {
			refused++
		}
		if login(token, attacker) == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 400 {
		t.Errorf("%d of 400 attempts during the backoff refused with 429 and Retry-After", refused)
	}
	if c := bearer(token, other).StatusCode; c != http.StatusOK {
		t.Errorf("another client with the token = %d, want 200", c)
	}
	if n := strings.Count(logs.String(), "refusing authentication"); n != 1 {
		t.Errorf("refusals logged %d times, want once per interval:\n%s", n, logs.String())
	}
	now = now.Add(maxBackoff)
	if c := bearer(token, attacker).StatusCode; c != http.StatusOK {
		t.Errorf("after the wait, the token = %d, want 200", c)
	}
	if c := login("guess", attacker); c != http.StatusUnauthorized {
		t.Errorf("after a success, a wrong token = %d, want 401 (record cleared)", c)
	}
}

// TestSession_ExpiryRotationLogout: the cookie expires, is replaced once
// old, and POST /logout ends it (issue 8 item 10).
func TestSession_ExpiryRotationLogout(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	s := mustServer(t, Config{Demos: true, Token: token})
	now := time.Unix(1_800_000_000, 0)
	s.sessions.now = func() time.Time { return now }
	w := do(t, s, "POST", "/login", strings.NewReader("token="+token), "Content-Type", "application/x-www-form-urlencoded")
	c := w.Result().Cookies()[0]
	if c.MaxAge != int(sessionMaxAge/time.Second) {
		t.Errorf("cookie MaxAge = %d, want %d", c.MaxAge, int(sessionMaxAge/time.Second))
	}
	get := func(value string) *http.Response {
		return do(t, s, "GET", "/api/snapshots", nil, "Cookie", cookieName+"="+value).Result()
	}
	if r := get(c.Value); r.StatusCode != 200 || len(r.Cookies()) != 0 {
		t.Fatalf("fresh cookie = %d with %d new cookies, want 200 and none", r.StatusCode, len(r.Cookies()))
	}
	now = now.Add(sessionRotate + time.Minute)
	r := get(c.Value)
	if r.StatusCode != 200 || len(r.Cookies()) != 1 || r.Cookies()[0].Value == c.Value {
		t.Fatalf("day-old cookie = %d with cookies %v, want 200 and a replacement", r.StatusCode, r.Cookies())
	}
	rotated := r.Cookies()[0].Value
	now = now.Add(sessionMaxAge - sessionRotate)
	if r := get(c.Value); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("expired cookie = %d, want 401", r.StatusCode)
	}
	if r := get(rotated); r.StatusCode != 200 {
		t.Fatalf("rotated cookie = %d, want 200", r.StatusCode)
	}
	out := do(t, s, "POST", "/logout", nil, "Cookie", cookieName+"="+rotated)
	if out.Code != http.StatusSeeOther || len(out.Result().Cookies()) != 1 || out.Result().Cookies()[0].MaxAge >= 0 {
		t.Errorf("POST /logout = %d with cookies %v, want 303 clearing the cookie", out.Code, out.Result().Cookies())
	}
	if r := get(rotated); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("cookie after logout = %d, want 401", r.StatusCode)
	}
}
