package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/store"
)

// testRenderer is the real in-process renderer: tests compare the server's
// bytes with what the same renderer gives for the CLI's DOT.
var testRenderer Renderer = &render.Wasm{}

// mustServer returns a Server with a temporary data folder, the demos and
// cfg's other fields.
func mustServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Renderer == nil {
		cfg.Renderer = testRenderer
	}
	if cfg.Store == nil {
		st, err := store.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Store = st
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// do sends one request to s and returns the recorded response.
func do(t *testing.T, s http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// mustDemoJSON returns a demo snapshot's JSON without its id.
func mustDemoJSON(t *testing.T, name string) []byte {
	t.Helper()
	s, err := demo.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s.ID, s.Source = "", ""
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mustSave stores snap in s's store and returns its id.
func mustSave(t *testing.T, s *Server, snap *sgmap.Snapshot) string {
	t.Helper()
	id, err := s.store.Save(snap)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	return id
}

// checkHeaders asserts the security headers of an ordinary response.
func checkHeaders(t *testing.T, name string, w *httptest.ResponseRecorder) {
	t.Helper()
	h := w.Result().Header
	for k, want := range map[string]string{
		"Content-Security-Policy": pageCSP,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: header %s = %q, want %q", name, k, got, want)
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Errorf("%s: CSP allows unsafe-inline", name)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func httptestRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func newRequest(method, target string) *http.Request { return httptest.NewRequest(method, target, nil) }
