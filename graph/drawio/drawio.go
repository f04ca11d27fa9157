// Package drawio writes a diagram as a draw.io file (.drawio: uncompressed
// mxGraph XML, docs/exports.md) that opens looking like the SVG and stays
// editable: every enclosure (security group, partial-overlap region) is a
// container, what is drawn inside it is a child cell with coordinates
// relative to it, and every line is an edge between the cells it joins,
// with its label, colour and dash.
//
// Positions, sizes, colours and texts come from the SVG sgmap renders for
// the same graph (Graphviz's layout, read with [svgcheck]); what is inside
// what comes from the graph itself (Group.Parent, Region.Parent,
// Node.Cluster), so containment in the file is the graph JSON's. Reading
// the SVG instead of asking Graphviz for another output keeps one layout
// for every renderer (in-process, worker pool, native dot) and lets the
// dashboard reuse the SVG it has already rendered and cached.
//
// Labels are plain text (html=0), so no name can become markup in
// draw.io, and every string is XML-escaped; the same graph and SVG give
// the same bytes.
package drawio

import (
	"bufio"
	"fmt"
	"io"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// Write writes g as a draw.io file laid out as svg, which must be the SVG
// rendered from g's DOT ([graph.WriteDOT]). It returns an error when svg
// does not parse, or w's error.
func Write(w io.Writer, g *graph.Graph, svg []byte) error {
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		return fmt.Errorf("drawio: %w", err)
	}
	cells := build(g, doc)
	bw := bufio.NewWriter(w)
	writeFile(bw, g, cells)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("drawio: %w", err)
	}
	return nil
}
