package drawio

import (
	"cmp"
	"math"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// shapes are draw.io's nearest shapes to the DOT writer's node shapes
// (graph.WriteDOT); kinds not listed are rounded boxes, whose corners
// follow the SVG's ([arc]).
var shapes = map[string]string{
	"load-balancer":         "shape=hexagon;perimeter=hexagonPerimeter2;fixedSize=1;size=10;",
	"ecs-task":              "shape=module;jettyWidth=10;jettyHeight=4;",
	graph.KindECSService:    "shape=module;jettyWidth=10;jettyHeight=4;",
	"lambda":                "shape=step;perimeter=stepPerimeter;fixedSize=1;size=8;",
	"rds":                   "shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=6;",
	"vpc-endpoint":          "shape=offPageConnector;size=0.25;",
	"nat-gateway":           "shape=hexagon;perimeter=hexagonPerimeter2;fixedSize=1;size=6;",
	"redshift":              "shape=trapezoid;perimeter=trapezoidPerimeter;fixedSize=1;size=10;",
	"msk":                   "shape=parallelogram;perimeter=parallelogramPerimeter;fixedSize=1;size=10;",
	"efs":                   "shape=folder;tabWidth=20;tabHeight=6;tabPosition=left;",
	"eks":                   "rounded=0;",
	graph.KindENI:           "ellipse;",
	graph.KindInternet:      "ellipse;shape=doubleEllipse;",
	graph.KindCIDR:          "shape=note;size=10;",
	graph.KindPrefixList:    "shape=folder;tabWidth=20;tabHeight=6;tabPosition=left;",
	graph.KindExternalGroup: "shape=cube;size=6;darkOpacity=0.05;",
	graph.KindApp:           "shape=cube;size=6;darkOpacity=0.05;",
	graph.KindUnknownGroup:  "rounded=0;",
	"elasticache":           "rounded=0;",
	"opensearch":            "rounded=0;",
	"instance":              "rounded=1;",
	"other":                 "rounded=1;",
	graph.KindSharedGroup:   "rounded=1;",
	"":                      "rounded=1;",
	"legend":                "rounded=1;",
	"map-box":               "rounded=1;",
	"group-ref":             "rounded=1;",
}

// containerStyle is a cluster's style: a rounded box that holds cells,
// labelled at its top left like the SVG.
func containerStyle(el svgcheck.Element, texts []svgcheck.Text) string {
	var b strings.Builder
	if el.Path != nil {
		b.WriteString("rounded=1;" + arc(el.Path, 12)) // Graphviz draws rounded boxes as paths
	} else {
		b.WriteString("rounded=0;") // regions
	}
	b.WriteString("container=1;collapsible=0;recursiveResize=0;html=0;whiteSpace=wrap;align=left;verticalAlign=top;spacingLeft=6;spacingTop=0;")
	paint(&b, el.Paint)
	font(&b, texts)
	return b.String()
}

// nodeStyle is a node's style: its kind's shape, the SVG's colours and
// its first text's font.
func nodeStyle(el svgcheck.Element, kind string, texts []svgcheck.Text) string {
	var b strings.Builder
	switch {
	case el.HasClass("legend"):
		kind = "legend"
	case el.HasClass("group-ref"):
		kind = "group-ref"
	case (kind == graph.KindApp || kind == graph.KindSharedGroup) && len(texts) > 0 && texts[0].Anchor == "start":
		kind = "map-box" // the map's boxes: HTML tables, left-aligned
	}
	st, ok := shapes[kind]
	if !ok {
		st = shapes[""]
	}
	if st == "rounded=1;" {
		st += arc(el.Path, 12)
	}
	b.WriteString(st)
	b.WriteString("html=0;whiteSpace=wrap;verticalAlign=middle;")
	if len(texts) > 0 && texts[0].Anchor == "start" {
		b.WriteString("align=left;spacingLeft=6;")
	}
	paint(&b, el.Paint)
	font(&b, texts)
	return b.String()
}

// edgeStyle is an edge's style: curved through its waypoints, the SVG's
// stroke and dash, a filled arrow (an empty one for a load balancer's
// target edges, as in the SVG) and its label's font.
func edgeStyle(el svgcheck.Element, kind string, texts []svgcheck.Text) string {
	var b strings.Builder
	b.WriteString("html=0;curved=1;rounded=0;endSize=6;labelBackgroundColor=none;")
	if kind == graph.EdgeTarget {
		b.WriteString("endArrow=block;endFill=0;")
	} else {
		b.WriteString("endArrow=block;endFill=1;")
	}
	p := el.Paint
	p.Fill = "" // a path's fill is "none"; the arrowhead's is the stroke
	paint(&b, p)
	font(&b, texts)
	return b.String()
}

// textStyle is the style of a free text (the graph label, a line of a
// table-like label): no box, no wrapping, aligned as the SVG anchors it.
func textStyle(t svgcheck.Text) string {
	var b strings.Builder
	b.WriteString("text;html=0;whiteSpace=nowrap;strokeColor=none;fillColor=none;spacing=0;verticalAlign=middle;")
	b.WriteString(map[string]string{"start": "align=left;", "end": "align=right;"}[t.Anchor])
	if t.Anchor != "start" && t.Anchor != "end" {
		b.WriteString("align=center;")
	}
	font(&b, []svgcheck.Text{t})
	return b.String()
}

// partStyle is the style of a filled cell inside a table-like label (a
// chip's background): a plain box.
func partStyle(p svgcheck.Paint) string {
	var b strings.Builder
	b.WriteString("rounded=0;html=0;")
	paint(&b, p)
	return b.String()
}

// arc is draw.io's absolute arc size for a rounded box Graphviz drew as
// path: twice the corner radius, which is how far the first corner's
// curve (points 3 to 6) runs; def when the path is too short to tell.
func arc(path []svgcheck.Point, def float64) string {
	r := def / 2
	if len(path) >= 7 {
		r = max(math.Abs(path[6].X-path[3].X), math.Abs(path[6].Y-path[3].Y))
	}
	return "absoluteArcSize=1;arcSize=" + num(2*r) + ";"
}

// paint writes fill, stroke, width, opacities and dash.
func paint(b *strings.Builder, p svgcheck.Paint) {
	if p.Fill != "" {
		b.WriteString("fillColor=" + value(p.Fill) + ";")
	}
	if p.Stroke != "" {
		b.WriteString("strokeColor=" + value(p.Stroke) + ";")
	}
	if p.Width > 0 {
		b.WriteString("strokeWidth=" + num(p.Width) + ";")
	}
	if p.FillOpacity > 0 && p.FillOpacity < 1 {
		b.WriteString("fillOpacity=" + num(100*p.FillOpacity) + ";")
	}
	if p.StrokeOpacity > 0 && p.StrokeOpacity < 1 {
		b.WriteString("strokeOpacity=" + num(100*p.StrokeOpacity) + ";")
	}
	if p.Dash != "" {
		b.WriteString("dashed=1;fixDash=1;dashPattern=" + value(strings.ReplaceAll(p.Dash, ",", " ")) + ";")
	}
}

// font writes the first text's size, colour, weight and family.
func font(b *strings.Builder, texts []svgcheck.Text) {
	if len(texts) == 0 {
		return
	}
	t := texts[0]
	if t.Size > 0 {
		b.WriteString("fontSize=" + num(t.Size) + ";")
	}
	// Graphviz leaves out black; draw.io's default is not black.
	b.WriteString("fontColor=" + value(cmp.Or(t.Fill, "#000000")) + ";")
	if t.Bold {
		b.WriteString("fontStyle=1;")
	}
	if t.Family != "" {
		b.WriteString("fontFamily=" + value(t.Family) + ";")
	}
}

// value keeps a style value from closing its key=value pair: ';' and '='
// and control characters are dropped (the style is then XML-escaped with
// the rest of the attribute).
func value(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ';' || r == '=' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// num formats a coordinate or size with at most two decimals, the same
// way every time.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}
