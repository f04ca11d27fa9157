package main

import (
	"context"

	"github.com/sgmap/sgmap/graph/render"
)

// runRenderWorker is the hidden worker the dashboard starts per render: DOT
// on stdin, SVG on stdout. Running Graphviz in a separate process lets the
// server kill a runaway layout and get back the memory go-graphviz never
// frees. render.WorkerMain reports errors in the form the Pool reads.
func runRenderWorker(ctx context.Context, args []string, e env) error {
	if code := render.WorkerMain(ctx, e.stdin, e.stdout, e.stderr); code != 0 {
		return &exitCodeError{code: code}
	}
	return nil
}
