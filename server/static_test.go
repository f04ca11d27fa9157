package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/static"
)

// TestStaticCaching: only a URL with this build's asset hash is immutable;
// an old hash, no hash (modules imported by a page's script) and the
// revalidation all go through the ETag, so an upgrade never serves a
// stale script.
func TestStaticCaching(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v1"})
	page := do(t, s, "GET", "/", nil).Body.String()
	if !strings.Contains(page, "/static/js/home.js?v="+static.Hash()) {
		t.Fatalf("home page does not link its script with the asset hash %s", static.Hash())
	}
	tests := []struct{ path, cache string }{
		{"/static/js/home.js?v=" + static.Hash(), "public, max-age=31536000, immutable"},
		{"/static/js/home.js?v=v1", "no-cache"},
		{"/static/js/dom.js", "no-cache"},
	}
	for _, tt := range tests {
		w := do(t, s, "GET", tt.path, nil)
		if w.Code != 200 || w.Header().Get("Cache-Control") != tt.cache || w.Header().Get("ETag") != `"`+static.Hash()+`"` {
			t.Errorf("GET %s = %d, Cache-Control %q, ETag %q; want 200, %q, the asset hash",
				tt.path, w.Code, w.Header().Get("Cache-Control"), w.Header().Get("ETag"), tt.cache)
		}
	}
	if w := do(t, s, "GET", "/static/js/dom.js", nil, "If-None-Match", `"`+static.Hash()+`"`); w.Code != http.StatusNotModified {
		t.Errorf("revalidating with the current ETag = %d, want 304", w.Code)
	}
}
