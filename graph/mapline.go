package graph

import (
	"fmt"
	"math"
	"strings"
)

// maxLineNotes is the most risk findings a map line's tooltip lists.
const maxLineNotes = 8

// writeMapLine writes one line of the map: a bundle of the edges between
// two boxes (docs/apps.md, "Lines"). Its colour is the worst of the
// findings about what it lets through ([riskFindings]): red for an
// error, orange for a warning; other findings leave it neutral. Without
// one, a line of load balancer targets only is blue with hollow
// arrowheads, a line whose edges are all one-sided is dashed, and the
// rest are dark grey (translucent on a dense map). Arrowheads show the
// directions its edges run.
func (d *dotWriter) writeMapLine(b *Bundle, dense bool) {
	risk, risky, neutral := bundleRisk(b, d.notes)
	rules, kinds := 0, map[string]bool{}
	for _, id := range b.Edges {
		if e := d.edge(id); e != nil {
			rules += len(e.Rules)
			kinds[e.Kind] = true
		}
	}
	class := []string{"edge-bundle"}
	for _, k := range []string{EdgeRule, EdgeTarget} {
		if kinds[k] {
			class = append(class, "edge-"+k)
		}
	}
	class = append(class, "effective-"+b.Effective)
	// Width grows with the rules behind the line, slowly; a risky line is
	// at least 2.2 wide.
	w := 1 + math.Log10(float64(max(rules, 1)))
	if risk == "error" || risk == "warning" {
		w = max(w, 2.2)
	}
	attrs := []string{fmt.Sprintf("penwidth=%.1f", w)}
	if b.Both {
		attrs = append(attrs, "dir=both")
	}
	onlyTargets := kinds[EdgeTarget] && !kinds[EdgeRule]
	if onlyTargets {
		attrs = append(attrs, "arrowhead=empty arrowtail=empty")
	}
	switch {
	case risk == "error" || risk == "warning":
		class = append(class, "finding", "finding-"+risk)
		c := quote(severityColor(risk))
		attrs = append(attrs, "color="+c, "fontcolor="+c)
	case onlyTargets:
		attrs = append(attrs, `color="#2a6fb0" fontcolor="#2a6fb0"`)
	case dense && b.Effective == EffectiveBoth:
		attrs = append(attrs, `color="#3b455250"`)
	}
	if risk == "info" {
		class = append(class, "finding", "finding-info")
	}
	if b.Effective != EffectiveBoth {
		attrs = append(attrs, "style=dashed")
		if risk == "" {
			attrs = append(attrs, `color="#8c6d1f" fontcolor="#8c6d1f"`)
		}
	}
	kind := EdgeRule
	if onlyTargets {
		kind = EdgeTarget
	}
	classes, attrs, text := changeEdge(&Edge{Kind: kind, Effective: b.Effective, Change: b.Change}, class, attrs, b.Label)
	if !dense {
		// A dense map is laid out by neato (pinned, no labels drawn): its
		// lines carry neither a label nor constraint=false, 26 bytes less
		// per line for Graphviz to parse; the SVG is the same
		// (docs/performance.md, "Map level: the render's own overhead").
		attrs = append([]string{`label=` + label(text)}, attrs...)
	}
	d.printf("\t%s -> %s [id=%s class=%s %s\n\t\ttooltip=%s]\n", quote(b.From), quote(b.To), quote(b.ID),
		quote(strings.Join(classes, " ")), strings.Join(attrs, " "), tooltip(d.lineTooltip(b, risky, neutral)...))
}

// lineTooltip is a map line's tooltip: its ends and all its services,
// its edges one per line (none when its only edge is the line itself), the findings that colour it, and how many
// others its rules have.
func (d *dotWriter) lineTooltip(b *Bundle, risky []Annotation, neutral int) []string {
	arrow := " → "
	if b.Both {
		arrow = " ⇄ "
	}
	tip := []string{d.name(b.From) + arrow + d.name(b.To) + ": " + b.Services}
	edges := b.Edges
	if e := d.soleEdge(b); e != nil {
		// One connection, the line itself: its own line would repeat the first.
		tip[0] += " (" + e.Effective + ")"
		edges = nil
	}
	for i, id := range edges {
		if i == maxDetails {
			tip = append(tip, fmt.Sprintf("… and %d more connections", len(edges)-i))
			break
		}
		if e := d.edge(id); e != nil {
			tip = append(tip, d.name(e.From)+" → "+d.name(e.To)+": "+e.Label+" ("+e.Effective+")")
		}
	}
	for i, a := range risky {
		if i == maxLineNotes {
			tip = append(tip, fmt.Sprintf("… and %d more findings", len(risky)-i))
			break
		}
		tip = append(tip, noteLine(a))
	}
	if neutral > 0 {
		tip = append(tip, plural1(neutral, "1 other finding", fmt.Sprintf("%d other findings", neutral))+
			" on its rules (descriptions, names, one-sided): see the findings page")
	}
	return tip
}

// soleEdge is b's only edge when it is the line itself (same ends, same
// direction, same services), else nil. Such a line's tooltip says it in
// one line: 500 of the production map's 701 lines (docs/apps.md, "Lines").
func (d *dotWriter) soleEdge(b *Bundle) *Edge {
	if len(b.Edges) != 1 || b.Both {
		return nil
	}
	if e := d.edge(b.Edges[0]); e != nil && e.From == b.From && e.To == b.To && e.Label == b.Services {
		return e
	}
	return nil
}

// edge is g's edge with that ID, or nil.
func (d *dotWriter) edge(id string) *Edge {
	if d.edges == nil {
		d.edges = make(map[string]*Edge, len(d.g.Edges))
		for i := range d.g.Edges {
			d.edges[d.g.Edges[i].ID] = &d.g.Edges[i]
		}
	}
	return d.edges[id]
}
