package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/server"
	"github.com/sgmap/sgmap/store"
)

func runServe(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "serve", `[-addr 127.0.0.1:8080] [-data DIR|s3://BUCKET/PREFIX] [-snapshot FILE]... [-plan-side after|before] [-tf-dir DIR] [-param KEY=VALUE]... [-no-demos] [-token T] [-behind-proxy]
         [-render-timeout 30s] [-render-workers N] [-renderer embedded|native]
         [-max-data 2GiB] [-max-upload 64MiB] [-max-conns 512] [-max-memory 256MiB] [-keep 90d] [-keep-last N]
         [-log-format text|json] [-log-level debug|info|warn|error]
         [-collect [-profile P] [-region R[,R...]|all] [-role-arn ARN]... [-external-id X] [-vpc ID]... [-strict] [-refresh 15m]
                   [-org -role-name NAME [-org-ou OU]... [-exclude-account ID]...]]`, `
Start the dashboard. With no flags it serves the embedded demos on
http://127.0.0.1:8080 — no AWS account needed. It also lists the snapshots
in the data folder (where 'sgmap collect' writes) and any -snapshot files,
and accepts uploads of snapshot JSON and of the files 'sgmap import' reads.

Security: it binds to loopback by default. Binding any other address
requires a token (-token or SGMAP_TOKEN); every request must then carry it,
as 'Authorization: Bearer <token>' or through the login form, which sets an
HttpOnly cookie. Diagrams are rendered in worker processes with a time limit,
so one huge diagram never stalls the dashboard.

With -collect it collects from AWS at start and every -refresh, keeping each
result in the data folder (it takes the collect command's AWS flags). A
collection or upload identical to the newest snapshot of its series (same
accounts, regions and source) is not stored again, only counted as seen
again; -keep and -keep-last delete old snapshots of each series at start
and after each new one, never the newest of a series.

-data s3://bucket/prefix keeps the snapshots in S3 instead, through the AWS
credential chain (AWS_ENDPOINT_URL_S3 for an S3-compatible server):
several replicas can share one bucket. Any other URL scheme is an error.

Under load it stays bounded: -render-workers diagrams are drawn at once
(default: one less than the cores, so one stays for answering requests;
workers run at a lower priority), as many graphs are built beside them (a
slow drawing never holds up other pages' data), and 16 more of each may
wait up to
10 s (then 503 with Retry-After, closing the connection); a
client may upload one snapshot at a time (two at once over all clients),
and an upload body that pauses 10 s is cut off; snapshots are held to
100,000 groups, 1,000,000 rules, 500,000 ENIs and owners, 20,000,000 JSON
values, and 6 times their size in memory (413 naming the limit); after 5
wrong tokens a client waits, doubling up to 5 minutes (429). Sessions last
7 days; POST /logout ends one.`)
	addr := fs.String("addr", envOr(e, "SGMAP_ADDR", "127.0.0.1:8080"), "listen `address` (env SGMAP_ADDR); non-loopback addresses require -token")
	data := fs.String("data", defaultDataDir(e), "data `folder` of snapshots, or s3://bucket/prefix shared by replicas; also where uploads and -collect results go (env SGMAP_DATA)")
	var files listFlag
	fs.Var(&files, "snapshot", "also serve this snapshot `file`, or any file that import reads (repeatable)")
	noDemos := fs.Bool("no-demos", false, "do not list the embedded demos")
	behindProxy := fs.Bool("behind-proxy", false, "a load balancer in front appends the client's address to X-Forwarded-For (an ALB does): per-client limits use it")
	token := fs.String("token", e.getenv("SGMAP_TOKEN"), "require this `token` on every request (env SGMAP_TOKEN); needed to bind beyond loopback")
	collect := fs.Bool("collect", false, "collect from AWS at start and every -refresh (takes collect's flags)")
	refresh := fs.Duration("refresh", 15*time.Minute, "with -collect, how often to collect again")
	renderTimeout := fs.Duration("render-timeout", 30*time.Second, "kill a diagram render that runs longer than this")
	renderWorkers := fs.Int("render-workers", server.DefaultWorkSlots(), "diagrams drawn at once, and graphs built at once beside them (each drawing in its own worker process, at a lower priority); the default leaves one core for answering requests")
	maxConns := fs.Int("max-conns", server.DefaultMaxConns, "connections open at once; more wait in the kernel's queue")
	var maxData byteSize
	fs.Var(&maxData, "max-data", "quota of `size` on the data folder's snapshots, e.g. 2GiB; uploads and collections past it get 507 (default no quota)")
	maxUpload := byteSize(server.DefaultMaxUploadBytes)
	fs.Var(&maxUpload, "max-upload", "largest snapshot upload, as a `size`")
	maxMemory := byteSize(defaultMaxMemory)
	fs.Var(&maxMemory, "max-memory", "soft limit on the server's Go memory (GOMEMLIMIT, which wins when set): the garbage collector works harder near it; 0 for none")
	renderer := registerRendererFlag(fs)
	var kf keepFlags
	kf.register(fs)
	var cf collectFlags
	cf.register(fs, e)
	var in inputFlags
	in.register(fs, false)
	lf := registerLogFlags(fs, e)
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	if *token != "" && len(strings.TrimSpace(*token)) < minTokenLen {
		return usagef("-token (or SGMAP_TOKEN) must have at least %d characters besides spaces: it is the only thing between the network and the dashboard", minTokenLen)
	}
	if err := checkExposure(*addr, *token); err != nil {
		return err
	}
	if why := weakToken(*token); *token != "" && why != "" {
		log.Warn("the token looks weak: "+why+"; generate one with: openssl rand -hex 16", "min_length", 16)
	}
	if *maxConns < 1 || maxUpload < 1 {
		return usagef("-max-conns and -max-upload must be positive")
	}
	setMemoryLimit(e, int64(maxMemory))
	if *renderWorkers < 1 || *renderTimeout <= 0 || (*collect && *refresh < time.Minute) {
		return usagef("-render-workers must be at least 1, -render-timeout positive and -refresh at least 1m")
	}
	keep, err := kf.retention()
	if err != nil {
		return err
	}
	r, err := renderer.serverRenderer(*renderTimeout, *renderWorkers)
	if err != nil {
		return err
	}
	cfg := server.Config{
		Log: log, Files: files, Demos: !*noDemos, Token: *token, Version: sgmap.Version, Refresh: *refresh,
		Renderer: r, WorkSlots: *renderWorkers, MaxDataBytes: int64(maxData), MaxUploadBytes: int64(maxUpload),
		BehindProxy: *behindProxy, Retention: keep,
	}
	if *token == "" {
		// Loopback without a token: answer only to loopback names, so a web
		// page cannot reach the dashboard by DNS rebinding.
		host, _, _ := net.SplitHostPort(*addr)
		cfg.Hosts = []string{"localhost", host}
	}
	if cfg.Store, err = openStore(ctx, *data, store.WithLog(log)); err != nil {
		return err
	}
	cfg.Store.SetParse(in.parse)
	cfg.Import = in.options().Read
	if *collect {
		c, err := cf.collector(ctx, log, nil)
		if err != nil {
			return err
		}
		cfg.Collect = c.Collect
	}
	// Readiness: a dashboard that cannot draw is not ready. This also warms
	// go-graphviz's compilation cache, so the first real render is fast.
	if err := render.SelfCheck(ctx, cfg.Renderer); err != nil {
		return fmt.Errorf("render self-check: %w", err)
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	return serveUntilDone(ctx, srv, server.LimitListener(ln, *maxConns), log)
}

// serveUntilDone serves until ctx ends (SIGINT/SIGTERM), then shuts down
// gracefully with a 10 s limit.
func serveUntilDone(ctx context.Context, srv *server.Server, ln net.Listener, log interface {
	Info(string, ...any)
}) error {
	hs := srv.HTTPServer(ln.Addr().String())
	go srv.Run(ctx)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("dashboard listening", "url", "http://"+ln.Addr().String()+"/")
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	log.Info("dashboard stopped")
	return nil
}

// minTokenLen is the shortest token serve accepts: a whitespace-only or
// two-letter token would be guessed at once (there is no rate limit).
const minTokenLen = 8

// checkExposure refuses to serve beyond loopback without a token.
func checkExposure(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("-addr %q is not host:port: %v", addr, err)
	}
	if token != "" || isLoopback(host) {
		return nil
	}
	return usagef("-addr %s is reachable from other machines: set -token (or SGMAP_TOKEN) so requests must authenticate, or bind 127.0.0.1", addr)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
