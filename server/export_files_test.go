package server

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"
)

// TestDiagramExports: diagram.png, diagram.pdf and diagram.mmd answer with
// their types, the SVG's caching (ETag, 304) and query parameters (dpi,
// redact=1), and the page's Download menu links every format.
func TestDiagramExports(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	for _, c := range []struct{ file, ctype, magic string }{
		{"diagram.png", "image/png", "\x89PNG\r\n\x1a\n"},
		{"diagram.pdf", "application/pdf", "%PDF-"},
		{"diagram.mmd", "text/vnd.mermaid; charset=utf-8", "%% sgmap"},
	} {
		w := do(t, s, "GET", articleBase+"/"+c.file+"?view=detail", nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != c.ctype || !strings.HasPrefix(w.Body.String(), c.magic) {
			t.Fatalf("GET %s: %d %q %.20q", c.file, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
		if c.file == "diagram.mmd" {
			continue
		}
		etag := w.Header().Get("ETag")
		if etag == "" || w.Header().Get("Cache-Control") == "" {
			t.Errorf("%s: ETag %q, Cache-Control %q", c.file, etag, w.Header().Get("Cache-Control"))
		}
		if nm := do(t, s, "GET", articleBase+"/"+c.file+"?view=detail", nil, "If-None-Match", etag); nm.Code != 304 {
			t.Errorf("%s with If-None-Match: %d, want 304", c.file, nm.Code)
		}
		red := do(t, s, "GET", articleBase+"/"+c.file+"?view=detail&redact=1", nil)
		if red.Code != 200 || bytes.Equal(red.Body.Bytes(), w.Body.Bytes()) || red.Header().Get("ETag") == etag {
			t.Errorf("%s?redact=1: %d, same bytes as the plain one: %v", c.file, red.Code, bytes.Equal(red.Body.Bytes(), w.Body.Bytes()))
		}
	}
	width := func(q string) int {
		w := do(t, s, "GET", articleBase+"/diagram.png?view=detail"+q, nil)
		cfg, err := png.DecodeConfig(w.Body)
		if err != nil {
			t.Fatalf("png%s: %v", q, err)
		}
		return cfg.Width
	}
	if a, b := width(""), width("&dpi=192"); b < 2*a-2 || b > 2*a+2 {
		t.Errorf("dpi=192 gives %d px, default %d px: want twice", b, a)
	}
	if w := do(t, s, "GET", articleBase+"/diagram.png?dpi=5000", nil); w.Code != 400 {
		t.Errorf("dpi=5000: %d, want 400", w.Code)
	}
	page := do(t, s, "GET", articleBase+"?view=detail", nil, "Accept", "text/html").Body.String()
	for _, d := range downloads {
		if !strings.Contains(page, `id="`+d.ID+`" href="`+articleBase+"/"+d.File+"?") {
			t.Errorf("the diagram page has no %s link to %s", d.ID, d.File)
		}
	}
}

// TestDiagramExports_Admitted: a PNG or PDF conversion waits for a render
// slot like a render; with every slot held it is refused (503), never run
// beside them, even when the SVG is cached.
func TestDiagramExports_Admitted(t *testing.T) {
	s := mustServer(t, Config{Demos: true, WorkSlots: 1, WorkWait: 50 * time.Millisecond})
	if w := do(t, s, "GET", articleBase+"/diagram.svg", nil); w.Code != 200 {
		t.Fatalf("svg: %d", w.Code)
	}
	s.draw.slots <- struct{}{} // hold the only render slot
	for _, f := range []string{"diagram.png", "diagram.pdf"} {
		if w := do(t, s, "GET", articleBase+"/"+f, nil); w.Code != 503 || w.Header().Get("Retry-After") == "" {
			t.Errorf("%s with every slot taken: %d, want 503 with Retry-After", f, w.Code)
		}
	}
	<-s.draw.slots
	if w := do(t, s, "GET", articleBase+"/diagram.png", nil); w.Code != 200 {
		t.Errorf("png once the slot is free: %d (a refusal must not be cached)", w.Code)
	}
}
