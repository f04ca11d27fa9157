package svgcheck

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// attr returns the value of the un-namespaced attribute name, or "".
func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// attrNS returns the value of the attribute space:name.
func attrNS(t xml.StartElement, space, name string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Space == space && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// extend grows e's box to include p.
func (e *Element) extend(p Point) {
	if !e.HasBox {
		e.Box, e.HasBox = Rect{p, p}, true
		return
	}
	e.Box.Min.X = min(e.Box.Min.X, p.X)
	e.Box.Min.Y = min(e.Box.Min.Y, p.Y)
	e.Box.Max.X = max(e.Box.Max.X, p.X)
	e.Box.Max.Y = max(e.Box.Max.Y, p.Y)
}

// paint records the Paint of e's first shape, the box and paint of its
// other shapes, and the points of its first path (pts, as shapePoints read
// them).
func (e *Element) paint(t xml.StartElement, pts []Point) {
	if len(pts) == 0 {
		return // not a shape, or one with no points (points="")
	}
	p := Paint{Fill: attr(t, "fill"), Stroke: attr(t, "stroke"), Dash: attr(t, "stroke-dasharray")}
	p.Width, _ = strconv.ParseFloat(attr(t, "stroke-width"), 64)
	p.FillOpacity, _ = strconv.ParseFloat(attr(t, "fill-opacity"), 64)
	p.StrokeOpacity, _ = strconv.ParseFloat(attr(t, "stroke-opacity"), 64)
	if e.Paint == (Paint{}) {
		e.Paint = p
	} else {
		part := Part{Box: Rect{pts[0], pts[0]}, Paint: p}
		for _, q := range pts[1:] {
			part.Box.Min.X, part.Box.Min.Y = min(part.Box.Min.X, q.X), min(part.Box.Min.Y, q.Y)
			part.Box.Max.X, part.Box.Max.Y = max(part.Box.Max.X, q.X), max(part.Box.Max.Y, q.Y)
		}
		e.Parts = append(e.Parts, part)
	}
	if t.Name.Local == "path" && e.Path == nil {
		e.Path = pts
	}
}

// translation reads the translate(x y) of a Graphviz transform attribute
// ("scale(1 1) rotate(0) translate(4 273.4)"); anything else gives 0, 0.
func translation(s string) Point {
	_, rest, ok := strings.Cut(s, "translate(")
	if !ok {
		return Point{}
	}
	args, _, _ := strings.Cut(rest, ")")
	f := strings.FieldsFunc(args, func(r rune) bool { return r == ' ' || r == ',' })
	if len(f) != 2 {
		return Point{}
	}
	x, errX := parseCoord(f[0])
	y, errY := parseCoord(f[1])
	if errX != nil || errY != nil {
		return Point{}
	}
	return Point{x, y}
}

// shapePoints returns the points bounding a drawing element: the vertices of
// a polygon or polyline, the coordinates of a path (Graphviz writes only
// absolute M and C commands, so every number pair is a point; Bézier control
// points of rounded corners stay inside the box), or an ellipse's box.
// Other elements give no points.
func shapePoints(t xml.StartElement) ([]Point, error) {
	switch t.Name.Local {
	case "polygon", "polyline":
		return pairs(attr(t, "points"))
	case "path":
		return pairs(attr(t, "d"))
	case "ellipse":
		var v [4]float64
		for i, n := range []string{"cx", "cy", "rx", "ry"} {
			f, err := parseCoord(attr(t, n))
			if err != nil {
				return nil, fmt.Errorf("ellipse %s: %w", n, err)
			}
			v[i] = f
		}
		return []Point{{v[0] - v[2], v[1] - v[3]}, {v[0] + v[2], v[1] + v[3]}}, nil
	}
	return nil, nil
}

// pairs reads a list of numbers separated by commas, spaces or path
// command letters, and pairs them up as points.
func pairs(s string) ([]Point, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' ||
			(r >= 'A' && r <= 'Z' && r != 'E') || (r >= 'a' && r <= 'z' && r != 'e')
	})
	if len(fields)%2 != 0 {
		return nil, fmt.Errorf("odd number of coordinates in %q", truncate(s))
	}
	pts := make([]Point, 0, len(fields)/2)
	for i := 0; i < len(fields); i += 2 {
		x, err := parseCoord(fields[i])
		if err != nil {
			return nil, err
		}
		y, err := parseCoord(fields[i+1])
		if err != nil {
			return nil, err
		}
		pts = append(pts, Point{x, y})
	}
	return pts, nil
}

// parseCoord parses one finite coordinate.
func parseCoord(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("coordinate: %w", err)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("coordinate %q is not finite", truncate(s))
	}
	return f, nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
