package graph

// legendLabel is the legend's HTML-like label: two entries a row, so that
// it stays short next to the drawing. It is fixed text (no AWS-supplied
// strings), so it needs no escaping.
const legendLabel = `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">
<TR><TD COLSPAN="5" ALIGN="LEFT"><B>Legend</B></TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#3b4552">——▶</FONT></TD><TD ALIGN="LEFT">rule, both sides allow it</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT"><FONT COLOR="#8c6d1f">- - ▶</FONT></TD><TD ALIGN="LEFT">one side only</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#2a6fb0">——▷</FONT></TD><TD ALIGN="LEFT">load balancer to target</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT"><FONT COLOR="#c0392b">⚠</FONT></TD><TD ALIGN="LEFT">finding, dangling reference</TD></TR>
<TR><TD ALIGN="LEFT">box</TD><TD ALIGN="LEFT">security group, around members</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT">dashed</TD><TD ALIGN="LEFT">group nested in the one around it</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#7b5ea7">a ∩ b</FONT></TD><TD ALIGN="LEFT">members of all named groups</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT">dotted</TD><TD ALIGN="LEFT">group missing from the snapshot</TD></TR>
<TR><TD ALIGN="LEFT">▭ ⬡ ⊟</TD><TD ALIGN="LEFT">instance, load balancer, ECS</TD><TD WIDTH="10"></TD><TD ALIGN="LEFT">⌸ ◯</TD><TD ALIGN="LEFT">database, ENI</TD></TR>
<TR><TD ALIGN="LEFT">◎ ▤</TD><TD ALIGN="LEFT">Internet, CIDR / prefix list</TD><TD WIDTH="10"></TD><TD></TD><TD></TD></TR>
</TABLE>>`

// writeLegend writes the legend as one node (id "legend") so that it adds
// no edges to the drawing, in a rank of its own after the last one: beside
// the drawing (rankdir=LR), not above it, so it costs width instead of a
// third of a small diagram's height.
func (d *dotWriter) writeLegend() {
	d.printf("\t{ rank=sink; \"legend\" [id=\"legend\" class=\"legend\" shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#c8ced6\" fontsize=8 margin=\"0.08,0.04\" tooltip=\"legend\"\n\t\tlabel=%s] }\n", legendLabel)
}
