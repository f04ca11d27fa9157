package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sample writes one CSV line a second until ctx ends: seconds since start,
// RSS (MB), open fds, goroutines, heap (MB), /healthz p50, p99 and max
// (ms) over the second, and the cache's bytes (MB).
func (c *config) sample(ctx context.Context, out string, counts *counters) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"t", "rss_mb", "fds", "goroutines", "heap_mb", "healthz_p50_ms", "healthz_p99_ms", "healthz_max_ms", "cache_mb"})
	var mu sync.Mutex
	var window, all []time.Duration
	hc := fromAddr("127.0.0.1", 10*time.Second)
	go loop(ctx, 50*time.Millisecond, func() {
		start := time.Now()
		resp, err := hc.Get(c.base + "/healthz")
		d := time.Since(start)
		if err != nil {
			if ctx.Err() == nil {
				counts.add("healthz", 0)
			}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		mu.Lock()
		window = append(window, d)
		all = append(all, d)
		mu.Unlock()
	})
	start := time.Now()
	stats := fromAddr("127.0.0.1", 5*time.Second)
	var peakRSS float64
	loop(ctx, time.Second, func() {
		mu.Lock()
		ws := window
		window = nil
		mu.Unlock()
		var s struct {
			Goroutines int   `json:"goroutines"`
			HeapBytes  int64 `json:"heap_bytes"`
			CacheBytes int64 `json:"cache_bytes"`
		}
		if resp, err := c.do(ctx, stats, "GET", "/api/stats", nil); err == nil {
			json.NewDecoder(resp.Body).Decode(&s)
			resp.Body.Close()
		}
		rss := float64(procRSS(c.pid)) / (1 << 20)
		peakRSS = max(peakRSS, rss)
		w.Write([]string{fmt.Sprintf("%.0f", time.Since(start).Seconds()), fmt.Sprintf("%.1f", rss),
			strconv.Itoa(procFDs(c.pid)), strconv.Itoa(s.Goroutines), fmt.Sprintf("%.1f", float64(s.HeapBytes)/(1<<20)),
			ms(quantile(ws, 0.5)), ms(quantile(ws, 0.99)), ms(quantile(ws, 1)), fmt.Sprintf("%.1f", float64(s.CacheBytes)/(1<<20))})
		w.Flush()
	})
	mu.Lock()
	fmt.Printf("healthz: %d probes, p50 %s ms, p99 %s ms, max %s ms; peak RSS %.0f MB\n",
		len(all), ms(quantile(all, 0.5)), ms(quantile(all, 0.99)), ms(quantile(all, 1)), peakRSS)
	mu.Unlock()
	return w.Error()
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	d = slices.Clone(d)
	slices.Sort(d)
	return d[int(float64(len(d)-1)*q)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

// procRSS is the resident set size of pid in bytes (0 if unknown).
func procRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
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

// procFDs counts pid's open file descriptors.
func procFDs(pid int) int {
	des, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return 0
	}
	return len(des)
}
