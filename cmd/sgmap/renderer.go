package main

import "github.com/sgmap/sgmap/graph/render"

// inProcessRenderer is what the CLI renders with: Graphviz in this process.
// One render per run, so go-graphviz's per-render leak does not matter here.
func inProcessRenderer() render.Renderer { return render.NewWasm() }
