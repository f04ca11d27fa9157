package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

func runHealthcheck(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "healthcheck", "[-url URL] [-timeout 5s]", `
Check that a running 'sgmap serve' answers: GET its /healthz and exit 0 on
"200 ok", 1 otherwise. For container health checks (the Docker image has no
curl): by default it asks the address the server listens on (SGMAP_ADDR),
through loopback when that is 0.0.0.0 or [::].`)
	target := fs.String("url", "", "the `URL` to check (default http://<SGMAP_ADDR, loopback for 0.0.0.0>/healthz)")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	if *target == "" {
		*target = "http://" + loopbackFor(envOr(e, "SGMAP_ADDR", "127.0.0.1:8080")) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *target, nil)
	if err != nil {
		return usagef("healthcheck: -url: %v", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 256))
	if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		return fmt.Errorf("healthcheck: %s answered %s", *target, res.Status)
	}
	return nil
}

// loopbackFor turns a listen address into one to dial: an unspecified
// host (":8080", "0.0.0.0:8080", "[::]:8080") becomes 127.0.0.1.
func loopbackFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
