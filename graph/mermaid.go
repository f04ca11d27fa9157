package graph

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteMermaid writes g as a Mermaid flowchart for Markdown (docs/exports.md):
// a subgraph per group, nested as the groups nest, each node inside the group
// it is drawn in, and one labelled arrow per edge (on a map, per line: a
// bundle of the edges between two boxes, "<-->" when they run both ways). Mermaid has no overlapping
// subgraphs, so a node in a partial-overlap region goes to the region's
// enclosing group (or the top) and a %% comment names all its groups. Ids are
// generated (g0, n0); every label is escaped ([mermaidText]).
func WriteMermaid(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%%%% sgmap %s %s %s\nflowchart LR\n", mermaidComment(g.Snapshot), mermaidComment(g.VPC), g.View)
	gid, nid := map[string]string{}, map[string]string{}
	for i, gr := range g.Groups {
		gid[gr.ID] = fmt.Sprintf("g%d", i)
	}
	for i, n := range g.Nodes {
		nid[n.ID] = fmt.Sprintf("n%d", i)
	}
	regionParent := map[string]string{}
	for _, r := range g.Regions {
		regionParent[r.ID] = r.Parent
	}
	// home is the group a node or region is written in ("" = top).
	home := func(c string) string {
		for c != "" && gid[c] == "" {
			c = regionParent[c]
		}
		return c
	}
	children, nodesIn := map[string][]int{}, map[string][]int{}
	for i, gr := range g.Groups {
		p := gr.Parent
		if gid[p] == "" {
			p = home(p)
		}
		children[p] = append(children[p], i)
	}
	for i, n := range g.Nodes {
		nodesIn[home(n.Cluster)] = append(nodesIn[home(n.Cluster)], i)
	}
	var write func(parent, indent string)
	write = func(parent, indent string) {
		for _, i := range nodesIn[parent] {
			n := g.Nodes[i]
			if gid[n.Cluster] == "" && n.Cluster != "" {
				fmt.Fprintf(bw, "%s%%%% %s is in the partial overlap of %s\n", indent, nid[n.ID], mermaidComment(strings.Join(n.Groups, ", ")))
			}
			label := n.Name
			if n.Detail != "" {
				label += "<br>" + mermaidText(n.Detail)
			}
			fmt.Fprintf(bw, "%s%s[\"%s\"]\n", indent, nid[n.ID], mermaidText(n.Name)+strings.TrimPrefix(label, n.Name))
		}
		for _, i := range children[parent] {
			gr := g.Groups[i]
			fmt.Fprintf(bw, "%ssubgraph %s[\"%s\"]\n", indent, gid[gr.ID], mermaidText(gr.Name))
			write(gr.ID, indent+"  ")
			fmt.Fprintf(bw, "%send\n", indent)
		}
	}
	write("", "  ")
	for _, e := range mermaidLines(g) {
		from, to := cmp.Or(nid[e.From], gid[e.From]), cmp.Or(nid[e.To], gid[e.To])
		if from == "" || to == "" {
			fmt.Fprintf(bw, "  %%%% edge %s: an end is not drawn\n", mermaidComment(e.ID))
			continue
		}
		fmt.Fprintf(bw, "  %s %s|\"%s\"| %s\n", from, e.Kind, mermaidText(e.Label), to)
	}
	return bw.Flush()
}

// mermaidLines are the arrows of g, Kind holding the arrow: one per edge,
// or on a map one per line ([Bundle]), "<-->" when it runs both ways.
func mermaidLines(g *Graph) []Edge {
	if g.View != Map {
		out := slices.Clone(g.Edges)
		for i := range out {
			out[i].Kind = "-->"
		}
		return out
	}
	bs := g.Bundles
	if bs == nil {
		bs = bundlesOf(g.Edges)
	}
	out := make([]Edge, 0, len(bs))
	for _, b := range bs {
		arrow := "-->"
		if b.Both {
			arrow = "<-->"
		}
		out = append(out, Edge{ID: b.ID, From: b.From, To: b.To, Kind: arrow, Label: b.Label})
	}
	return out
}

// mermaidText escapes s for a quoted Mermaid label: quotes, markup, # and
// line breaks become entity codes, so no label can close the string or
// inject HTML.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '#':
			b.WriteString("#35;")
		case '`':
			b.WriteString("#96;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			if r < 0x20 || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mermaidComment keeps s on one %% comment line.
func mermaidComment(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
