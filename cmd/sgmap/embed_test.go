package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
)

// TestEmbed: the printed link opens the diagram on a server with the same
// token, without the token, for the -ttl asked; a link for another view
// does not.
func TestEmbed(t *testing.T) {
	const token = "embed-cli-token-0123"
	h, err := server.New(server.Config{Demos: true, Renderer: &render.Wasm{}, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	target := srv.URL + "/snapshots/demo-article/vpcs/vpc-0a1b2c3d4e5f60718/diagram.svg?view=detail"
	r := mustRun(t, map[string]string{"SGMAP_TOKEN": token}, "embed", "-ttl", "2h", target)
	if r.code != 0 {
		t.Fatalf("sgmap embed: exit %d: %s", r.code, r.stderr)
	}
	link := strings.TrimSpace(r.stdout)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	exp, _ := strconv.ParseInt(u.Query().Get("exp"), 10, 64)
	if d := time.Until(time.Unix(exp, 0)); d < 119*time.Minute || d > 2*time.Hour {
		t.Errorf("link expires in %v, want 2h", d)
	}
	status := func(target string) int {
		res, err := http.Get(target)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := status(link); got != 200 {
		t.Errorf("GET %s = %d, want 200", link, got)
	}
	if got := status(strings.Replace(link, "view=detail", "view=overview", 1)); got != 403 {
		t.Errorf("the link with another view = %d, want 403", got)
	}
	// The -token flag wins over nothing; a path is signed as well.
	if r := mustRun(t, nil, "embed", "-token", token, "/snapshots/demo-article/vpcs/vpc-0a1b2c3d4e5f60718/diagram.dot"); r.code != 0 ||
		status(srv.URL+strings.TrimSpace(r.stdout)) != 200 {
		t.Errorf("sgmap embed -token … PATH: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		name string
		vars map[string]string
		args []string
		code int
		msg  string
	}{
		{"no token", nil, []string{target}, 2, "SGMAP_TOKEN"},
		{"no url", map[string]string{"SGMAP_TOKEN": token}, nil, 2, "name one diagram URL"},
		{"ttl too long", map[string]string{"SGMAP_TOKEN": token}, []string{"-ttl", "9000h", target}, 2, "ttl must be"},
		{"not a diagram", map[string]string{"SGMAP_TOKEN": token}, []string{srv.URL + "/api/snapshots"}, 1, "only diagram exports"},
	} {
		r := mustRun(t, tc.vars, append([]string{"embed"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%s: exit %d %q, want %d and %q", tc.name, r.code, r.stderr, tc.code, tc.msg)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	h, err := server.New(server.Config{Renderer: &render.Wasm{}})
	if err != nil {
		t.Fatal(err)
	}
	ok := httptest.NewServer(h)
	t.Cleanup(ok.Close)
	if r := mustRun(t, nil, "healthcheck", "-url", ok.URL+"/healthz"); r.code != 0 {
		t.Errorf("healthcheck of a live server: exit %d %s", r.code, r.stderr)
	}
	// The default URL is SGMAP_ADDR's, through loopback for 0.0.0.0.
	addr := strings.TrimPrefix(ok.URL, "http://127.0.0.1")
	if r := mustRun(t, map[string]string{"SGMAP_ADDR": "0.0.0.0" + addr}, "healthcheck"); r.code != 0 {
		t.Errorf("healthcheck with SGMAP_ADDR=0.0.0.0%s: exit %d %s", addr, r.code, r.stderr)
	}
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusServiceUnavailable)
	}))
	t.Cleanup(sick.Close)
	if r := mustRun(t, nil, "healthcheck", "-url", sick.URL); r.code != 1 || !strings.Contains(r.stderr, "503") {
		t.Errorf("healthcheck of a failing server: exit %d %q, want 1 naming 503", r.code, r.stderr)
	}
	sick.Close()
	if r := mustRun(t, nil, "healthcheck", "-url", sick.URL, "-timeout", "2s"); r.code != 1 {
		t.Errorf("healthcheck of a stopped server: exit %d, want 1", r.code)
	}
}
