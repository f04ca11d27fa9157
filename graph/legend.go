package graph

import (
	"fmt"
	"strings"
)

// legendLabel is the legend's HTML-like label: two entries a row, so that
// it stays short next to the drawing. It is fixed text (no AWS-supplied
// strings), so it needs no escaping.
const legendLabel = `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">
<TR><TD COLSPAN="5" ALIGN="LEFT"><B>Legend</B></TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#3b4552">——▶</FONT></TD><TD ALIGN="LEFT">rule, both sides allow it</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT"><FONT COLOR="#2a6fb0">——▷</FONT></TD><TD ALIGN="LEFT">load balancer to target</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#8c6d1f">- - ▶</FONT></TD><TD ALIGN="LEFT">ingress only (source egress denies)</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT"><FONT COLOR="#a23b84">- - ▶</FONT></TD><TD ALIGN="LEFT">egress only (destination ingress denies)</TD></TR>
<TR><TD ALIGN="LEFT">box</TD><TD ALIGN="LEFT">security group, around members</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT">dashed</TD><TD ALIGN="LEFT">group nested in the one around it</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#7b5ea7">a ∩ b</FONT></TD><TD ALIGN="LEFT">members of all named groups</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT">dotted</TD><TD ALIGN="LEFT">group missing from the snapshot</TD></TR>
<TR><TD ALIGN="LEFT">▭ ⬡ ⊟</TD><TD ALIGN="LEFT">instance, load balancer, ECS</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT">⌸ ◯</TD><TD ALIGN="LEFT">database, ENI</TD></TR>
<TR><TD ALIGN="LEFT">◎ ▤</TD><TD ALIGN="LEFT">Internet, CIDR / prefix list</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT"><FONT COLOR="#c0392b">⚠</FONT></TD><TD ALIGN="LEFT">finding, dangling reference</TD></TR>
</TABLE>>`

// writeLegend writes the legend as one node (id "legend") so that it adds
// no edges to the drawing, in a rank of its own after the last one: beside
// the drawing (rankdir=LR), not above it, so it costs width instead of a
// third of a small diagram's height.
func (d *dotWriter) writeLegend() {
	lbl := legendLabel
	if rows := d.changeLegendRows(5); rows != "" {
		lbl = strings.TrimSuffix(lbl, "</TABLE>>") + rows + "</TABLE>>"
	}
	if len(d.chipColor) > 0 {
		var rows strings.Builder
		for _, n := range d.g.Nodes {
			if n.Kind == KindSharedGroup {
				pal := chipPalette[d.chipColor[n.ID]%len(chipPalette)]
				fmt.Fprintf(&rows, `<TR><TD ALIGN="LEFT" BGCOLOR="%s"><FONT COLOR="%s">◆ %s</FONT></TD><TD COLSPAN="4" ALIGN="LEFT">shared group: a chip on each member, its rules on one node</TD></TR>`+"\n",
					pal[0], pal[1], htmlText(n.Name, 32))
			}
		}
		lbl = strings.TrimSuffix(lbl, "</TABLE>>") + rows.String() + "</TABLE>>"
	}
	if rows := d.kindRows(); rows != "" {
		lbl = strings.TrimSuffix(lbl, "</TABLE>>") + rows + "</TABLE>>"
	}
	size := "8"
	if d.g.App != "" {
		// An application's overview is drawn to be read at fit-to-screen
		// (docs/apps.md): its legend is no smaller than its edge labels.
		size = "10"
	}
	d.printf("\t{ rank=sink; \"legend\" [id=\"legend\" class=\"legend\" shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#c8ced6\" fontsize=%s margin=\"0.08,0.04\" tooltip=\"legend\"\n\t\tlabel=%s] }\n", size, lbl)
}

// kindLegend names the owner kinds with a shape of their own that the
// fixed rows do not, in legend order. The sign is the nearest glyph DejaVu
// Sans has to the node's shape, or the shape's name where it has none,
// on the node's fill colour.
var kindLegend = []struct{ kind, sign, text string }{
	{"redshift", "trapezium", "Redshift cluster"},
	{"msk", "▱", "MSK cluster"},
	{"elasticache", "septagon", "ElastiCache cluster"},
	{"efs", "tab", "EFS file system"},
	{"opensearch", "⬠", "OpenSearch domain"},
	{"eks", "⊠", "EKS control plane"},
}

// kindRows are the legend rows, two entries a row, of the kinds of
// kindLegend that the drawing has: a legend names only shapes it shows.
func (d *dotWriter) kindRows() string {
	present := map[string]bool{}
	for _, n := range d.g.Nodes {
		present[n.Kind] = true
	}
	var cells []string
	for _, k := range kindLegend {
		if present[k.kind] {
			cells = append(cells, fmt.Sprintf(`<TD ALIGN="LEFT" BGCOLOR="%s">%s</TD><TD ALIGN="LEFT">%s</TD>`, nodeStyle[k.kind][1], k.sign, k.text))
		}
	}
	var rows strings.Builder
	for i := 0; i < len(cells); i += 2 {
		if i+1 < len(cells) {
			fmt.Fprintf(&rows, "<TR>%s<TD WIDTH=\"10\"></TD>%s</TR>\n", cells[i], cells[i+1])
		} else {
			fmt.Fprintf(&rows, "<TR>%s<TD COLSPAN=\"3\"></TD></TR>\n", cells[i])
		}
	}
	return rows.String()
}
