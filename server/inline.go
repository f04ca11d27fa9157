package server

import (
	"bytes"
	"regexp"
)

// SVGIDPrefix namespaces the ids of a diagram drawn inside the page: every
// id="X" of the inline SVG becomes id="d:X". Ids in the SVG come from data
// (AWS ids, names in hostile snapshots), and a group whose id is one of the
// page's own element ids ("panel", "search", …) must not shadow that
// element. No page element id starts with "d:", so none can collide. The
// standalone diagram.svg keeps the CLI's ids (docs/http.md).
const SVGIDPrefix = "d:"

// Graphviz's comments and <title> elements (the DOT names, shown by
// browsers as native tooltips over the page's own) are left out inline.
var (
	svgComment = regexp.MustCompile(`<!--[^>]*-->\n?`)
	svgTitle   = regexp.MustCompile(`<title>[^<]*</title>\n?`)
)

// InlineSVG is a rendered SVG as the diagram page embeds it: what precedes
// the <svg> element (XML prolog, doctype) dropped so it can sit inside
// HTML, Graphviz's comments and <title> elements left out, and its ids
// namespaced with [SVGIDPrefix]. Graphviz escapes '"' in text as &quot;
// and '<', '>' as entities, so ` id="` only ever starts an attribute and
// neither pattern can match inside text.
func InlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	svg = svgComment.ReplaceAll(svg, nil)
	svg = svgTitle.ReplaceAll(svg, nil)
	return bytes.ReplaceAll(svg, []byte(` id="`), []byte(` id="`+SVGIDPrefix))
}
