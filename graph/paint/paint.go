// Package paint draws the SVG that sgmap's renderer returns as PNG and as
// vector PDF, in pure Go (no cgo, no external programs), so the binary stays
// static. docs/exports.md explains the route.
//
// The SVG is Graphviz's, a small known subset: groups with classes, paths
// (M, L, C, Z), polygons, polylines, ellipses and text, with presentation
// attributes. [Parse] reads it into a [Drawing] of page-space shapes and
// labels (the graph transform applied, y down, in points); [PNG] and [PDF]
// paint a Drawing. Text is drawn with the embedded font whose metrics the
// layout measured it with ([Font]).
//
// The dashboard's CSS (static/css/app.css) restyles a few classes; the ones
// that change colours (finding severities) are applied here too ([cssStroke]),
// so an export looks like the page. Tooltips and links are dropped.
package paint

import "image/color"

// Drawing is a parsed SVG: its page size in points and what to paint, in
// document order (later items over earlier ones).
type Drawing struct {
	W, H  float64
	Items []Item
}

// Item is one thing to paint: a shape or a label (exactly one is set).
type Item struct {
	Shape *Shape
	Label *Label
}

// Op is a path operation.
type Op byte

// Path operations: move, line, cubic Bézier (two controls then the end
// point), close.
const (
	MoveTo  Op = 'M'
	LineTo  Op = 'L'
	CubicTo Op = 'C'
	Close   Op = 'Z'
)

// Point is a position on the page, in points, y down.
type Point struct{ X, Y float64 }

// Seg is one path segment; P holds 1 point (M, L), 3 (C) or none (Z).
type Seg struct {
	Op Op
	P  [3]Point
}

// Shape is a filled and/or stroked path. A zero alpha means "not painted".
type Shape struct {
	Segs   []Seg
	Fill   color.NRGBA
	Stroke color.NRGBA
	Width  float64   // stroke width in points
	Dash   []float64 // dash pattern in points, nil for solid
}

// Anchor is a label's horizontal alignment on its x.
type Anchor byte

// Text anchors, as SVG's text-anchor.
const (
	Start Anchor = iota
	Middle
	End
)

// Label is one line of text on its baseline.
type Label struct {
	X, Y   float64
	Text   string
	Size   float64 // font size in points
	Font   Font
	Bold   bool
	Anchor Anchor
	Color  color.NRGBA
}

// DefaultDPI is the PNG resolution when none is asked for: the size a
// browser shows the SVG at (96 px an inch, 72 points an inch).
const DefaultDPI = 96

// SVGToPNG parses a Graphviz SVG and paints it as a PNG at dpi.
func SVGToPNG(svg []byte, dpi float64) ([]byte, error) {
	d, err := Parse(svg)
	if err != nil {
		return nil, err
	}
	return PNG(d, dpi)
}

// SVGToPDF parses a Graphviz SVG and writes it as a vector PDF.
func SVGToPDF(svg []byte) ([]byte, error) {
	d, err := Parse(svg)
	if err != nil {
		return nil, err
	}
	return PDF(d)
}
