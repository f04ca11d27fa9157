package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// mustSign signs target (a path and query) with token, expiring at exp.
func mustSign(t *testing.T, token, target string, exp time.Time) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := SignEmbed(token, u, exp)
	if err != nil {
		t.Fatalf("SignEmbed(%s): %v", target, err)
	}
	return signed.String()
}

// TestSignedEmbed is the signed-link matrix: a link opens exactly its
// path and query, for GET, until it expires; everything else is 403 with
// a message that says why.
func TestSignedEmbed(t *testing.T) {
	const token = "s3cret-token"
	s := mustServer(t, Config{Demos: true, Token: token})
	svg := articleBase + "/diagram.svg?view=detail"
	later := time.Now().Add(time.Hour)
	valid := mustSign(t, token, svg, later)
	tampered := strings.Replace(valid, "view=detail", "view=overview", 1)
	u, _ := url.Parse(valid)
	q := u.Query()
	sig := q.Get("sig")
	flipped := []byte(sig)
	flipped[0] ^= 1
	if flipped[0] == '-' || flipped[0] == '_' || flipped[0] < '0' {
		flipped[0] = 'A'
	}
	q.Set("sig", string(flipped))
	badSig := articleBase + "/diagram.svg?" + q.Encode()
	q = u.Query()
	q.Set("exp", "9999999999")
	laterExp := articleBase + "/diagram.svg?" + q.Encode()
	otherPath := strings.Replace(valid, "/diagram.svg", "/diagram.dot", 1)
	otherQuery := valid + "&focus=game-servers-production"
	tests := []struct {
		name, method, target string
		status               int
		msg                  string
	}{
		{"valid", "GET", valid, 200, "<svg"},
		{"valid HEAD", "HEAD", valid, 200, ""},
		{"valid dot", "GET", mustSign(t, token, articleBase+"/diagram.dot?view=overview", later), 200, "digraph"},
		{"expired", "GET", mustSign(t, token, svg, time.Now().Add(-time.Second)), 403, "expired"},
		{"tampered query", "GET", tampered, 403, "signature does not match"},
		{"tampered sig", "GET", badSig, 403, "signature does not match"},
		{"exp moved later", "GET", laterExp, 403, "signature does not match"},
		{"other path", "GET", otherPath, 403, "signature does not match"},
		{"other query", "GET", otherQuery, 403, "signature does not match"},
		{"other token", "GET", mustSign(t, "another-token", svg, later), 403, "signature does not match"},
		{"POST", "POST", valid, 403, "only opens the diagram for reading"},
		{"sig on a page", "GET", articleBase + "?" + u.RawQuery, 403, "signature does not match"},
		{"no sig", "GET", svg, 401, "Authentication required"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One client each: forged signatures count against a
			// client (TestSignedEmbed_CountsGuesses).
			r := httptest.NewRequest(tt.method, tt.target, nil)
			r.RemoteAddr = fmt.Sprintf("192.0.2.%d:1234", i+1)
			r.Header.Set("Accept", "image/*")
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("%s %s = %d, want %d: %s", tt.method, tt.target, w.Code, tt.status, w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.msg) {
				t.Errorf("%s %s body = %q, want it to contain %q", tt.method, tt.target, w.Body, tt.msg)
			}
			if w.Code == 403 && w.Header().Get("Content-Type") != "text/plain; charset=utf-8" && tt.name != "sig on a page" {
				t.Errorf("403 Content-Type = %q, want plain text", w.Header().Get("Content-Type"))
			}
		})
	}
}

// TestSignedEmbed_NoToken: without a token there is nothing to sign, and
// a sig in a URL changes nothing.
func TestSignedEmbed_NoToken(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	if w := do(t, s, "GET", articleBase+"/diagram.svg?view=detail&exp=1&sig=x", nil); w.Code != 200 {
		t.Errorf("open server, sig ignored: %d, want 200", w.Code)
	}
	if _, err := SignEmbed("", &url.URL{Path: articleBase + "/diagram.svg"}, time.Now()); err == nil {
		t.Error("SignEmbed without a token succeeded")
	}
	if _, err := SignEmbed("t", &url.URL{Path: articleBase + "/graph.json"}, time.Now()); err == nil {
		t.Error("SignEmbed of graph.json succeeded; only diagram exports may be signed")
	}
	w := do(t, s, "POST", "/api/embed", strings.NewReader(`{"url":"`+articleBase+`/diagram.svg"}`))
	if w.Code != 400 {
		t.Errorf("POST /api/embed without a token = %d, want 400", w.Code)
	}
}

// TestAPIEmbed: a signed-in user gets a link that opens the diagram
// without credentials, for the lifetime asked.
func TestAPIEmbed(t *testing.T) {
	const token = "s3cret-token"
	s := mustServer(t, Config{Demos: true, Token: token})
	auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
	body := `{"url":"http://example.com` + articleBase + `/diagram.svg?view=detail","ttl":"24h"}`
	if w := do(t, s, "POST", "/api/embed", strings.NewReader(body)); w.Code != 401 {
		t.Fatalf("POST /api/embed without the token = %d, want 401", w.Code)
	}
	w := do(t, s, "POST", "/api/embed", strings.NewReader(body), auth...)
	if w.Code != 200 {
		t.Fatalf("POST /api/embed = %d: %s", w.Code, w.Body)
	}
	var got embedResponse
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(got.Expires); d < 23*time.Hour || d > 24*time.Hour {
		t.Errorf("expires in %v, want 24h", d)
	}
	u, err := url.Parse(got.URL)
	if err != nil || u.Host != "example.com" || u.Query().Get("view") != "detail" {
		t.Fatalf("signed url = %q", got.URL)
	}
	// Behind a load balancer that terminated TLS, the link is https.
	w = do(t, s, "POST", "/api/embed", strings.NewReader(`{"url":"`+articleBase+`/diagram.svg"}`), append(auth, "X-Forwarded-Proto", "https")...)
	if !strings.HasPrefix(w.Body.String(), "{") || !strings.Contains(w.Body.String(), `"url": "https://example.com/`) {
		t.Errorf("POST /api/embed behind TLS termination = %s, want an https link", w.Body)
	}
	if w := do(t, s, "GET", u.RequestURI(), nil); w.Code != 200 || !strings.Contains(w.Body.String(), "<svg") {
		t.Errorf("GET the signed link = %d, want the SVG", w.Code)
	}
	for _, bad := range []string{
		`{"url":"` + articleBase + `/diagram.svg","ttl":"9000h"}`,
		`{"url":"` + articleBase + `/diagram.svg","ttl":"1s"}`,
		`{"url":"` + articleBase + `/graph.json"}`,
		`{"url":"` + articleBase + `"}`,
		`{"url":"http://evil.example` + articleBase + `/diagram.svg"}`,
		`{"url":"javascript:alert(1)//` + articleBase + `/diagram.svg"}`,
		`not json`,
	} {
		if w := do(t, s, "POST", "/api/embed", strings.NewReader(bad), auth...); w.Code != http.StatusBadRequest {
			t.Errorf("POST /api/embed %s = %d, want 400", bad, w.Code)
		}
	}
}

func TestSignedEmbed_CountsGuesses(t *testing.T) {
	const token = "s3cret-token"
	s := mustServer(t, Config{Demos: true, Token: token})
	var last int
	for range 40 {
		last = do(t, s, "GET", articleBase+"/diagram.svg?exp=9999999999&sig=AAAA", nil).Code
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("after 40 forged signatures the answer is %d, want 429", last)
	}
}

// BenchmarkCheckEmbed is the cost a signed link adds to a request.
func BenchmarkCheckEmbed(b *testing.B) {
	u, _ := url.Parse(articleBase + "/diagram.svg?view=detail&focus=game-servers-production")
	signed, err := SignEmbed("s3cret-token", u, time.Now().Add(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	q := signed.Query()
	for b.Loop() {
		if reason, _ := checkEmbed("s3cret-token", "GET", signed.Path, q, time.Now()); reason != "" {
			b.Fatal(reason)
		}
	}
}
