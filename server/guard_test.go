package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHosts_RefuseRebinding checks that with Config.Hosts set, a request
// naming another host (a DNS-rebinding page) is refused, while loopback
// addresses, the listed names and /healthz are served.
func TestHosts_RefuseRebinding(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Hosts: []string{"localhost", "sgmap.internal"}})
	for _, tt := range []struct {
		host, path string
		want       int
	}{
		{"evil.example:8080", "/", http.StatusMisdirectedRequest},
		{"evil.example", "/api/snapshots", http.StatusMisdirectedRequest},
		{"127.0.0.1:8080", "/", http.StatusOK},
		{"[::1]:8080", "/api/snapshots", http.StatusOK},
		{"localhost:8080", "/", http.StatusOK},
		{"SGMAP.internal", "/", http.StatusOK},
		{"evil.example", "/healthz", http.StatusOK},
	} {
		r := httptest.NewRequest("GET", tt.path, nil)
		r.Host = tt.host
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("GET %s with Host %s = %d, want %d", tt.path, tt.host, w.Code, tt.want)
		}
	}
}

// TestUpload_RefusesCrossSite checks a web page on another site cannot
// store a snapshot in the visitor's dashboard, while same-origin browsers
// and non-browser clients can.
func TestUpload_RefusesCrossSite(t *testing.T) {
	body := mustDemoJSON(t, "article")
	for _, tt := range []struct {
		name   string
		header []string
		want   int
	}{
		{"other origin", []string{"Origin", "http://evil.example", "Content-Type", "text/plain"}, http.StatusForbidden},
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"same-site other port", []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"same origin", []string{"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin"}, http.StatusCreated},
		{"same-origin form under no-referrer", []string{"Origin", "null", "Sec-Fetch-Site", "same-origin"}, http.StatusCreated},
		{"null origin without fetch metadata", []string{"Origin", "null"}, http.StatusForbidden},
		{"curl", nil, http.StatusCreated},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t, Config{})
			w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(body), tt.header...)
			if w.Code != tt.want {
				t.Errorf("POST /api/snapshots (%s) = %d %s, want %d", tt.name, w.Code, w.Body.String(), tt.want)
			}
		})
	}
}
