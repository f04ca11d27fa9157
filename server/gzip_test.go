package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestLazyGzip_RoundTrip: every body size, around the switch from the
// stored block to a real compressor, decodes to itself.
func TestLazyGzip_RoundTrip(t *testing.T) {
	z := newLazyGzip(nil, 5).(*lazyGzip)
	for _, n := range []int{0, 1, 100, smallBody - 1, smallBody, smallBody + 1, 3 * smallBody, 200_000} {
		want := bytes.Repeat([]byte("sgmap 0123456789 "), n/17+1)[:n]
		var out bytes.Buffer
		z.Reset(&out)
		for part := range parts(want, 1000) {
			if _, err := z.Write(part); err != nil {
				t.Fatal(err)
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(&out)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: got %d bytes back (%v)", n, len(got), err)
		}
	}
}

// parts yields b in parts of at most n bytes.
func parts(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > n {
			if !yield(b[:n]) {
				return
			}
			b = b[n:]
		}
		yield(b)
	}
}

// TestCompress_SmallAnswersCostNoCompressor reproduces what made issue 8's
// flood grow the server's memory: with the middleware's stock gzip
// encoder, each small compressed answer (a 503, /healthz) allocated a
// compressor of about 650 KiB. A small answer must now allocate a few
// KiB, and still arrive gzipped and intact.
func TestCompress_SmallAnswersCostNoCompressor(t *testing.T) {
	s := mustServer(t, Config{})
	get := func() *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/healthz", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	w := get()
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", w.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(zr); string(body) != "ok" {
		t.Fatalf("body %q", body)
	}
	// As in a flood: many small answers at once, each request holding
	// its encoder until its handler returns.
	const n = 64
	var started, release sync.WaitGroup
	started.Add(n)
	release.Add(1)
	h := compressed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Done()
		release.Wait()
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "the server is drawing as many diagrams as it can; try again in a few seconds\n")
	}))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var done sync.WaitGroup
	for range n {
		done.Go(func() {
			r := httptest.NewRequest("GET", "/x.svg", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			h.ServeHTTP(httptest.NewRecorder(), r)
		})
	}
	started.Wait()
	release.Done()
	done.Wait()
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 64<<10 {
		t.Errorf("%d small gzipped answers at once allocated %d bytes each, want under 64 KiB (no compressor each)", n, per)
	}
	// A large answer is still compressed for real.
	big := strings.Repeat("a", 100_000)
	h = compressed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, big)
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if n := rec.Body.Len(); n > 10_000 {
		t.Errorf("100,000 repeated bytes sent as %d gzipped bytes: not compressed", n)
	}
}
