package graph

import (
	"fmt"
	"strings"
)

// Change classes of a visual diff (Group.Change, Node.Change, Edge.Change;
// docs/graph-json.md). Package diff sets them on its union graph; a graph
// of one snapshot has none.
const (
	ChangeAdded     = "added"
	ChangeRemoved   = "removed"
	ChangeChanged   = "changed"
	ChangeUnchanged = "unchanged"
)

// changeStyle is how one change class is drawn: line colour, fill, and a
// text colour. Unchanged things are grey so that the changes stand out;
// removed ones are also dashed (see the writers below), so the difference
// survives printing in black and white.
var changeStyle = map[string]struct{ line, fill, font string }{
	ChangeAdded:     {"#1e8e3e", "#e6f4ea", "#17692e"},
	ChangeRemoved:   {"#c0392b", "#fdecea", "#a5281b"},
	ChangeChanged:   {"#b7791f", "#fdf3e3", "#8a5a12"},
	ChangeUnchanged: {"#a3aab3", "#f6f7f8", "#7a828c"},
}

// isDiff reports whether the graph is a visual diff.
func (d *dotWriter) isDiff() bool { return d.g.DiffFrom != "" }

// changeGroup restyles a group's enclosure for its change class: the class
// names it, and the colours replace the palette's.
func changeGroup(gr *Group, class []string, style, fill, border, penwidth string) ([]string, string, string, string, string) {
	st, ok := changeStyle[gr.Change]
	if !ok {
		return class, style, fill, border, penwidth
	}
	class = append(class, gr.Change)
	fill, border = st.fill, st.line
	switch gr.Change {
	case ChangeRemoved:
		style, penwidth = "rounded,filled,dashed", "2"
	case ChangeAdded, ChangeChanged:
		penwidth = "2.2"
	}
	return class, style, fill, border, penwidth
}

// changeGroupLines adds a renamed group's old name under its label.
func changeGroupLines(gr *Group, lines []string) []string {
	if gr.OldName != "" && gr.OldName != gr.Name {
		lines = append(lines, "was "+gr.OldName)
	}
	return lines
}

// changeNode returns the class and the DOT attributes (appended last, so
// they win) for a node's change class.
func changeNode(n *Node, class []string) ([]string, string) {
	st, ok := changeStyle[n.Change]
	if !ok {
		return class, ""
	}
	class = append(class, n.Change)
	attrs := fmt.Sprintf(" color=%s fontcolor=%s", quote(st.line), quote(st.font))
	switch n.Change {
	case ChangeUnchanged:
		attrs += " fillcolor=" + quote(st.fill)
	case ChangeRemoved:
		attrs += ` style="filled,dashed" penwidth=2 fillcolor=` + quote(st.fill)
	case ChangeAdded, ChangeChanged:
		attrs += " penwidth=2.2 fillcolor=" + quote(st.fill)
	}
	return class, attrs
}

// changeEdge returns the class, the extra DOT attributes and the label of
// an edge in its change class: a changed edge shows its old and new label.
func changeEdge(e *Edge, class, attrs []string, lbl string) ([]string, []string, string) {
	st, ok := changeStyle[e.Change]
	if !ok {
		return class, attrs, lbl
	}
	class = append(class, e.Change)
	attrs = append(attrs, "color="+quote(st.line), "fontcolor="+quote(st.font))
	if e.Change != ChangeRemoved {
		// Dashes mean removed here: a one-sided line says so in words.
		attrs = append(attrs, "style=solid")
	}
	switch e.Change {
	case ChangeUnchanged:
		attrs = append(attrs, "penwidth=1")
	case ChangeRemoved:
		attrs = append(attrs, "style=dashed", "penwidth=2")
	case ChangeAdded:
		attrs = append(attrs, "penwidth=2.2")
	case ChangeChanged:
		attrs = append(attrs, "penwidth=2.2")
		if e.OldLabel != "" && e.OldLabel != e.Label {
			lbl = e.OldLabel + " → " + e.Label
		}
	}
	if e.Change != ChangeRemoved && e.Effective != EffectiveBoth && e.Kind == EdgeRule {
		lbl += " (" + strings.ReplaceAll(e.Effective, "-", " ") + ")"
	}
	return class, attrs, lbl
}

// changeLegendRows is the legend's rows for a visual diff ("" otherwise),
// cols cells wide. It is fixed text.
func (d *dotWriter) changeLegendRows(cols int) string {
	if !d.isDiff() {
		return ""
	}
	cell := func(c, sample, text string) string {
		return fmt.Sprintf(`<TD ALIGN="LEFT"><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="LEFT">%s</TD>`, changeStyle[c].line, sample, text)
	}
	if cols < 5 {
		return "<TR>" + cell(ChangeAdded, "——▶", "added") + "</TR><TR>" + cell(ChangeRemoved, "- - ▶", "removed (dashed)") +
			"</TR><TR>" + cell(ChangeChanged, "——▶", "changed: old → new") + "</TR><TR>" + cell(ChangeUnchanged, "——▶", "unchanged") + "</TR>\n"
	}
	gap := `<TD WIDTH="10"></TD>`
	return "<TR>" + cell(ChangeAdded, "——▶", "added") + gap + cell(ChangeRemoved, "- - ▶", "removed (dashed)") + "</TR>\n" +
		"<TR>" + cell(ChangeChanged, "——▶", "changed: old → new label") + gap + cell(ChangeUnchanged, "——▶", "unchanged") + "</TR>\n"
}
