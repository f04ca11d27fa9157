package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/render"
)

// floodPaths are issue 8's flood: distinct focused diagrams of the large
// demo's production VPC, n of them (cycling through views and flags when
// the VPC has fewer groups).
func floodPaths(tb testing.TB, n int) []string {
	large, err := demo.Get("large")
	if err != nil {
		tb.Fatal(err)
	}
	vpc := ""
	for _, v := range large.VPCs {
		if strings.Contains(v.Name, "prod") {
			vpc = v.ID
		}
	}
	groups := sgmap.NewIndex(large).GroupsInVPC(vpc)
	var out []string
	for i := 0; len(out) < n; i++ {
		g := groups[i%len(groups)]
		variant := []string{"view=overview", "view=detail", "view=overview&egress=1", "view=detail&findings=1"}[i/len(groups)%4]
		out = append(out, fmt.Sprintf("/snapshots/demo-large/vpcs/%s/diagram.svg?%s&focus=%s", vpc, variant, url.QueryEscape(g.ID)))
	}
	return out
}

// flood sends every path at once from clients that give up after giveUp,
// and returns the status codes seen (0 for a client that gave up).
func flood(base string, paths []string, giveUp time.Duration) map[int]int {
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	c := &http.Client{Timeout: giveUp, Transport: &http.Transport{MaxIdleConnsPerHost: 1000}}
	defer c.CloseIdleConnections()
	for _, p := range paths {
		wg.Go(func() {
			code := 0
			if resp, err := c.Get(base + p); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				code = resp.StatusCode
				if code == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
					code = -503 // a 503 without Retry-After
				}
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return codes
}

// TestRenderFlood_Bounded reproduces issue 8's render flood at a small
// scale: 60 distinct diagrams at once, clients giving up after 10 s. The
// server must refuse what it cannot queue (503 with Retry-After), and stop
// working once every client has left: before the fix, builds ran for every
// request at once, detached, long after their clients had gone.
func TestRenderFlood_Bounded(t *testing.T) {
	if testing.Short() || raceEnabled() {
		// Under -race the first request's audit of the large demo alone
		// outlasts every client; scripts/test.sh runs this without -race.
		t.Skip("starts worker processes; meaningless under -race")
	}
	s := mustServer(t, Config{Demos: true, Renderer: testPool(t, render.PoolOptions{}),
		WorkSlots: 2, WorkQueue: 4})
	ts := httptest.NewServer(s)
	defer ts.Close()
	if _, err := s.snapshot("demo-large"); err != nil { // built once, before the flood
		t.Fatal(err)
	}
	// Patient enough clients that refusals reach them on a loaded machine;
	// the ones still waiting at the end give up together.
	codes := flood(ts.URL, floodPaths(t, 60), 10*time.Second)
	t.Logf("status codes: %v", codes)
	if codes[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no request was refused with 503: the queue is not bounded (%v)", codes)
	}
	if codes[-503] > 0 {
		t.Errorf("%d 503 answers without Retry-After", codes[-503])
	}
	// Everyone has left: the work must wind down within a render, not go
	// on for every abandoned request.
	waitFor(t, func() bool {
		r, q := s.admit.load()
		return r == 0 && q == 0 && s.cache.running() == 0
	})
}

// BenchmarkRenderFlood is issue 8's flood at full scale: 800 distinct
// focused diagrams of the large demo's production VPC at once, each client
// giving up after 1 s, while /healthz is polled every 20 ms. It reports the
// process's peak RSS over the flood (workers are separate processes) and
// /healthz latency; the bars are peak RSS < 400 MB and p99 < 50 ms. Its
// 800 clients run in the server's own process, so their goroutines and
// buffers count in its RSS and compete for its cores: scripts/flood.sh
// measures the same flood against a real `sgmap serve` from a separate
// process, which is what docs/performance.md quotes.
//
//	go test ./server -run '^$' -bench RenderFlood -benchtime 1x
func BenchmarkRenderFlood(b *testing.B) {
	s := mustServer(b, Config{Demos: true, Renderer: testPool(b, render.PoolOptions{})})
	base, c := benchServer(b, s)
	paths := floodPaths(b, 801)
	// A warm server: the large demo built and one diagram of it drawn.
	get(b, c, base+paths[800])
	paths = paths[:800]
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		var health latencies
		peak := make(chan int64)
		go func() {
			var top int64
			defer func() { peak <- top }()
			for ctx.Err() == nil {
				top = max(top, rssBytes())
				health.add(get(b, c, base+"/healthz"))
				time.Sleep(20 * time.Millisecond)
			}
		}()
		codes := flood(base, paths, time.Second)
		// Keep measuring while the server winds down.
		for i := 0; i < 500; i++ {
			if r, q := s.admit.load(); r == 0 && q == 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		b.ReportMetric(float64(<-peak)/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(codes[200]), "ok")
		b.ReportMetric(float64(codes[503]), "503")
		b.ReportMetric(float64(codes[0]), "gave-up")
		health.report(b, "healthz-")
	}
}

// rssBytes is this process's resident set size, from /proc (0 elsewhere).
func rssBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
