package drawio

import (
	"fmt"
	"strings"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// cell is one mxCell of the file: a container, a vertex, a text or an edge.
type cell struct {
	id      string // mxCell id: c<n> clusters, n<n> nodes, t0 the graph label, e<n> edges
	parent  *cell  // nil: the default layer ("1")
	what    string // sgmap_kind: group, region, node, legend, text (a line of a table-like label), shape (a filled cell of one), label (the graph's), edge
	sgmapID string // the graph's (or SVG's) id of what it draws
	label   string
	tooltip string
	style   string
	box     svgcheck.Rect // absolute (Origin applied)

	// Edges only.
	source, target *cell
	points         []svgcheck.Point // absolute waypoints
	offset         svgcheck.Point   // label offset from the path's middle
	hasOffset      bool
}

// model is the file's cells: vertices parents first, then edges.
type model struct {
	vertices []*cell
	edges    []*cell
}

// builder turns a graph and its parsed SVG into cells.
type builder struct {
	g        *graph.Graph
	doc      *svgcheck.Doc
	groups   map[string]*graph.Group
	regions  map[string]*graph.Region
	nodes    map[string]*graph.Node
	edges    map[string]*graph.Edge
	clusters map[string]*cell // SVG cluster id → cell
	nodeCell map[string]*cell // SVG node id → cell
	texts    map[string][]svgcheck.Text
}

// build makes the cells of g drawn as doc: containers and vertices from
// the SVG's clusters and nodes (parents from the graph), then edges.
func build(g *graph.Graph, doc *svgcheck.Doc) *model {
	b := newBuilder(g, doc)
	all := b.clusterCells()
	all = append(all, b.nodeCells()...)
	b.assignParents(all)
	m := &model{vertices: parentsFirst(all)}
	if t := b.graphLabel(); t != nil {
		m.vertices = append(m.vertices, t)
	}
	for i, el := range doc.Edges {
		if e := b.edge(fmt.Sprintf("e%d", i), el); e != nil {
			m.edges = append(m.edges, e)
		}
	}
	return m
}

// newBuilder indexes g's groups, regions, nodes and edges by id and doc's
// texts by owner.
func newBuilder(g *graph.Graph, doc *svgcheck.Doc) *builder {
	b := &builder{g: g, doc: doc,
		groups: map[string]*graph.Group{}, regions: map[string]*graph.Region{},
		nodes: map[string]*graph.Node{}, edges: map[string]*graph.Edge{},
		clusters: map[string]*cell{}, nodeCell: map[string]*cell{}, texts: map[string][]svgcheck.Text{},
	}
	for i := range g.Groups {
		b.groups[g.Groups[i].ID] = &g.Groups[i]
	}
	for i := range g.Regions {
		b.regions[g.Regions[i].ID] = &g.Regions[i]
	}
	for i := range g.Nodes {
		b.nodes[g.Nodes[i].ID] = &g.Nodes[i]
	}
	for i := range g.Edges {
		b.edges[g.Edges[i].ID] = &g.Edges[i]
	}
	for _, t := range doc.TextItems {
		b.texts[t.Owner] = append(b.texts[t.Owner], t)
	}
	return b
}

// clusterCells makes a container per drawn cluster (group or region).
func (b *builder) clusterCells() []*cell {
	var out []*cell
	for i, el := range b.doc.Clusters {
		if !el.HasBox {
			continue
		}
		c := b.vertex(fmt.Sprintf("c%d", i), el)
		c.what = "group"
		if b.regions[el.ID] != nil {
			c.what = "region"
		}
		c.style = containerStyle(el, b.texts[el.ID])
		b.clusters[el.ID] = c
		out = append(out, c)
	}
	return out
}

// nodeCells makes a vertex per drawn node and, for a table-like label,
// its parts.
func (b *builder) nodeCells() []*cell {
	var out []*cell
	for i, el := range b.doc.Nodes {
		if !el.HasBox {
			continue // anchors: Graphviz draws nothing for them
		}
		c := b.vertex(fmt.Sprintf("n%d", i), el)
		c.what = "node"
		if el.HasClass("legend") {
			c.what = "legend"
		}
		c.style = nodeStyle(el, b.kind(el), b.texts[el.ID])
		b.nodeCell[el.ID] = c
		out = append(out, c)
		if tableLabel(el, b.texts[el.ID]) {
			c.label = ""
			out = append(out, b.tableCells(fmt.Sprintf("n%d", i), el, c)...)
		}
	}
	return out
}

// tableCells are the parts of a table-like label (the legend, the map's
// boxes), whose lines have several sizes and places: a filled cell per
// coloured table cell (the map's chips), then a text cell per line, each
// where the SVG draws it.
func (b *builder) tableCells(id string, el svgcheck.Element, node *cell) []*cell {
	var out []*cell
	for j, p := range el.Parts {
		if p.Paint.Fill != "" && p.Paint.Fill != "none" {
			out = append(out, &cell{id: fmt.Sprintf("%sp%d", id, j), what: "shape",
				box: clamp(b.abs(p.Box), node.box), style: partStyle(p.Paint), parent: node})
		}
	}
	for j, t := range b.texts[el.ID] {
		out = append(out, &cell{id: fmt.Sprintf("%st%d", id, j), what: "text", label: t.S,
			box: clamp(b.abs(textBox(t)), node.box), style: textStyle(t), parent: node})
	}
	return out
}

// vertex makes the cell of a cluster or node element (parent not set).
func (b *builder) vertex(id string, el svgcheck.Element) *cell {
	c := &cell{id: id, sgmapID: el.ID, label: strings.Join(el.Texts, "\n"), box: b.abs(el.Box)}
	if len(el.Tooltips) > 0 {
		c.tooltip = el.Tooltips[0]
	}
	return c
}

// abs moves r from SVG user space to the page.
func (b *builder) abs(r svgcheck.Rect) svgcheck.Rect {
	o := b.doc.Origin
	return svgcheck.Rect{Min: svgcheck.Point{X: r.Min.X + o.X, Y: r.Min.Y + o.Y}, Max: svgcheck.Point{X: r.Max.X + o.X, Y: r.Max.Y + o.Y}}
}

func (b *builder) absPoint(p svgcheck.Point) svgcheck.Point {
	return svgcheck.Point{X: p.X + b.doc.Origin.X, Y: p.Y + b.doc.Origin.Y}
}

// kind is the node kind of a node element: its graph node's, else its
// class "kind-<kind>" (copies of peers in the big-graph layout), else "".
func (b *builder) kind(el svgcheck.Element) string {
	if n := b.nodes[el.ID]; n != nil {
		return n.Kind
	}
	for _, f := range strings.Fields(el.Class) {
		if k, ok := strings.CutPrefix(f, "kind-"); ok {
			return k
		}
	}
	return ""
}

// graphLabel is the graph's own label (the provenance line) as a text
// cell, or nil when the SVG has none.
func (b *builder) graphLabel() *cell {
	ts := b.texts[""]
	if len(ts) == 0 {
		return nil
	}
	var lines []string
	box := svgcheck.Rect{Min: svgcheck.Point{X: 1e18, Y: 1e18}, Max: svgcheck.Point{X: -1e18, Y: -1e18}}
	for _, t := range ts {
		lines = append(lines, t.S)
		r := textBox(t)
		box.Min.X, box.Min.Y = min(box.Min.X, r.Min.X), min(box.Min.Y, r.Min.Y)
		box.Max.X, box.Max.Y = max(box.Max.X, r.Max.X), max(box.Max.Y, r.Max.Y)
	}
	return &cell{id: "t0", what: "label", label: strings.Join(lines, "\n"), box: b.abs(box), style: textStyle(ts[0])}
}

// tableLabel reports whether a node's label is one of the DOT writer's
// HTML-like tables (the legend, the map's boxes) rather than centred
// lines: its texts start at the left.
func tableLabel(el svgcheck.Element, texts []svgcheck.Text) bool {
	return el.HasClass("legend") || len(texts) > 0 && texts[0].Anchor == "start"
}

// clamp cuts r to within outer.
func clamp(r, outer svgcheck.Rect) svgcheck.Rect {
	r.Min.X, r.Min.Y = max(r.Min.X, outer.Min.X), max(r.Min.Y, outer.Min.Y)
	r.Max.X, r.Max.Y = min(r.Max.X, outer.Max.X), min(r.Max.Y, outer.Max.Y)
	r.Max.X, r.Max.Y = max(r.Max.X, r.Min.X), max(r.Max.Y, r.Min.Y)
	return r
}
