package render

import (
	"context"
	"fmt"

	"github.com/sgmap/sgmap/graph/svgcheck"
)

// selfCheckDOT is a one-node, one-cluster, one-edge graph.
const selfCheckDOT = `digraph selfcheck { subgraph cluster_c { id="c"; a [id="a"] } a -> a [id="e"] }`

// SelfCheck renders a tiny graph with r and checks the SVG has its cluster,
// node and edge: a readiness check for start-up (it also warms
// go-graphviz's compilation cache for later worker processes).
func SelfCheck(ctx context.Context, r Renderer) error {
	svg, err := r.SVG(ctx, []byte(selfCheckDOT))
	if err != nil {
		return fmt.Errorf("render self-check: %w", err)
	}
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		return fmt.Errorf("render self-check: %w", err)
	}
	if _, ok := doc.Node("a"); !ok || len(doc.Enclosing("a")) != 1 || len(doc.Edges) != 1 {
		return fmt.Errorf("render self-check: unexpected drawing: %d clusters, %d nodes, %d edges",
			len(doc.Clusters), len(doc.Nodes), len(doc.Edges))
	}
	return nil
}
