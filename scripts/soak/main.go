// Command soak drives hostile mixed traffic at a running `sgmap serve` for
// a bounded time and records, once a second, the server's RSS, open file
// descriptors, goroutines and /healthz latency as CSV. scripts/soak.sh
// starts the server, runs it and plots the CSV; see docs/performance.md
// "Under hostile load". With -flood N it instead sends issue 8's render
// flood (N distinct focused diagrams at once, clients giving up after 1 s)
// and reports the server's peak RSS and /healthz latency (scripts/flood.sh).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type config struct {
	base, token string
	pid         int
	vpc         string
	groups      []string
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server URL")
	token := flag.String("token", "", "the server's token")
	pid := flag.Int("pid", 0, "the server's process id (for RSS and fds)")
	duration := flag.Duration("duration", 10*time.Minute, "how long to run")
	out := flag.String("o", "soak.csv", "CSV output file")
	floodN := flag.Int("flood", 0, "instead of the soak, send this many distinct focused diagrams at once (issue 8's flood) and report")
	rounds := flag.Int("rounds", 1, "with -flood, how many floods, one after the other")
	probe := flag.Bool("probe", false, "only probe /healthz every 20 ms until stdin closes (the flood's prober process)")
	flag.Parse()
	if *probe {
		probeMain(*base)
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	c := &config{base: *base, token: *token, pid: *pid}
	if err := c.discover(); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	if *floodN > 0 {
		// A warm server, as a user's: the large demo built and audited,
		// one diagram of it drawn (not one of the flood's).
		paths := c.floodPaths(*floodN + 1)
		c.fetch(ctx, fromAddr("127.0.0.1", time.Minute), &counters{}, "warm", "GET", paths[*floodN], nil)
		for i := range *rounds {
			if i > 0 {
				time.Sleep(5 * time.Second) // let the box settle between rounds
			}
			fmt.Println(c.flood(ctx, paths[:*floodN], time.Second))
		}
		return
	}
	var counts counters
	var wg sync.WaitGroup
	for _, w := range c.workers(&counts) {
		wg.Go(func() { w(ctx) })
	}
	err := c.sample(ctx, *out, &counts)
	wg.Wait()
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	fmt.Println(counts.String())
}

// counters count outcomes by kind of traffic and status.
type counters struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counters) add(kind string, code int) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[kind+" "+strconv.Itoa(code)]++
	c.mu.Unlock()
}

func (c *counters) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var keys []string
	for k := range c.m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %d\n", k, c.m[k])
	}
	return b.String()
}

// discover finds the large demo's production VPC and its groups.
func (c *config) discover() error {
	snap, err := os.ReadFile(os.Getenv("SOAK_LARGE_JSON"))
	if err != nil {
		return fmt.Errorf("read the large demo (SOAK_LARGE_JSON): %w", err)
	}
	var s struct {
		VPCs []struct {
			ID, Name string
		} `json:"vpcs"`
		Groups []struct {
			ID    string `json:"id"`
			VPCID string `json:"vpc_id"`
		} `json:"security_groups"`
	}
	if err := json.Unmarshal(snap, &s); err != nil {
		return err
	}
	for _, v := range s.VPCs {
		if strings.Contains(v.Name, "prod") {
			c.vpc = v.ID
		}
	}
	for _, g := range s.Groups {
		if g.VPCID == c.vpc {
			c.groups = append(c.groups, g.ID)
		}
	}
	if len(c.groups) == 0 {
		return fmt.Errorf("no production VPC in the large demo")
	}
	return nil
}

func (c *config) do(ctx context.Context, hc *http.Client, method, path string, body io.Reader, header ...string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return hc.Do(req)
}

// fetch runs one request and counts its status (0: gave up or failed).
func (c *config) fetch(ctx context.Context, hc *http.Client, counts *counters, kind, method, path string, body io.Reader, header ...string) {
	resp, err := c.do(ctx, hc, method, path, body, header...)
	code := 0
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		code = resp.StatusCode
	}
	if ctx.Err() == nil || code != 0 {
		counts.add(kind, code)
	}
}

// fromAddr is a client dialling from a given loopback address, so that the
// failed logins (127.0.0.2) and slow connections (127.0.0.3) are other
// clients than the legitimate traffic (127.0.0.1) for per-client limits.
func fromAddr(ip string, timeout time.Duration) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64}}
}

// loop runs f every interval until ctx ends.
func loop(ctx context.Context, every time.Duration, f func()) {
	for ctx.Err() == nil {
		f()
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
	}
}

func (c *config) workers(counts *counters) []func(context.Context) {
	cached := "/snapshots/demo-article/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg?view=overview"
	legit := fromAddr("127.0.0.1", 30*time.Second)
	impatient := fromAddr("127.0.0.1", time.Second)
	var next atomic.Int64
	uncached := func(ctx context.Context) {
		loop(ctx, 50*time.Millisecond, func() {
			i := int(next.Add(1))
			g := c.groups[i%len(c.groups)]
			v := []string{"overview", "detail", "overview&egress=1", "detail&findings=1"}[i/len(c.groups)%4]
			c.fetch(ctx, impatient, counts, "uncached", "GET",
				fmt.Sprintf("/snapshots/demo-large/vpcs/%s/diagram.svg?view=%s&focus=%s", c.vpc, v, url.QueryEscape(g)), nil)
		})
	}
	valid, _ := os.ReadFile(os.Getenv("SOAK_SMALL_JSON"))
	hostile := []byte(`{"schema_version":"1.0","taken_at":"2026-11-02T09:30:00Z","security_groups":[` +
		strings.Repeat("{},", 7_000_000) + "{}]}")
	ws := []func(context.Context){
		func(ctx context.Context) {
			loop(ctx, 20*time.Millisecond, func() { c.fetch(ctx, legit, counts, "cached", "GET", cached, nil) })
		},
		func(ctx context.Context) {
			loop(ctx, 3*time.Second, func() {
				c.fetch(ctx, legit, counts, "upload", "POST", "/api/snapshots", bytes.NewReader(valid), "Content-Type", "application/json")
			})
		},
		func(ctx context.Context) {
			loop(ctx, 5*time.Second, func() {
				c.fetch(ctx, fromAddr("127.0.0.4", time.Minute), counts, "upload-7M-empty", "POST", "/api/snapshots",
					bytes.NewReader(hostile), "Content-Type", "application/json")
			})
		},
		func(ctx context.Context) {
			bad := fromAddr("127.0.0.2", 5*time.Second)
			loop(ctx, 10*time.Millisecond, func() {
				c.fetch(ctx, bad, counts, "bad-login", "POST", "/login", strings.NewReader("token=guess"),
					"Content-Type", "application/x-www-form-urlencoded")
			})
		},
		func(ctx context.Context) { slowClients(ctx, c.base, counts) },
	}
	for range 6 {
		ws = append(ws, uncached)
	}
	return ws
}

// slowClients keeps 100 connections from 127.0.0.3 that send half a
// request, one byte at a time, and reopens them when the server drops them.
func slowClients(ctx context.Context, base string, counts *counters) {
	u, _ := url.Parse(base)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			loop(ctx, 100*time.Millisecond, func() {
				d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.3")}}
				conn, err := d.DialContext(ctx, "tcp", u.Host)
				if err != nil {
					return
				}
				defer conn.Close()
				for _, b := range []byte("POST /api/snapshots HTTP/1.1\r\nHost: x\r\n") {
					if _, err := conn.Write([]byte{b}); err != nil || ctx.Err() != nil {
						counts.add("slow-dropped", 0)
						return
					}
					select {
					case <-ctx.Done():
						return
					case <-time.After(2 * time.Second):
					}
				}
			})
		})
	}
	wg.Wait()
}
