package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestToken(t *testing.T) {
	const token = "s3cret-token"
	s := mustServer(t, Config{Demos: true, Token: token})
	login := do(t, s, "POST", "/login", strings.NewReader(url.Values{"token": {token}, "next": {"/snapshots/demo-article"}}.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	if login.Code != http.StatusSeeOther || login.Header().Get("Location") != "/snapshots/demo-article" {
		t.Fatalf("POST /login with the token = %d Location %q, want 303 to next", login.Code, login.Header().Get("Location"))
	}
	cookie := login.Result().Cookies()[0]
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || strings.Contains(cookie.Value, token) || cookie.Secure {
		t.Errorf("login cookie %+v: want HttpOnly, SameSite=Strict, not Secure over plain HTTP, not holding the token", cookie)
	}
	tests := []struct {
		name, method, path string
		header             []string
		status             int
		location           string
	}{
		{"page without token redirects", "GET", "/", []string{"Accept", "text/html"}, 303, "/login?next=%2F"},
		{"snapshot page without token redirects", "GET", "/snapshots/demo-article", nil, 303, "/login?next=%2Fsnapshots%2Fdemo-article"},
		{"api without token", "GET", "/api/snapshots", nil, 401, ""},
		{"diagram svg without token", "GET", "/snapshots/demo-article/vpcs/vpc-x/diagram.svg", []string{"Accept", "text/html"}, 401, ""},
		{"findings without token", "GET", "/snapshots/demo-article/findings.json", nil, 401, ""},
		{"upload without token", "POST", "/api/snapshots", nil, 401, ""},
		{"wrong bearer", "GET", "/api/snapshots", []string{"Authorization", "Bearer nope"}, 401, ""},
		{"bearer prefix of token", "GET", "/api/snapshots", []string{"Authorization", "Bearer s3cret"}, 401, ""},
		{"basic auth", "GET", "/api/snapshots", []string{"Authorization", "Basic " + token}, 401, ""},
		{"forged cookie", "GET", "/api/snapshots", []string{"Cookie", cookieName + "=" + token}, 401, ""},
		{"bearer", "GET", "/api/snapshots", []string{"Authorization", "Bearer " + token}, 200, ""},
		{"bearer lower-case scheme", "GET", "/", []string{"Authorization", "bearer " + token}, 200, ""},
		{"cookie", "GET", "/", []string{"Cookie", cookie.Name + "=" + cookie.Value}, 200, ""},
		{"healthz open", "GET", "/healthz", nil, 200, ""},
		{"static open", "GET", "/static/css/app.css", nil, 200, ""},
		{"login form open", "GET", "/login?next=/x", nil, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, s, tt.method, tt.path, nil, tt.header...)
			if w.Code != tt.status {
				t.Fatalf("%s %s = %d, want %d", tt.method, tt.path, w.Code, tt.status)
			}
			if loc := w.Header().Get("Location"); loc != tt.location {
				t.Errorf("Location = %q, want %q", loc, tt.location)
			}
			checkHeaders(t, tt.name, w)
		})
	}
}

func TestLogin_Rejects(t *testing.T) {
	s := mustServer(t, Config{Token: "tok"})
	for _, tt := range []struct{ name, form string }{
		{"wrong token", "token=nope&next=/"},
		{"empty", ""},
	} {
		w := do(t, s, "POST", "/login", strings.NewReader(tt.form), "Content-Type", "application/x-www-form-urlencoded")
		if w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 || !strings.Contains(w.Body.String(), "not correct") {
			t.Errorf("%s: POST /login = %d with %d cookies, want 401 and none", tt.name, w.Code, len(w.Result().Cookies()))
		}
	}
	// The login form must not redirect off-site.
	for _, next := range []string{"//evil.example/", "https://evil.example/", `/\evil.example`, "/\t/evil.example", "/\n/evil.example"} {
		w := do(t, s, "POST", "/login", strings.NewReader(url.Values{"token": {"tok"}, "next": {next}}.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		if loc := w.Header().Get("Location"); loc != "/" {
			t.Errorf("login with next=%q redirects to %q, want /", next, loc)
		}
	}
}

// TestToken_PrivateCaching checks that behind a token, diagrams are not
// offered to shared caches, which would hand them to anyone.
func TestToken_PrivateCaching(t *testing.T) {
	s := mustServer(t, Config{Token: "tok", Demos: true})
	for _, path := range []string{"/diagram.svg", "/diagram.dot", "/graph.json"} {
		w := do(t, s, "GET", "/snapshots/demo-article/vpcs/"+articleVPC+path, nil, "Authorization", "Bearer tok")
		if got := w.Header().Get("Cache-Control"); w.Code != 200 || got != "private, max-age=300" {
			t.Errorf("%s with a token: %d, Cache-Control %q, want private", path, w.Code, got)
		}
	}
}
