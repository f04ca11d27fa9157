package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"
)

// graphvizMu serialises every go-graphviz call in the process: all
// graphviz.New values share one package-global wasm instance, and
// concurrent calls corrupt it (goccy/go-graphviz#117; reproduced as
// "concurrent map writes", bogus syntax errors and truncated SVG). It is a
// one-slot channel so that waiting for it can end with the caller's context.
var graphvizMu = make(chan struct{}, 1)

// Wasm renders in-process with go-graphviz (Graphviz 12 compiled to
// WebAssembly). Renders are serialised process-wide, cannot be interrupted
// once layout starts (the context is only checked before), and each one
// leaks a few MB that the process never gets back (goccy/go-graphviz#111):
// long-running processes should render through a [Pool] instead.
type Wasm struct {
	// Limits bound the graphs it lays out; nil means [DefaultLimits],
	// &Limits{} no limits at all.
	Limits *Limits
}

var _ Renderer = (*Wasm)(nil)

// NewWasm returns a Wasm renderer with [DefaultLimits].
func NewWasm() *Wasm { return &Wasm{} }

// SVG implements [Renderer]. ctx ends the wait for other renders in this
// process but not a layout once started. Besides the contract errors it
// returns a plain error for DOT that does not parse.
func (w *Wasm) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	limits := DefaultLimits
	if w != nil && w.Limits != nil {
		limits = *w.Limits
	}
	select {
	case graphvizMu <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("render: waiting for graphviz: %w", ctx.Err())
	}
	svg, counts, err := renderLocked(ctx, dot, limits)
	if err != nil {
		return nil, err
	}
	if err := checkEdges(svg, counts.VisibleEdges); err != nil {
		return nil, err
	}
	return widenFonts(svg), nil
}

// renderLocked parses, checks and lays out dot, then releases graphvizMu,
// which the caller must hold. A panic inside go-graphviz becomes an error.
func renderLocked(ctx context.Context, dot []byte, limits Limits) (svg []byte, c Counts, err error) {
	defer func() { <-graphvizMu }()
	defer func() {
		if p := recover(); p != nil {
			svg, err = nil, fmt.Errorf("graphviz panicked: %v", p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, Counts{}, fmt.Errorf("render: %w", err)
	}
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, Counts{}, fmt.Errorf("start graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, Counts{}, fmt.Errorf("parse dot: %w", err)
	}
	if g == nil {
		// cgraph returns no graph and no error for input without a graph.
		return nil, Counts{}, errors.New("parse dot: no graph in input")
	}
	defer g.Close()
	if err := checkGraphAttrs(g.GetStr); err != nil {
		return nil, Counts{}, err
	}
	counts, err := countGraph(g, mayHideEdges(dot))
	if err != nil {
		return nil, Counts{}, err
	}
	if err := limits.check(counts); err != nil {
		return nil, counts, err
	}
	gv.SetLayout(graphviz.DOT)
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, counts, fmt.Errorf("render svg: %w", err)
	}
	return buf.Bytes(), counts, nil
}

// countGraph counts g's nodes, edges (all and visible) and clusters.
// walk says whether an edge may be invisible (see [mayHideEdges]): only
// then is every edge's style read, two to three WebAssembly calls per edge
// (a sixth of the map's render, docs/performance.md, "Map level: the
// render's own overhead"); otherwise every edge is visible.
func countGraph(g *cgraph.Graph, walk bool) (Counts, error) {
	var c Counts
	var err error
	if c.Nodes, err = g.NodeNum(); err != nil {
		return c, fmt.Errorf("count nodes: %w", err)
	}
	if c.Edges, err = g.EdgeNum(); err != nil {
		return c, fmt.Errorf("count edges: %w", err)
	}
	if walk {
		if c.VisibleEdges, err = countVisibleEdges(g); err != nil {
			return c, err
		}
	} else {
		c.VisibleEdges = c.Edges
	}
	if c.Clusters, err = countClusters(g); err != nil {
		return c, err
	}
	return c, nil
}

// countVisibleEdges counts g's edges whose style is not invisible.
func countVisibleEdges(g *cgraph.Graph) (int, error) {
	visible := 0
	for n, err := g.FirstNode(); n != nil; n, err = g.NextNode(n) {
		if err != nil {
			return 0, fmt.Errorf("walk nodes: %w", err)
		}
		for e, err := g.FirstOut(n); e != nil; e, err = g.NextOut(e) {
			if err != nil {
				return 0, fmt.Errorf("walk edges: %w", err)
			}
			if !isInvisible(e.GetStr("style")) {
				visible++
			}
		}
	}
	return visible, nil
}

// mayHideEdges reports whether an attribute value parsed from dot could
// contain "invis". DOT builds a value from its source bytes with only two
// rewrites that can join letters: a backslash-newline inside a quoted
// string is dropped, and "a" + "b" concatenates quoted strings (tokens
// apart, so maybe with whitespace or comments between the + and the
// second string). HTML strings are kept as written. So a DOT with no
// "invis", no backslash before a line break, and no + followed by a quote
// or a comment (after whitespace) has no invisible edge; anything else is
// walked.
func mayHideEdges(dot []byte) bool {
	if bytes.Contains(dot, []byte("invis")) ||
		bytes.Contains(dot, []byte("\\\n")) || bytes.Contains(dot, []byte("\\\r")) {
		return true
	}
	for rest := dot; ; {
		i := bytes.IndexByte(rest, '+')
		if i < 0 {
			return false
		}
		rest = bytes.TrimLeft(rest[i+1:], " \t\r\n\f\v")
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '/' || rest[0] == '#') {
			return true
		}
	}
}

// countClusters counts subgraphs named cluster* below g, at any depth.
func countClusters(g *cgraph.Graph) (int, error) {
	n := 0
	sub, err := g.FirstSubGraph()
	for ; sub != nil; sub, err = sub.NextSubGraph() {
		name, err := sub.Name()
		if err != nil {
			return 0, fmt.Errorf("subgraph name: %w", err)
		}
		if len(name) >= 7 && strings.EqualFold(name[:7], "cluster") {
			n++
		}
		k, err := countClusters(sub)
		if err != nil {
			return 0, err
		}
		n += k
	}
	if err != nil {
		return 0, fmt.Errorf("walk subgraphs: %w", err)
	}
	return n, nil
}
