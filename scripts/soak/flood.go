package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// floodResult is one run of issue 8's render flood, measured from outside
// the server: its peak RSS (from /proc), its CPU time over the run, the
// /healthz latencies seen by a separate client, and the flood's outcomes.
type floodResult struct {
	peakRSS           int64
	cpu               time.Duration // server user+sys over the run
	health            []time.Duration
	idle              []time.Duration // /healthz for 2 s before the flood: the box's own noise
	slow              []string        // the slowest probes, with when they were sent (from the flood's start)
	probeAt           []time.Time     // when each of health was sent
	rssBefore         int64
	codes             map[int]int
	loadBefore, after string
	wall, windDown    time.Duration
}

// floodPaths are n distinct focused diagrams of the production VPC,
// cycling through views and flags as server/flood_test.go's floodPaths.
func (c *config) floodPaths(n int) []string {
	var out []string
	for i := 0; len(out) < n; i++ {
		g := c.groups[i%len(c.groups)]
		v := []string{"view=overview", "view=detail", "view=overview&egress=1", "view=detail&findings=1"}[i/len(c.groups)%4]
		out = append(out, fmt.Sprintf("/snapshots/demo-large/vpcs/%s/diagram.svg?%s&focus=%s", c.vpc, v, url.QueryEscape(g)))
	}
	return out
}

// flood sends n distinct diagram requests at once, each client giving up
// after giveUp, while /healthz is probed every 20 ms from a process of its
// own ([externalProbe]) and the server's RSS is read every 20 ms. It keeps measuring until
// the server reports no work running or waiting (at most 30 s after the
// last client gave up).
func (c *config) flood(ctx context.Context, paths []string, giveUp time.Duration) *floodResult {
	res := &floodResult{codes: map[int]int{}, loadBefore: loadavg(), rssBefore: procRSS(c.pid)}
	if stop, err := externalProbe(c.base); err == nil {
		time.Sleep(2 * time.Second)
		_, res.idle = stop()
	}
	cpu0 := procCPU(c.pid)
	stopExternal, err := externalProbe(c.base)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak: /healthz probe process:", err)
	}
	probeCtx, stopProbe := context.WithCancel(ctx)
	var probes sync.WaitGroup
	probes.Go(func() {
		loop(probeCtx, 20*time.Millisecond, func() { res.peakRSS = max(res.peakRSS, procRSS(c.pid)) })
	})
	start := time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	hc := &http.Client{Timeout: giveUp, Transport: &http.Transport{MaxIdleConnsPerHost: len(paths)}}
	for _, p := range paths {
		wg.Go(func() {
			code := 0
			if resp, err := c.do(ctx, hc, "GET", p, nil); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				code = resp.StatusCode
			}
			mu.Lock()
			res.codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	hc.CloseIdleConnections()
	left := time.Now()
	for time.Since(left) < 30*time.Second && ctx.Err() == nil && c.busy(ctx) {
		time.Sleep(50 * time.Millisecond)
	}
	res.windDown = time.Since(left)
	res.wall = time.Since(start)
	stopProbe()
	probes.Wait()
	if stopExternal != nil {
		res.probeAt, res.health = stopExternal()
	}
	res.cpu = procCPU(c.pid) - cpu0
	res.slow = slowest(res.health, res.probeAt, start, 3)
	res.after = loadavg()
	return res
}

// busy reports whether the server still runs or queues work.
func (c *config) busy(ctx context.Context) bool {
	resp, err := c.do(ctx, fromAddr("127.0.0.1", 5*time.Second), "GET", "/api/stats", nil)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var s struct {
		Loading     int `json:"loading"`
		WorkRunning int `json:"work_running"`
		WorkWaiting int `json:"work_waiting"`
	}
	if json.NewDecoder(resp.Body).Decode(&s) != nil {
		return false
	}
	return s.Loading+s.WorkRunning+s.WorkWaiting > 0
}

func (r *floodResult) String() string {
	return fmt.Sprintf("flood: %d requests in %.1f s (wind-down %.1f s): %d ok, %d 503, %d gave up, other %v; "+
		"server RSS %.0f MB before, peak %.0f MB, CPU %.1f s; /healthz %d probes: p50 %s ms, p99 %s ms, max %s ms "+
		"(idle server just before: p50 %s ms, p99 %s ms; slowest %v); load average before %s, after %s",
		r.total(), r.wall.Seconds(), r.windDown.Seconds(), r.codes[200], r.codes[503], r.codes[0], r.other(),
		float64(r.rssBefore)/(1<<20), float64(r.peakRSS)/(1<<20), r.cpu.Seconds(), len(r.health),
		ms(quantile(r.health, 0.5)), ms(quantile(r.health, 0.99)), ms(quantile(r.health, 1)),
		ms(quantile(r.idle, 0.5)), ms(quantile(r.idle, 0.99)), r.slow, r.loadBefore, r.after)
}

func (r *floodResult) total() int {
	n := 0
	for _, v := range r.codes {
		n += v
	}
	return n
}

func (r *floodResult) other() map[int]int {
	o := map[int]int{}
	for k, v := range r.codes {
		if k != 200 && k != 503 && k != 0 {
			o[k] = v
		}
	}
	return o
}

// procCPU is pid's user+sys CPU time so far, children it waited for
// included (the render workers).
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) in ")".
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	var ticks int64
	for _, i := range []int{11, 12, 13, 14} { // utime stime cutime cstime (fields 14-17)
		if i < len(f) {
			v, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += v
		}
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}

// loadavg is the first three fields of /proc/loadavg.
func loadavg() string {
	data, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// slowest describes the n slowest probes as "<ms> ms at +<s> s".
func slowest(d []time.Duration, at []time.Time, start time.Time, n int) []string {
	idx := make([]int, len(d))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return d[idx[a]] > d[idx[b]] })
	var out []string
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, fmt.Sprintf("%s ms at +%.2f s", ms(d[i]), at[i].Sub(start).Seconds()))
	}
	return out
}
