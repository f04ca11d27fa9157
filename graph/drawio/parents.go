package drawio

import (
	"slices"

	"github.com/sgmap/sgmap/graph/svgcheck"
)

// assignParents sets each vertex's container. The graph says where a group
// (Parent), region (Parent) or node (Cluster) is drawn; what the graph does
// not know (copies and stubs of the big-graph layout, the legend) goes in
// the smallest cluster whose box holds its centre, as Graphviz drew it.
func (b *builder) assignParents(all []*cell) {
	for _, c := range all {
		if c.what == "text" || c.what == "shape" {
			continue // inside its node, set when made
		}
		key, known := b.graphParent(c)
		switch {
		case known && key == "":
			c.parent = nil
		case known && b.clusters[key] != nil && b.clusters[key] != c:
			c.parent = b.clusters[key]
		default:
			c.parent = b.geometricParent(c)
		}
	}
	// A parent chain that loops (a malformed graph) goes to the top.
	for _, c := range all {
		seen := 0
		for p := c.parent; p != nil; p = p.parent {
			if seen++; seen > len(all) {
				c.parent = nil
				break
			}
		}
	}
}

// graphParent is the id of the cluster the graph draws c in ("" = top)
// and whether the graph knows c at all.
func (b *builder) graphParent(c *cell) (string, bool) {
	switch c.what {
	case "group":
		if gr := b.groups[c.sgmapID]; gr != nil {
			return gr.Parent, true
		}
	case "region":
		if r := b.regions[c.sgmapID]; r != nil {
			return r.Parent, true
		}
	case "node":
		if n := b.nodes[c.sgmapID]; n != nil {
			return n.Cluster, true
		}
	}
	return "", false
}

// geometricParent is the smallest cluster, other than c and larger than
// it, whose box contains c's centre; nil for none.
func (b *builder) geometricParent(c *cell) *cell {
	var best *cell
	centre := c.box.Centre()
	for _, el := range b.doc.Clusters {
		p := b.clusters[el.ID]
		if p == nil || p == c || area(p.box) <= area(c.box) || !p.box.Contains(centre) {
			continue
		}
		if best == nil || area(p.box) < area(best.box) {
			best = p
		}
	}
	return best
}

func area(r svgcheck.Rect) float64 { return (r.Max.X - r.Min.X) * (r.Max.Y - r.Min.Y) }

// parentsFirst orders cells so that every container comes before what it
// contains, keeping SVG order among siblings (draw.io draws later cells on
// top, as the SVG does).
func parentsFirst(all []*cell) []*cell {
	children := map[*cell][]*cell{}
	for _, c := range all {
		children[c.parent] = append(children[c.parent], c)
	}
	out := make([]*cell, 0, len(all))
	var walk func(p *cell)
	walk = func(p *cell) {
		for _, c := range children[p] {
			out = append(out, c)
			walk(c)
		}
	}
	walk(nil)
	return out
}

// ancestors lists c's containers, innermost first.
func ancestors(c *cell) []*cell {
	var out []*cell
	for p := c.parent; p != nil; p = p.parent {
		out = append(out, p)
	}
	return out
}

// commonParent is the innermost container holding both a and b (not a or b
// themselves), nil for the top: where their edge goes, so that it moves
// with them.
func commonParent(a, b *cell) *cell {
	up := ancestors(b)
	for _, p := range ancestors(a) {
		if slices.Contains(up, p) {
			return p
		}
	}
	return nil
}
