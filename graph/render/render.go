// Package render turns DOT into SVG. It is the only sgmap package that
// imports go-graphviz, so that only binaries that render pay its ~0.5 s
// WebAssembly start-up (cached in os.TempDir()/go-graphviz afterwards).
//
// Three [Renderer]s share one contract: the SVG they return has exactly as
// many edges as the DOT asks for (Graphviz can silently drop edges), and a
// graph too large to lay out in time is an [sgmap.ETOOLARGE] error that
// tells the user what to do instead.
//
//   - [Wasm] renders in-process with go-graphviz. Every call is serialised
//     by one process-wide mutex (concurrent use corrupts the shared wasm
//     instance), layout ignores the context, and each render leaks
//     memory. Fine for the CLI and tests.
//   - [Pool] renders each DOT in a short-lived worker process of sgmap's own
//     binary ([ServeWorker] is its main), so a render can be killed on a
//     timeout and its leaked memory goes away with the process. The server
//     uses it.
//   - [Exec] runs a native `dot -Tsvg` from PATH when one is installed.
package render

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
)

// Renderer renders DOT source to SVG.
type Renderer interface {
	// SVG lays dot out with Graphviz's dot engine and returns the SVG. It
	// returns an [sgmap.ETOOLARGE] error for graphs beyond the renderer's
	// limits, an [sgmap.EUNAVAILABLE] error when the render was stopped
	// (timeout) and a plain error when Graphviz failed or lost edges.
	SVG(ctx context.Context, dot []byte) ([]byte, error)
}

// tooLargeHint is the advice given with every ETOOLARGE and timeout error.
const tooLargeHint = "use the overview view, a focus on one group, or pick one VPC"

// Limits bound the graphs a renderer agrees to lay out. Zero fields mean no
// limit.
type Limits struct {
	Nodes    int // nodes, including invisible anchors
	Edges    int // edges, including invisible ones
	Clusters int // subgraphs named cluster*, at any depth
}

// DefaultLimits keep a render within about 10-20 s of go-graphviz time on
// one core (see docs/performance.md, "Rendering", for the measurements).
// Nodes count invisible anchors and the small replica and stub nodes the
// big-graph layout adds, which cost little layout time: the large demo's
// production detail view (6,066 DOT nodes, 5,380 edges) takes about 5 s.
var DefaultLimits = Limits{Nodes: 8000, Edges: 8000, Clusters: 1000}

// Counts are the sizes of a parsed DOT graph.
type Counts struct {
	Nodes, Edges, Clusters int
	// VisibleEdges are the edges Graphviz draws: those without style=invis.
	// The SVG must contain exactly this many edge groups.
	VisibleEdges int
}

// check returns an ETOOLARGE error when c exceeds l.
func (l Limits) check(c Counts) error {
	over := func(what string, n, limit int) error {
		return sgmap.Errorf(sgmap.ETOOLARGE,
			"graph too large to draw: %d %s (limit %d): %s", n, what, limit, tooLargeHint)
	}
	switch {
	case l.Nodes > 0 && c.Nodes > l.Nodes:
		return over("nodes", c.Nodes, l.Nodes)
	case l.Edges > 0 && c.Edges > l.Edges:
		return over("edges", c.Edges, l.Edges)
	case l.Clusters > 0 && c.Clusters > l.Clusters:
		return over("clusters", c.Clusters, l.Clusters)
	}
	return nil
}

// checkGraphAttrs refuses the layout options that run for minutes on
// graphs of sgmap's size (orthogonal splines, newrank) and concentrate,
// which merges edges; get returns a root graph attribute.
func checkGraphAttrs(get func(string) string) error {
	if strings.EqualFold(strings.TrimSpace(get("splines")), "ortho") {
		return sgmap.Errorf(sgmap.ETOOLARGE, "refusing splines=ortho: its layout can take minutes; %s", tooLargeHint)
	}
	if isTrue(get("newrank")) {
		return sgmap.Errorf(sgmap.ETOOLARGE, "refusing newrank=true: its layout can take minutes; %s", tooLargeHint)
	}
	if isTrue(get("concentrate")) {
		// Merged edges would fail the edge-count check with a misleading
		// "lost edges" error; sgmap's DOT never sets it.
		return errors.New("refusing concentrate=true: merged edges cannot be checked against the DOT")
	}
	return nil
}

// isTrue follows Graphviz's mapbool: "true", "yes" and non-zero numbers.
func isTrue(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	switch v {
	case "", "false", "no", "0":
		return false
	case "true", "yes":
		return true
	}
	var n int
	_, err := fmt.Sscanf(v, "%d", &n)
	return err == nil && n != 0
}

// isInvisible reports whether a style attribute value contains "invis".
func isInvisible(style string) bool {
	for _, s := range strings.Split(style, ",") {
		if strings.TrimSpace(s) == "invis" {
			return true
		}
	}
	return false
}

// ChildNice is the niceness render workers and native dot processes run
// at on Linux (0 is normal, 19 the lowest priority): below the server, so
// that a flood of renders cannot starve its request handling.
const ChildNice = 10
