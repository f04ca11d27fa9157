package drawio

import (
	"math"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap/graph/svgcheck"
)

// edge makes the cell of an SVG edge, or nil when its ends are not drawn.
// Its ends are the cells Graphviz drew it between (the edge's <title> is
// "tail->head" in DOT names): a node, or the cluster whose invisible
// anchor ("anchor:<cluster id>") it starts or ends at.
func (b *builder) edge(id string, el svgcheck.Element) *cell {
	src, dst := b.ends(el)
	if src == nil || dst == nil {
		return nil
	}
	c := &cell{id: id, what: "edge", sgmapID: el.ID, source: src, target: dst,
		label: strings.Join(el.Texts, "\n"), parent: commonParent(src, dst)}
	if src == dst {
		c.parent = src.parent
	}
	if len(el.Tooltips) > 0 {
		c.tooltip = el.Tooltips[0]
	}
	kind := ""
	if e := b.edges[el.ID]; e != nil {
		kind = e.Kind
	}
	c.style = edgeStyle(el, kind, b.texts[el.ID])
	path := make([]svgcheck.Point, len(el.Path))
	for i, p := range el.Path {
		path[i] = b.absPoint(p)
	}
	c.points = waypoints(path)
	if len(path) > 0 {
		// Graphviz clips an edge at a cluster's border where it meets
		// it; draw.io would aim at the container's centre instead.
		c.style += fixedEnd("exit", src, path[0]) + fixedEnd("entry", dst, path[len(path)-1])
	}
	if ts := b.texts[el.ID]; len(ts) > 0 && len(path) > 0 {
		var sx, sy float64
		for _, t := range ts {
			ctr := b.absPoint(textBox(t).Centre())
			sx, sy = sx+ctr.X, sy+ctr.Y
		}
		mid := midpoint(append(append([]svgcheck.Point{path[0]}, c.points...), path[len(path)-1]))
		n := float64(len(ts))
		c.offset, c.hasOffset = svgcheck.Point{X: sx/n - mid.X, Y: sy/n - mid.Y}, true
	}
	return c
}

// fixedEnd pins an edge's end on a container (group or region) at the
// point p, relative to its box ("exitX=0.5;exitY=0;"); "" for other cells,
// whose perimeter draw.io finds as Graphviz does.
func fixedEnd(prefix string, c *cell, p svgcheck.Point) string {
	if c.what != "group" && c.what != "region" {
		return ""
	}
	w, h := c.box.Max.X-c.box.Min.X, c.box.Max.Y-c.box.Min.Y
	if w <= 0 || h <= 0 {
		return ""
	}
	x := min(max((p.X-c.box.Min.X)/w, 0), 1)
	y := min(max((p.Y-c.box.Min.Y)/h, 0), 1)
	return prefix + "X=" + frac(x) + ";" + prefix + "Y=" + frac(y) + ";"
}

// frac formats a fraction with three decimals.
func frac(f float64) string {
	s := strconv.FormatFloat(f, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" {
		return "0"
	}
	return s
}

// ends resolves an edge's title to the cells it joins. DOT names may
// contain "->" themselves, so every split is tried.
func (b *builder) ends(el svgcheck.Element) (*cell, *cell) {
	t := el.Title
	for i := strings.Index(t, "->"); i >= 0; {
		if s, d := b.named(t[:i]), b.named(t[i+2:]); s != nil && d != nil {
			return s, d
		}
		j := strings.Index(t[i+1:], "->")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return nil, nil
}

// named is the cell of a DOT node name: a node, or an anchor's cluster.
func (b *builder) named(name string) *cell {
	if c := b.nodeCell[name]; c != nil {
		return c
	}
	if id, ok := strings.CutPrefix(name, "anchor:"); ok {
		return b.clusters[id]
	}
	return nil
}

// waypoints turns a Graphviz spline (start point, then three points per
// cubic Bézier segment) into draw.io waypoints for a curved edge: each
// segment's middle and the joints between segments.
func waypoints(path []svgcheck.Point) []svgcheck.Point {
	var out []svgcheck.Point
	for i := 1; i+2 < len(path); i += 3 {
		out = append(out, bezier(path[i-1], path[i], path[i+1], path[i+2], 0.5))
		if i+3 < len(path) {
			out = append(out, path[i+2])
		}
	}
	return out
}

func bezier(p0, p1, p2, p3 svgcheck.Point, t float64) svgcheck.Point {
	u := 1 - t
	a, bb, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return svgcheck.Point{X: a*p0.X + bb*p1.X + c*p2.X + d*p3.X, Y: a*p0.Y + bb*p1.Y + c*p2.Y + d*p3.Y}
}

// midpoint is the point halfway along a polyline, where draw.io puts an
// edge's label before its offset.
func midpoint(pts []svgcheck.Point) svgcheck.Point {
	total := 0.0
	for i := 1; i < len(pts); i++ {
		total += dist(pts[i-1], pts[i])
	}
	half := total / 2
	for i := 1; i < len(pts); i++ {
		d := dist(pts[i-1], pts[i])
		if d > 0 && half <= d {
			t := half / d
			return svgcheck.Point{X: pts[i-1].X + t*(pts[i].X-pts[i-1].X), Y: pts[i-1].Y + t*(pts[i].Y-pts[i-1].Y)}
		}
		half -= d
	}
	return pts[0]
}

func dist(a, b svgcheck.Point) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }

// textBox estimates where a <text> is drawn: Graphviz anchors it at its
// baseline, and its width is about 0.6 em a character for DejaVu Sans.
func textBox(t svgcheck.Text) svgcheck.Rect {
	size := t.Size
	if size <= 0 {
		size = 10
	}
	w := float64(len([]rune(t.S))) * size * 0.6
	x := t.X
	switch t.Anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	return svgcheck.Rect{Min: svgcheck.Point{X: x, Y: t.Y - size}, Max: svgcheck.Point{X: x + w, Y: t.Y + size*0.25}}
}
