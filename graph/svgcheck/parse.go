// Package svgcheck reads the SVG that Graphviz writes and answers the
// questions tests across sgmap ask about it: which clusters, nodes and edges
// it has (by their DOT id= attributes), where they are, which clusters
// enclose a node, what text it shows, and whether it is safe to embed
// ([CheckSafe]: nothing outside what Graphviz itself emits, no script, no
// links). graph/drawio reads its layout from the same parse (boxes, paint,
// edge splines, text positions).
//
// It parses with encoding/xml, never with string matching: Graphviz escapes
// ids and text (id="sg&#45;111"), so greps give wrong answers.
//
// Graphviz emits clusters, nodes and edges as flat sibling <g> elements under
// the graph's <g>; nesting is not in the XML tree. [Doc.Enclosing] therefore
// derives it from geometry: a cluster encloses a node when the cluster's
// outline box contains the node's centre.
package svgcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Point is an SVG user-space coordinate.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned box; Min holds the smallest coordinates.
type Rect struct{ Min, Max Point }

// Contains reports whether p lies inside r or on its border.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// Centre returns the middle of r.
func (r Rect) Centre() Point {
	return Point{(r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2}
}

// Element is one cluster, node or edge of the drawing: a <g> whose class
// list contains "cluster", "node" or "edge".
type Element struct {
	// ID is the element's id attribute, i.e. the DOT id= (or Graphviz's
	// own "clust1"/"node1"/"edge1" when the DOT set none), unescaped.
	ID string
	// Class is the full class attribute ("cluster group", "node").
	Class string
	// Title is the <title> child: the DOT name of the cluster or node, or
	// "tail->head" for an edge.
	Title string
	// Tooltips are the xlink:title values of links inside the element.
	Tooltips []string
	// Texts are the <text> contents inside the element, in order.
	Texts []string
	// Box bounds the element's shapes (polygon, path, ellipse, polyline);
	// for a node without shapes (plaintext) the points where its text is
	// anchored. HasBox is false when there is neither.
	Box    Rect
	HasBox bool
	// Paint is the fill, stroke and dash of the element's first shape
	// (its outline), as Graphviz wrote them.
	Paint Paint
	// Path holds the points of the element's first <path> (for an edge,
	// its spline: the start point, then three points per cubic Bézier
	// segment), in SVG user space.
	Path []Point
	// Parts are the element's other shapes, after the first: arrowheads,
	// the extra outlines of some node shapes, the filled cells of an
	// HTML-like label (the map's chips).
	Parts []Part
}

// Part is one shape of an element: its bounds and paint.
type Part struct {
	Box   Rect
	Paint Paint
}

// Paint is how a shape is drawn: its fill and stroke colours ("none" or a
// colour), stroke-dasharray ("" when solid), stroke-width (0 when not
// given, i.e. 1) and the opacities Graphviz writes for colours with an
// alpha channel (0 when not given, i.e. opaque).
type Paint struct {
	Fill, Stroke, Dash         string
	Width                      float64
	FillOpacity, StrokeOpacity float64
}

// HasClass reports whether c is one of the element's classes.
func (e Element) HasClass(c string) bool {
	for _, f := range strings.Fields(e.Class) {
		if f == c {
			return true
		}
	}
	return false
}

// Centre is the middle of the element's Box.
func (e Element) Centre() Point { return e.Box.Centre() }

// Doc is a parsed Graphviz SVG.
type Doc struct {
	// Width, Height and ViewBox are the root <svg> attributes, verbatim.
	Width, Height, ViewBox string
	// Title is the graph's <title> (the DOT graph name).
	Title string
	// Clusters, Nodes and Edges are in document order, which for Graphviz
	// is outer clusters before the clusters they contain.
	Clusters []Element
	Nodes    []Element
	Edges    []Element
	// Texts lists every <text> content of the whole drawing, in order.
	Texts []string
	// TextItems are the same texts with where and how big they are drawn.
	TextItems []Text
	// Origin is the translation of the graph's <g> (Graphviz draws at
	// negative y and translates): a point p of the drawing is shown at
	// p + Origin.
	Origin Point
}

// Text is one <text> element: its content, anchor point, font size
// (user units) and text-anchor ("start", "middle" or "end"), and whether
// it is bold.
type Text struct {
	S      string
	X, Y   float64
	Size   float64
	Anchor string
	Bold   bool
	// Owner is the id of the cluster, node or edge it belongs to ("" for
	// the graph's own label).
	Owner string
	// Fill is its colour ("" for Graphviz's default black) and Family
	// its font-family.
	Fill, Family string
}

// Parse reads a Graphviz SVG. It returns an error when svg is not
// well-formed XML or has no <svg> root; it does not judge safety (see
// [CheckSafe]).
func Parse(svg []byte) (*Doc, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	doc := &Doc{}
	var (
		depth    int
		cur      *Element // the cluster/node/edge <g> being read
		curDepth int      // depth of cur's <g>
		inText   bool
		text     strings.Builder
		inTitle  bool
		title    strings.Builder
		sawRoot  bool
		// textAnchors are where a node's texts sit: its box when it has
		// no shape (plaintext nodes).
		textAnchors []Point
		item        Text // the <text> being read
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "svg":
				if depth == 1 {
					sawRoot = true
					doc.Width, doc.Height, doc.ViewBox = attr(t, "width"), attr(t, "height"), attr(t, "viewBox")
				}
			case "g":
				if depth == 2 && (Element{Class: attr(t, "class")}).HasClass("graph") {
					doc.Origin = translation(attr(t, "transform"))
				}
				if cur == nil {
					class := attr(t, "class")
					e := Element{ID: attr(t, "id"), Class: class}
					if e.HasClass("cluster") || e.HasClass("node") || e.HasClass("edge") {
						cur, curDepth = &e, depth
					}
				}
			case "title":
				inTitle = true
				title.Reset()
			case "text":
				inText = true
				text.Reset()
				cur := cur
				item = Text{Anchor: attr(t, "text-anchor"), Bold: attr(t, "font-weight") == "bold", Fill: attr(t, "fill"), Family: attr(t, "font-family")}
				item.X, _ = strconv.ParseFloat(attr(t, "x"), 64)
				item.Y, _ = strconv.ParseFloat(attr(t, "y"), 64)
				item.Size, _ = strconv.ParseFloat(attr(t, "font-size"), 64)
				if cur != nil {
					item.Owner = cur.ID
				}
				if cur != nil && cur.HasClass("node") {
					// Remembered separately: only used when the node has no shape.
					x, errX := strconv.ParseFloat(attr(t, "x"), 64)
					y, errY := strconv.ParseFloat(attr(t, "y"), 64)
					if errX == nil && errY == nil {
						textAnchors = append(textAnchors, Point{x, y})
					}
				}
			case "a":
				if cur != nil {
					if tip, ok := attrNS(t, xlinkNS, "title"); ok {
						cur.Tooltips = append(cur.Tooltips, tip)
					}
				}
			default:
				if cur != nil {
					pts, err := shapePoints(t)
					if err != nil {
						return nil, fmt.Errorf("parse svg: element %q: %w", cur.ID, err)
					}
					for _, p := range pts {
						cur.extend(p)
					}
					cur.paint(t, pts)
				}
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
			if inTitle {
				title.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "text":
				inText = false
				s := text.String()
				doc.Texts = append(doc.Texts, s)
				item.S = s
				doc.TextItems = append(doc.TextItems, item)
				if cur != nil {
					cur.Texts = append(cur.Texts, s)
				}
			case "title":
				inTitle = false
				switch {
				case cur != nil && cur.Title == "":
					cur.Title = title.String()
				case cur == nil && doc.Title == "":
					doc.Title = title.String()
				}
			case "g":
				if cur != nil && depth == curDepth {
					if !cur.HasBox {
						for _, p := range textAnchors {
							cur.extend(p)
						}
					}
					textAnchors = textAnchors[:0]
					switch {
					case cur.HasClass("cluster"):
						doc.Clusters = append(doc.Clusters, *cur)
					case cur.HasClass("node"):
						doc.Nodes = append(doc.Nodes, *cur)
					default:
						doc.Edges = append(doc.Edges, *cur)
					}
					cur = nil
				}
			}
			depth--
		}
	}
	if !sawRoot {
		return nil, errors.New("parse svg: no <svg> root element")
	}
	return doc, nil
}
