package server

import (
	"bytes"
)

// SVGIDPrefix namespaces the ids of a diagram drawn inside the page: every
// id="X" of the inline SVG becomes id="d:X". Ids in the SVG come from data
// (AWS ids, names in hostile snapshots), and a group whose id is one of the
// page's own element ids ("panel", "search", …) must not shadow that
// element. No page element id starts with "d:", so none can collide. The
// standalone diagram.svg keeps the CLI's ids (docs/http.md).
const SVGIDPrefix = "d:"

// inlineSVG drops what precedes the <svg> element (XML prolog, doctype,
// Graphviz's comments) so the SVG can sit inside HTML, and namespaces its
// ids with [SVGIDPrefix]. Graphviz escapes '"' in text as &quot;, so
// ` id="` only ever starts an attribute.
func inlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	return bytes.ReplaceAll(svg, []byte(` id="`), []byte(` id="`+SVGIDPrefix))
}
