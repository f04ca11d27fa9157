package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestUpload_PathologicalIsCheap reproduces issue 8 item 2: 20 MiB of
// 7,000,000 empty group objects, under the 64 MiB size limit, once took
// 34 s and 2.86 GB before its 400. It must be refused as too large, naming
// the limit, before anything is decoded (the memory it costs is measured
// by BenchmarkParseSnapshot_Hostile in the root package).
func TestUpload_PathologicalIsCheap(t *testing.T) {
	s := mustServer(t, Config{})
	body := `{"schema_version":"1.0","taken_at":"2026-11-02T09:30:00Z","security_groups":[` +
		strings.Repeat("{},", 7_000_000) + "{}]}"
	w := do(t, s, "POST", "/api/snapshots", strings.NewReader(body), "Content-Type", "application/json")
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "Limits.Groups") {
		t.Errorf("7M empty groups = %d %.300s; want 413 naming Limits.Groups", w.Code, w.Body)
	}
}

// TestUpload_Quota: past -max-data an upload gets 507 with a message.
func TestUpload_Quota(t *testing.T) {
	s := mustServer(t, Config{MaxDataBytes: 4 << 10})
	w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(mustDemoJSON(t, "antipattern")), "Content-Type", "application/json")
	if w.Code != http.StatusInsufficientStorage || !strings.Contains(w.Body.String(), "quota") {
		t.Errorf("upload past the quota = %d %s; want 507 naming the quota", w.Code, w.Body)
	}
}

// TestUpload_OnePerClientAndStalls: a client trickling an upload holds one
// slot, a second upload from it is refused with 503 and Retry-After, and
// the stalled body is cut off after uploadIdle (issue 8 item 5).
func TestUpload_OnePerClientAndStalls(t *testing.T) {
	defer func(d time.Duration) { uploadIdle = d }(uploadIdle)
	uploadIdle = 300 * time.Millisecond
	s := mustServer(t, Config{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	pr, pw := io.Pipe()
	first := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Post(ts.URL+"/api/snapshots", "application/json", pr)
		if err != nil {
			t.Error(err)
		}
		first <- resp
	}()
	pw.Write([]byte(`{"schema_version":`)) // then nothing
	waitFor(t, func() bool { return len(s.uploads.sem) == 1 })
	resp, err := http.Post(ts.URL+"/api/snapshots", "application/json", bytes.NewReader(mustDemoJSON(t, "article")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("second upload from the same client = %d (Retry-After %q); want 503 with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	select {
	case r := <-first:
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "stalled") {
			t.Errorf("stalled upload = %d %s; want 400 upload stalled", r.StatusCode, body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a stalled upload was not cut off")
	}
	pw.Close()
	if len(s.uploads.sem) != 0 {
		t.Errorf("%d upload slots still held", len(s.uploads.sem))
	}
}
