package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/render"
)

// Benchmarks for docs/performance.md "## Server". They run the real HTTP
// stack on loopback with the worker Pool, as `sgmap serve` does:
//
//	go test ./server -run '^$' -bench . -benchtime 2000x

// benchServer starts s on a loopback listener and returns its URL and a
// keep-alive client.
func benchServer(b *testing.B, s *Server) (string, *http.Client) {
	b.Helper()
	ts := httptest.NewServer(s)
	b.Cleanup(ts.Close)
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.Cleanup(c.CloseIdleConnections)
	return ts.URL, c
}

// get fetches url and returns how long it took.
func get(b *testing.B, c *http.Client, url string) time.Duration {
	start := time.Now()
	resp, err := c.Get(url)
	if err != nil {
		b.Error(err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Errorf("GET %s = %d", url, resp.StatusCode)
	}
	return time.Since(start)
}

// latencies collects request durations from parallel goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// report adds p50 and p99 in milliseconds to b's output.
func (l *latencies) report(b *testing.B, prefix string) {
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	q := func(p float64) float64 {
		return float64(l.d[int(float64(len(l.d)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), prefix+"p50-ms")
	b.ReportMetric(q(0.99), prefix+"p99-ms")
}

// BenchmarkCachedSVG measures diagram.svg from the cache under concurrent
// load: 4 and 16 keep-alive clients (gzip, as browsers ask) on the same
// 2 cores as the server.
func BenchmarkCachedSVG(b *testing.B) {
	for _, par := range []int{2, 8} {
		b.Run(fmt.Sprintf("clients=%d", par*runtime.GOMAXPROCS(0)), func(b *testing.B) { benchCachedSVG(b, par) })
	}
}

func benchCachedSVG(b *testing.B, parallelism int) {
	s := mustServer(b, Config{Demos: true, Renderer: testPool(b, render.PoolOptions{})})
	url, c := benchServer(b, s)
	url += articleBase + "/diagram.svg?view=detail"
	get(b, c, url)
	var l latencies
	b.SetParallelism(parallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			l.add(get(b, c, url))
		}
	})
	b.StopTimer()
	l.report(b, "")
}

// BenchmarkHealthzDuringRender measures /healthz and a cached diagram
// while large renders run back to back in the background.
func BenchmarkHealthzDuringRender(b *testing.B) {
	s := mustServer(b, Config{Demos: true, Renderer: testPool(b, render.PoolOptions{Timeout: time.Minute})})
	base, c := benchServer(b, s)
	cached := base + articleBase + "/diagram.svg"
	get(b, c, cached)
	large, _ := demo.Get("large")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		n := 0
		defer func() { done <- n }()
		for _, vpc := range large.VPCIDs() {
			for _, q := range []string{"view=overview", "view=overview&egress=1", "view=detail"} {
				if ctx.Err() != nil {
					return
				}
				req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/snapshots/demo-large/vpcs/%s/diagram.svg?%s", base, vpc, q), nil)
				if resp, err := c.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					n++
				}
			}
		}
	}()
	time.Sleep(200 * time.Millisecond) // let the first large render start
	var health, diagram latencies
	busy := 0 // samples taken while a large render was under way
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.cache.running() > 0 {
			busy++
		}
		health.add(get(b, c, base+"/healthz"))
		diagram.add(get(b, c, cached))
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(100*float64(busy)/float64(b.N), "%-during-render")
	cancel()
	b.ReportMetric(float64(<-done), "large-renders")
	health.report(b, "healthz-")
	diagram.report(b, "cached-svg-")
}

// BenchmarkStartToFirstPage measures New plus the home page and the
// article diagram page (one worker render) with go-graphviz's compilation
// cache warm, as after the first start on a machine.
func BenchmarkStartToFirstPage(b *testing.B) {
	pool := testPool(b, render.PoolOptions{})
	pool.SVG(context.Background(), []byte("digraph { a -> b }")) // warm the compilation cache
	for i := 0; i < b.N; i++ {
		s := mustServer(b, Config{Demos: true, Renderer: pool})
		url, c := benchServer(b, s)
		get(b, c, url+"/")
		get(b, c, url+articleBase)
	}
}
