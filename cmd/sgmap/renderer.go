package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph/render"
)

// rendererFlag chooses the Graphviz that draws SVG: the embedded one (always
// there, the default) or a native `dot` on PATH, which is faster and runs
// renders in parallel but whose version varies by system.
type rendererFlag string

func registerRendererFlag(fs *flag.FlagSet) *rendererFlag {
	r := rendererFlag("embedded")
	fs.Var(&r, "renderer", "`embedded` (Graphviz compiled into sgmap) or native (the dot and gvpr on PATH; faster, but Debian 12's Graphviz 2.43 fails on some large graphs)")
	return &r
}

func (r *rendererFlag) String() string { return string(*r) }

func (r *rendererFlag) Set(v string) error {
	if v != "embedded" && v != "native" {
		return fmt.Errorf("must be embedded or native, not %q", v)
	}
	*r = rendererFlag(v)
	return nil
}

// native returns the native renderer, or a clear error when it is missing.
func native() (*render.Exec, error) {
	x, err := render.LookExec()
	if err != nil {
		return nil, sgmap.Errorf(sgmap.EUNAVAILABLE, "-renderer native needs Graphviz's dot and gvpr on PATH (e.g. apt-get install graphviz): %v", err)
	}
	return x, nil
}

// cliRenderer is what the CLI renders with: Graphviz in this process (one
// render per run, so go-graphviz's per-render leak does not matter), or the
// native dot.
func (r rendererFlag) cliRenderer() (render.Renderer, error) {
	if r == "native" {
		return native()
	}
	return render.NewWasm(), nil
}

// serverRenderer is what serve renders with: worker processes of this
// binary, or native dot processes; either is killed after timeout.
func (r rendererFlag) serverRenderer(timeout time.Duration, workers int) (render.Renderer, error) {
	if r == "native" {
		x, err := native()
		if err != nil {
			return nil, err
		}
		return timeoutRenderer{r: x, timeout: timeout}, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable for render workers: %w", err)
	}
	return render.NewPool(render.PoolOptions{Command: []string{exe, "__render"}, Timeout: timeout, MaxConcurrent: workers}), nil
}

// timeoutRenderer bounds each render of a renderer that stops when its
// context ends (native dot) but has no time limit of its own.
type timeoutRenderer struct {
	r       render.Renderer
	timeout time.Duration
}

func (t timeoutRenderer) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	svg, err := t.r.SVG(ctx, dot)
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		return nil, sgmap.Errorf(sgmap.EUNAVAILABLE, "rendering took longer than %v: use the overview view, a focus on one group, or pick one VPC", t.timeout)
	}
	return svg, err
}
