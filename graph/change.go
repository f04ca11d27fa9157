package graph

import (
	"fmt"
	"slices"
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

// changeNode returns the class and the DOT attributes of a node in its
// change class: attrs without the colours (and, for a removed node, the
// style) it replaces, then its own.
func changeNode(n *Node, class []string, attrs string) ([]string, string) {
	st, ok := changeStyle[n.Change]
	if !ok {
		return class, attrs
	}
	class = append(class, n.Change)
	attrs = dropAttrs(attrs, "color", "fontcolor", "fillcolor", "penwidth")
	attrs += fmt.Sprintf(" color=%s fontcolor=%s fillcolor=%s", quote(st.line), quote(st.font), quote(st.fill))
	switch n.Change {
	case ChangeRemoved:
		attrs = dropAttrs(attrs, "style") + ` style="filled,dashed" penwidth=2`
	case ChangeAdded, ChangeChanged:
		attrs += " penwidth=2.2"
	}
	return class, attrs
}

// dropAttrs removes the DOT attributes named keys from a space-separated
// attribute list ("shape=box color=\"#fff\""); its values have no spaces.
func dropAttrs(attrs string, keys ...string) string {
	fields := strings.Fields(attrs)
	kept := fields[:0]
	for _, f := range fields {
		k, _, _ := strings.Cut(f, "=")
		if !slices.Contains(keys, k) {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

// changeEdge returns the class, the extra DOT attributes and the label of
// an edge in its change class: a changed edge shows its old and new label.
func changeEdge(e *Edge, class, attrs []string, lbl string) ([]string, []string, string) {
	st, ok := changeStyle[e.Change]
	if !ok {
		return class, attrs, lbl
	}
	class = append(class, e.Change)
	for i := range attrs {
		attrs[i] = dropAttrs(attrs[i], "color", "fontcolor", "penwidth", "style")
	}
	attrs = slices.DeleteFunc(attrs, func(a string) bool { return a == "" })
	// Dashes mean removed here: a one-sided line says so in words.
	attrs = append(attrs, "color="+quote(st.line), "fontcolor="+quote(st.font))
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
