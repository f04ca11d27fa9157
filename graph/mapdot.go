package graph

import (
	"fmt"
	"math"
	"strings"
)

// The map view's DOT. A map has no clusters: applications, shared groups
// and aggregated peers are nodes. A sparse map (up to [maxLabelledMapEdges]
// edges) is laid out by dot along its edges, each edge labelled with its
// services. A dense one (a big VPC's applications mostly all talk to each
// other) cannot show hundreds of labels readably: its nodes are placed on a
// grid (peers in the first columns, shared groups in the last) by
// invisible edges (ids "layout:<n>"), its edges do not constrain the layout
// and carry their services in their tooltips only, and each box says which
// services reach it ("in: TCP 443, 8080 +2 more"). Either way the SVG has
// exactly len(g.Edges) edges.

// maxLabelledMapEdges is the most lines (bundles) a map may have and
// still be drawn with labels.
const maxLabelledMapEdges = 60

// chipPalette colours shared groups: chip fill and text.
var chipPalette = [][2]string{
	{"#f6d7e4", "#7a2450"}, {"#d9ecd0", "#2f5d1e"}, {"#fde6c4", "#7a4a06"},
	{"#d6e4f5", "#1f4a7a"}, {"#e6dcf5", "#4b2a7a"}, {"#d3eeee", "#1f5e5e"},
}

// writeMap writes a map-view graph.
func (d *dotWriter) writeMap() {
	g := d.g
	d.bundles = g.Bundles
	if d.bundles == nil {
		d.bundles = bundlesOf(g.Edges) // a map put together without Build
	}
	dense := len(d.bundles) > maxLabelledMapEdges
	d.printf("digraph sgmap {\n")
	d.printf("\tgraph [id=\"sgmap\" class=\"sgmap map\" fontname=\"Helvetica\" fontsize=14 rankdir=LR\n")
	if dense {
		d.printf("\t\tlayout=neato inputscale=72 splines=line overlap=true\n")
	}
	d.printf("\t\tnodesep=0.35 ranksep=%s outputorder=edgesfirst labelloc=b labeljust=l pad=0.3\n", map[bool]string{true: "1.6", false: "1.2"}[dense])
	d.printf("\t\tlabel=%s\n\t\ttooltip=%s]\n", labelN(200, provenanceLine(g)), tooltip(provenanceLine(g)))
	d.printf("\tnode [fontname=\"Helvetica\" fontsize=14 shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#5f6b7a\" margin=\"0.15,0.08\"]\n")
	d.printf("\tedge [fontname=\"Helvetica\" fontsize=12 color=\"#3b4552\" fontcolor=\"#1f2933\" arrowsize=0.7]\n")
	for i := range g.Nodes {
		n := &g.Nodes[i]
		switch n.Kind {
		case KindApp:
			d.writeAppNode(n, "#ffffff", "#3d6fa8")
		case KindSharedGroup:
			pal := chipPalette[d.chipColor[n.ID]%len(chipPalette)]
			d.writeAppNode(n, pal[0], pal[1])
		default:
			d.writeMapPeer(n)
		}
	}
	d.writeMapLegend(dense)
	for i := range d.bundles {
		d.writeMapLine(&d.bundles[i], dense)
	}
	if dense {
		d.writeMapGrid()
	}
	d.printf("}\n")
}

// writeAppNode writes an application's (or a shared group's) box: name,
// counts, the services that reach it, and its chips.
func (d *dotWriter) writeAppNode(n *Node, fill, border string) {
	var sb strings.Builder
	sb.WriteString(`<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">`)
	fmt.Fprintf(&sb, `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16"><B>%s</B></FONT></TD></TR>`, htmlText(n.Name, maxLabelRunes))
	fmt.Fprintf(&sb, `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="12" COLOR="#4a5563">%s</FONT></TD></TR>`, htmlText(n.Detail, 80))
	if n.Services != "" {
		fmt.Fprintf(&sb, `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="12">in: %s</FONT></TD></TR>`, htmlText(n.Services, 60))
	}
	if d.holdsLine(n) != "" {
		fmt.Fprintf(&sb, `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="12">holds: %s</FONT></TD></TR>`, htmlText(d.holdsLine(n), 60))
	}
	if len(n.Chips) > 0 {
		sb.WriteString(`<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2"><TR>`)
		for _, c := range n.Chips {
			pal := chipPalette[d.chipColor[c]%len(chipPalette)]
			fmt.Fprintf(&sb, `<TD BGCOLOR="%s"><FONT POINT-SIZE="12" COLOR="%s">◆ %s</FONT></TD>`, pal[0], pal[1], htmlText(d.chipText(n, c), 40))
		}
		sb.WriteString(`</TR></TABLE></TD></TR>`)
	}
	sb.WriteString(`</TABLE>>`)
	class := "node kind-" + n.Kind + chipClasses(n)
	if st, ok := changeStyle[n.Change]; ok {
		class, fill, border = class+" "+n.Change, st.fill, st.line
	}
	d.printf("\t%s [id=%s class=%s label=%s fillcolor=%s color=%s penwidth=1.6\n\t\ttooltip=%s]\n",
		quote(n.ID), quote(n.ID), quote(class), sb.String(), quote(fill), quote(border), tooltip(d.mapNodeTooltip(n)...))
}

// chipText is the text of chip c on node n: the shared group's name and,
// on an application, how many of its owners are in it.
func (d *dotWriter) chipText(n *Node, c string) string {
	name := d.name(c)
	if k := n.ChipOwners[c]; k > 0 {
		return fmt.Sprintf("%s %d", name, k)
	}
	return name
}

// chipClasses is the " chip-<sg id>" class list of a node's chips.
func chipClasses(n *Node) string {
	var sb strings.Builder
	for _, c := range n.Chips {
		sb.WriteString(" chip-" + c)
	}
	return sb.String()
}

// holds lists the applications folded into node n (the [OthersApp] box).
func (d *dotWriter) holds(n *Node) []string {
	if n.Kind != KindApp {
		return nil
	}
	for _, ap := range d.g.Apps {
		if ap.ID == n.ID {
			return ap.Holds
		}
	}
	return nil
}

// holdsLine is the box's "holds: …" text: the largest few applications
// folded into it, and how many more.
func (d *dotWriter) holdsLine(n *Node) string { return joinCapped(d.holds(n), mapLabelItems) }

func (d *dotWriter) mapNodeTooltip(n *Node) []string {
	lines := []string{n.Name + " (" + n.Kind + ")", n.Detail}
	if n.Services != "" {
		lines = append(lines, "reached on: "+n.Services)
	}
	if holds := d.holds(n); len(holds) > 0 {
		lines = append(lines, "holds the smaller applications: "+joinCapped(holds, 40))
	}
	names := make([]string, 0, len(n.Groups))
	for _, id := range n.Groups {
		names = append(names, d.name(id))
	}
	if len(names) > 0 {
		lines = append(lines, "groups: "+joinCapped(names, 24))
	}
	return lines
}

// writeMapPeer writes an aggregated peer with its kind's shape.
func (d *dotWriter) writeMapPeer(n *Node) {
	st, ok := nodeStyle[n.Kind]
	if !ok {
		st = nodeStyle["other"]
	}
	attrs := fmt.Sprintf("shape=%s fillcolor=%s style=\"filled\"", st[0], quote(st[1]))
	if n.Kind == KindInternet {
		attrs += " peripheries=2"
	}
	lines := []string{n.Name, n.Detail}
	if n.Kind == KindUnknownGroup {
		lines[0] = "⚠ " + lines[0]
		attrs += " color=\"#c0392b\" fontcolor=\"#c0392b\""
	}
	tip := []string{n.Name, n.Kind + " " + n.ID}
	if len(n.Addresses) > 0 {
		tip = append(tip, "addresses: "+joinCapped(n.Addresses, 20))
	}
	if len(n.Owners) > 0 {
		tip = append(tip, "stands for: "+joinCapped(n.Owners, 20))
	}
	class, attrs := changeNode(n, []string{"node", "kind-" + n.Kind}, attrs)
	d.printf("\t%s [id=%s class=%s label=%s %s\n\t\ttooltip=%s]\n", quote(n.ID), quote(n.ID),
		quote(strings.Join(class, " ")), label(lines...), attrs, tooltip(tip...))
}

// writeMapGrid pins a dense map's nodes to a grid about 16:9 wide, for
// Graphviz's neato engine (the graph asks for it): peers first, then
// applications by name, then shared groups, column by column. Columns are
// as wide as their widest box, estimated from its text.
func (d *dotWriter) writeMapGrid() {
	order := d.mapOrder()
	rowH := 118.0 // points: the tallest box (four lines and chips) plus a gap
	for _, n := range order {
		if d.holdsLine(n) != "" {
			rowH += 14 // the others box has a fifth line
			break
		}
	}
	// A column (a box and the gap after it) is about 330 points wide, a
	// row 118 high: 16:9 wants rows ≈ sqrt(1.6 · boxes), the legend
	// counted as three boxes.
	rows := max(1, int(math.Ceil(math.Sqrt(float64(len(order)+3)*1.6))))
	x := 0.0
	for c := 0; c*rows < len(order); c++ {
		col := order[c*rows : min(len(order), (c+1)*rows)]
		w := 0.0
		for _, n := range col {
			w = max(w, d.boxWidth(n))
		}
		for r, n := range col {
			d.printf("\t%s [pos=\"%.0f,%.0f!\"]\n", quote(n.ID), x+w/2, -float64(r)*rowH)
		}
		if (c+1)*rows >= len(order) {
			// The legend goes under the last column, or beside it when
			// that is full.
			last := len(col)
			if last+2 > rows {
				x, last, w = x+w+90, 0, 0
			}
			d.printf("\t\"legend\" [pos=\"%.0f,%.0f!\"]\n", x+max(w, 420)/2, -float64(last)*rowH-rowH/2)
		}
		x += w + 90
	}
}

// mapOrder is the grid order of a dense map's nodes.
func (d *dotWriter) mapOrder() []*Node {
	var order []*Node
	for _, pass := range []func(*Node) bool{
		func(n *Node) bool { return peerKinds[n.Kind] },
		func(n *Node) bool { return n.Kind == KindApp },
		func(n *Node) bool { return n.Kind == KindSharedGroup },
	} {
		for i := range d.g.Nodes {
			if pass(&d.g.Nodes[i]) {
				order = append(order, &d.g.Nodes[i])
			}
		}
	}
	return order
}

// boxWidth estimates a map box's width in points from its longest line
// (Helvetica averages about 0.55 em per character).
func (d *dotWriter) boxWidth(n *Node) float64 {
	w := 16 * 0.6 * float64(len([]rune(n.Name)))
	w = max(w, 12*0.55*float64(len([]rune(n.Detail))))
	if n.Services != "" {
		w = max(w, 12*0.55*float64(len([]rune(n.Services))+4))
	}
	if h := d.holdsLine(n); h != "" {
		w = max(w, 12*0.55*float64(min(len([]rune(h)), 60)+7))
	}
	chips := 0.0
	for _, c := range n.Chips {
		chips += 12*0.55*float64(len([]rune(c))) + 20
	}
	return min(max(w, chips), 420) + 24
}

// writeMapLegend writes the map's legend node.
func (d *dotWriter) writeMapLegend(dense bool) {
	var sb strings.Builder
	sb.WriteString(`<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">`)
	sb.WriteString(`<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>`)
	sb.WriteString(`<TR><TD ALIGN="LEFT">box</TD><TD ALIGN="LEFT">application: its groups, owners and ENIs</TD></TR>`)
	sb.WriteString(`<TR><TD ALIGN="LEFT"><FONT COLOR="#3b4552">——▶</FONT></TD><TD ALIGN="LEFT">rules between applications, both sides allow</TD></TR>`)
	sb.WriteString(`<TR><TD ALIGN="LEFT"><FONT COLOR="#8c6d1f">- - ▶</FONT></TD><TD ALIGN="LEFT">one side only (dashed)</TD></TR>`)
	sb.WriteString(`<TR><TD ALIGN="LEFT"><FONT COLOR="#2a6fb0">——▷</FONT></TD><TD ALIGN="LEFT">load balancer forwards to targets</TD></TR>`)
	sb.WriteString(`<TR><TD ALIGN="LEFT"><FONT COLOR="#3b4552">◀—▶</FONT></TD><TD ALIGN="LEFT">one line per pair of boxes, arrowheads the ways it goes</TD></TR>`)
	sb.WriteString(`<TR><TD ALIGN="LEFT"><FONT COLOR="#c0392b">——▶</FONT></TD><TD ALIGN="LEFT">red, orange: a finding about what it lets through</TD></TR>`)
	if dense {
		sb.WriteString(`<TR><TD ALIGN="LEFT">in: …</TD><TD ALIGN="LEFT">services that reach the box; hover a line for its own</TD></TR>`)
	}
	for _, n := range d.g.Nodes {
		if n.Kind != KindSharedGroup {
			continue
		}
		pal := chipPalette[d.chipColor[n.ID]%len(chipPalette)]
		fmt.Fprintf(&sb, `<TR><TD ALIGN="LEFT" BGCOLOR="%s"><FONT COLOR="%s">◆ %s</FONT></TD><TD ALIGN="LEFT">shared group: a chip on each box that holds members, with their count</TD></TR>`,
			pal[0], pal[1], htmlText(n.Name, 32))
	}
	sb.WriteString(d.changeLegendRows(2))
	sb.WriteString(`</TABLE>>`)
	d.printf("\t\"legend\" [id=\"legend\" class=\"legend\" shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#c8ced6\" fontsize=12 margin=\"0.1,0.06\" tooltip=\"legend\"\n\t\tlabel=%s]\n", sb.String())
}
