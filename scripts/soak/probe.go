package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// probeMain is the -probe mode: /healthz every 20 ms on one kept-alive
// connection until stdin closes, one line per answered probe on stdout
// ("<sent, Unix ns> <latency, ns>"). The flood runs it as a process of its
// own, so that the latencies it sees are the server's and the machine's,
// not the flood's 800 goroutines' in the loader.
func probeMain(base string) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	hc := fromAddr("127.0.0.1", 10*time.Second)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	loop(ctx, 20*time.Millisecond, func() {
		start := time.Now()
		resp, err := hc.Get(base + "/healthz")
		if err != nil {
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Fprintf(out, "%d %d\n", start.UnixNano(), time.Since(start).Nanoseconds())
	})
}

// externalProbe starts this program in -probe mode against base; stop ends
// it and returns when each probe was sent and how long it took.
func externalProbe(base string) (stop func() (at []time.Time, took []time.Duration), err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-url", base, "-probe")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	var at []time.Time
	var took []time.Duration
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var sent, ns int64
			if _, err := fmt.Sscan(sc.Text(), &sent, &ns); err == nil {
				at, took = append(at, time.Unix(0, sent)), append(took, time.Duration(ns))
			}
		}
	}()
	return func() ([]time.Time, []time.Duration) {
		stdin.Close()
		<-done
		cmd.Wait()
		return at, took
	}, nil
}
