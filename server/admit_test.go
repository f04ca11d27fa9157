package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// saturate takes every slot and queue place of s's admission, as a flood
// would, and returns the function that gives them back.
func saturate(s *Server) (release func()) {
	a := s.admit
	for range cap(a.slots) {
		a.slots <- struct{}{}
	}
	for range cap(a.queue) {
		a.queue <- struct{}{}
	}
	return func() {
		for range cap(a.slots) {
			<-a.slots
		}
		for range cap(a.queue) {
			<-a.queue
		}
	}
}

// TestAdmission_LevelsAndPageData: the loads behind a VPC's default view
// (graph.Levels: the VPC's groups and nodes built) and behind page.json
// (megabytes of JSON on a big VPC) go through the same admission as builds
// and renders. Before, they ran for every request at once whatever the
// load, so a flood of pages of distinct VPCs or views ran unbounded.
func TestAdmission_LevelsAndPageData(t *testing.T) {
	s := mustServer(t, Config{Demos: true, WorkSlots: 1, WorkQueue: 1, WorkWait: time.Second})
	ref, err := s.snapshot("demo-large")
	if err != nil {
		t.Fatal(err)
	}
	vpc := ref.Snap.VPCIDs()[0]
	// The page.json's graph and the findings are made first (the SVG and
	// findings.json share them), so that only its own encoding is left
	// to admit.
	article := "/snapshots/demo-article/vpcs/vpc-0a1b2c3d4e5f60718/"
	for _, p := range []string{article + "diagram.svg?view=overview", "/snapshots/demo-article/findings.json"} {
		if w := do(t, s, "GET", p, nil); w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, w.Code, w.Body)
		}
	}
	pagePath := article + "page.json?view=overview"
	release := saturate(s)
	_, err = s.levels(context.Background(), ref, vpc, false)
	if !isBusy(err) {
		t.Errorf("levels of %s with every slot taken: err %v, want a busy refusal", vpc, err)
	}
	_, err = s.applications(context.Background(), ref, vpc)
	if !isBusy(err) {
		t.Errorf("applications of %s with every slot taken: err %v, want a busy refusal", vpc, err)
	}
	w := do(t, s, "GET", pagePath, nil)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("page.json with every slot taken: %d (Retry-After %q), want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	release()
	if _, err := s.levels(context.Background(), ref, vpc, false); err != nil {
		t.Errorf("levels once slots are free: %v", err)
	}
	if w := do(t, s, "GET", pagePath, nil); w.Code != http.StatusOK {
		t.Errorf("page.json once slots are free: %d %s", w.Code, w.Body)
	}
}

// TestAdmission_BusyClosesAndLogsOnce: a 503 for load closes its
// connection (the client gives its place under -max-conns to others), and
// a burst of refusals is one log line with a count, not one a request
// (issue 8's flood wrote a line per refused request).
func TestAdmission_BusyClosesAndLogsOnce(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := mustServer(t, Config{Demos: true, Log: log, WorkSlots: 1, WorkQueue: 1, WorkWait: time.Second})
	release := saturate(s)
	defer release()
	for i := range 50 { // one at a time: each starts a load of its own (refusals are not cached)
		w := do(t, s, "GET", "/snapshots/demo-article/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg?view=detail", nil)
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("request %d: %d, want 503", i, w.Code)
		}
		if got := w.Header().Get("Connection"); got != "close" {
			t.Fatalf("503 for load with Connection %q, want close", got)
		}
	}
	var refusals, perRequest int
	for _, line := range strings.Split(logs.String(), "\n") {
		switch {
		case strings.Contains(line, "refusing work for load"):
			refusals++
		case strings.Contains(line, "level=ERROR") && strings.Contains(line, "request failed"):
			perRequest++
		}
	}
	if refusals != 1 || perRequest != 0 {
		t.Errorf("50 refusals logged as %d summary lines and %d error lines, want 1 and 0:\n%s", refusals, perRequest, logs.String())
	}
}

// TestAdmission_RefusalIsCheap reproduces why /healthz was slow under
// issue 8's flood: every request of the flood annotated the large demo's
// findings for its VPC (milliseconds and a megabyte each) before asking
// for a slot, so refusing 800 of them kept the cores and the collector
// busy. A refused request must cost next to nothing.
func TestAdmission_RefusalIsCheap(t *testing.T) {
	s := mustServer(t, Config{Demos: true, WorkSlots: 1, WorkQueue: 1, WorkWait: time.Second})
	ref, err := s.snapshot("demo-large")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.findings(context.Background(), ref); err != nil { // cached, as on a warm server
		t.Fatal(err)
	}
	var paths []string
	for _, p := range floodPaths(t, 1600) {
		if strings.Contains(p, "findings=1") && len(paths) < 200 {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		t.Fatal("no flood path shows findings")
	}
	release := saturate(s)
	defer release()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, p := range paths {
		if w := do(t, s, "GET", p, nil); w.Code != http.StatusServiceUnavailable {
			t.Fatalf("GET %s: %d, want 503", p, w.Code)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / uint64(len(paths)); per > 64<<10 {
		t.Errorf("a refused request allocated %d bytes (over %d requests), want under 64 KiB: work is done before admission", per, len(paths))
	}
}

// TestAdmission_SlowRenderDoesNotHoldPages: renders take slots of their
// own, so a layout holding every render slot (a slow diagram) leaves page
// data, levels and findings of other pages answering (issue 8: "a slow
// render never delays other requests"); a second render is refused.
func TestAdmission_SlowRenderDoesNotHoldPages(t *testing.T) {
	s := mustServer(t, Config{Demos: true, WorkSlots: 1, WorkWait: 50 * time.Millisecond})
	s.draw.slots <- struct{}{} // a slow render holds the only render slot
	defer func() { <-s.draw.slots }()
	for _, p := range []string{articleBase + "/page.json", articleBase + "/graph.json", "/snapshots/demo-article/findings.json"} {
		if w := do(t, s, "GET", p, nil); w.Code != 200 {
			t.Errorf("%s while a render holds its slot: %d, want 200", p, w.Code)
		}
	}
	if w := do(t, s, "GET", articleBase+"/diagram.svg?view=detail", nil); w.Code != 503 {
		t.Errorf("a second render while the only render slot is held: %d, want 503", w.Code)
	}
}
