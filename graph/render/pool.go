package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// PoolOptions configure a [Pool].
type PoolOptions struct {
	// Command starts one worker: the program and its arguments, e.g.
	// {os.Executable(), "__render"}. The worker reads DOT on standard
	// input and writes SVG on standard output: [ServeWorker], exiting
	// non-zero on its error, or simply [WorkerMain].
	Command []string
	// Env, when not nil, is the workers' environment (exec.Cmd.Env);
	// nil inherits the parent's.
	Env []string
	// Timeout bounds one render, from worker start to exit; a worker
	// still running then is killed. The worker is also told its limit
	// ([TimeoutEnv]) and exits by itself past it, and on Linux it dies with
	// this process (parent-death signal), so no worker outlives a killed
	// server. Zero means 30 s.
	Timeout time.Duration
	// MaxConcurrent is the most workers running at once; more renders
	// wait their turn. Zero means 2.
	MaxConcurrent int
}

// Pool renders each DOT in a fresh worker process (see [WorkerMain]), so
// renders run in parallel up to MaxConcurrent, a runaway layout can be
// killed, and the memory go-graphviz leaks goes away with each worker.
// The cost is one process start per render (about 30 ms once go-graphviz's
// compilation cache in os.TempDir()/go-graphviz is warm). A Pool is safe
// for concurrent use.
type Pool struct {
	opts PoolOptions
	sem  chan struct{}
}

var _ Renderer = (*Pool)(nil)

// NewPool returns a Pool running o.Command. It starts nothing until the
// first render.
func NewPool(o PoolOptions) *Pool {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = 2
	}
	o.Command = append([]string(nil), o.Command...)
	return &Pool{opts: o, sem: make(chan struct{}, o.MaxConcurrent)}
}

// SVG implements [Renderer] by running one worker. Waiting for a free
// worker slot ends with ctx. A worker that outlives the Timeout is killed
// and SVG returns an [sgmap.EUNAVAILABLE] error; the worker's own
// [sgmap.ETOOLARGE], [sgmap.EINVALID] and [sgmap.EUNAVAILABLE] errors keep
// their code; anything else (a crash, lost edges, bad DOT) is a plain
// error.
func (p *Pool) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	if len(p.opts.Command) == 0 {
		return nil, errors.New("render pool: no worker command")
	}
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("render pool: waiting for a worker: %w", ctx.Err())
	}
	defer func() { <-p.sem }()

	wctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	cmd := exec.CommandContext(wctx, p.opts.Command[0], p.opts.Command[1:]...)
	cmd.Env = withTimeoutEnv(p.opts.Env, p.opts.Timeout)
	cmd.Stdin = bytes.NewReader(dot)
	var stdout bytes.Buffer
	stderr := &capped{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	// A killed worker's pipes close at once; the delay only guards against
	// grandchildren holding them open.
	cmd.WaitDelay = time.Second
	err := runChild(cmd)
	switch {
	case err == nil:
		return stdout.Bytes(), nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("render pool: %w", ctx.Err())
	case errors.Is(wctx.Err(), context.DeadlineExceeded):
		return nil, sgmap.Errorf(sgmap.EUNAVAILABLE,
			"rendering took longer than %s: use the overview view, a focus, or one VPC", p.opts.Timeout)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() > 0 {
		return nil, errorFromWorker(exit.ExitCode(), stdout.Bytes(), stderr.String())
	}
	return nil, fmt.Errorf("render worker: %w (%s)", err, firstLine(stderr.String()))
}

// withTimeoutEnv is env (nil: this process's environment) plus the worker's
// time limit in [TimeoutEnv], so that a worker stops by itself even when
// this process is gone.
func withTimeoutEnv(env []string, timeout time.Duration) []string {
	if env == nil {
		env = os.Environ()
	}
	return append(slices.Clip(env), TimeoutEnv+"="+timeout.String())
}

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return oneLine(l)
		}
	}
	return "no error message"
}

// capped is a writer keeping at most max bytes and discarding the rest, so
// a chatty worker cannot grow the parent.
type capped struct {
	buf bytes.Buffer
	max int
}

func (c *capped) Write(b []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(b[:min(len(b), room)])
	}
	return len(b), nil
}

func (c *capped) String() string { return c.buf.String() }
