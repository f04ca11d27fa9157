package drawio

import (
	"bufio"
	"encoding/xml"
	"strings"

	"github.com/sgmap/sgmap/graph"
)

// writeFile writes the cells as an uncompressed .drawio file: one
// <diagram> whose <root> holds draw.io's two fixed cells ("0", and the
// default layer "1") and then the model's cells. Each cell is wrapped in
// an <object> that carries its label, tooltip and what it draws
// (sgmap_kind, sgmap_id), so a person editing the file can still tell
// which group a box is. Nothing in it depends on the time.
func writeFile(w *bufio.Writer, g *graph.Graph, m *model) {
	name := g.VPC
	if g.Provenance.VPCName != "" {
		name += " (" + g.Provenance.VPCName + ")"
	}
	name += " · " + string(g.View)
	w.WriteString(`<mxfile host="sgmap" agent="sgmap" type="device">` + "\n")
	w.WriteString(`  <diagram id="sgmap" name="` + esc(name) + `">` + "\n")
	w.WriteString(`    <mxGraphModel grid="0" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" page="0" pageScale="1" math="0" shadow="0">` + "\n")
	w.WriteString("      <root>\n")
	w.WriteString(`        <mxCell id="0"/>` + "\n")
	w.WriteString(`        <mxCell id="1" parent="0"/>` + "\n")
	for _, c := range m.vertices {
		writeVertex(w, c)
	}
	for _, c := range m.edges {
		writeEdge(w, c)
	}
	w.WriteString("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n")
}

// openObject writes the <object> and the start of its <mxCell>.
func openObject(w *bufio.Writer, c *cell) {
	w.WriteString(`        <object id="` + esc(c.id) + `" label="` + esc(c.label) + `"`)
	if c.tooltip != "" {
		w.WriteString(` tooltip="` + esc(c.tooltip) + `"`)
	}
	w.WriteString(` sgmap_kind="` + esc(c.what) + `"`)
	if c.sgmapID != "" {
		w.WriteString(` sgmap_id="` + esc(c.sgmapID) + `"`)
	}
	w.WriteString(">\n")
	w.WriteString(`          <mxCell style="` + esc(c.style) + `" parent="` + parentID(c.parent) + `"`)
}

func writeVertex(w *bufio.Writer, c *cell) {
	openObject(w, c)
	w.WriteString(` vertex="1">` + "\n")
	x, y := c.box.Min.X, c.box.Min.Y
	if c.parent != nil {
		x, y = x-c.parent.box.Min.X, y-c.parent.box.Min.Y
	}
	w.WriteString(`            <mxGeometry x="` + num(x) + `" y="` + num(y) + `" width="` + num(c.box.Max.X-c.box.Min.X) +
		`" height="` + num(c.box.Max.Y-c.box.Min.Y) + `" as="geometry"/>` + "\n")
	w.WriteString("          </mxCell>\n        </object>\n")
}

func writeEdge(w *bufio.Writer, c *cell) {
	openObject(w, c)
	w.WriteString(` edge="1" source="` + esc(c.source.id) + `" target="` + esc(c.target.id) + `">` + "\n")
	w.WriteString(`            <mxGeometry relative="1" as="geometry">` + "\n")
	var ox, oy float64
	if c.parent != nil {
		ox, oy = c.parent.box.Min.X, c.parent.box.Min.Y
	}
	if len(c.points) > 0 {
		w.WriteString(`              <Array as="points">` + "\n")
		for _, p := range c.points {
			w.WriteString(`                <mxPoint x="` + num(p.X-ox) + `" y="` + num(p.Y-oy) + `"/>` + "\n")
		}
		w.WriteString("              </Array>\n")
	}
	if c.hasOffset && c.label != "" {
		w.WriteString(`              <mxPoint x="` + num(c.offset.X) + `" y="` + num(c.offset.Y) + `" as="offset"/>` + "\n")
	}
	w.WriteString("            </mxGeometry>\n          </mxCell>\n        </object>\n")
}

func parentID(p *cell) string {
	if p == nil {
		return "1"
	}
	return esc(p.id)
}

// esc escapes s for an XML attribute value: markup and quotes become
// entities, line breaks and tabs character references (so they survive
// attribute normalisation and draw.io shows the line breaks), and
// characters XML cannot hold (NUL, escape, …) U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // never fails on a strings.Builder
	return b.String()
}
