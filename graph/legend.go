package graph

// legendLabel is the legend's HTML-like label, one short entry a line. It
// is fixed text (no AWS-supplied strings), so it needs no escaping.
const legendLabel = `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">
<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#3b4552">——▶</FONT></TD><TD ALIGN="LEFT">rule, both sides allow it</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#8c6d1f">- - ▶</FONT></TD><TD ALIGN="LEFT">one side only</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#2a6fb0">——▷</FONT></TD><TD ALIGN="LEFT">load balancer to target</TD></TR>
<TR><TD ALIGN="LEFT">box</TD><TD ALIGN="LEFT">security group, around members</TD></TR>
<TR><TD ALIGN="LEFT">dashed</TD><TD ALIGN="LEFT">nested in the group around it</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#7b5ea7">a ∩ b</FONT></TD><TD ALIGN="LEFT">members of all named groups</TD></TR>
<TR><TD ALIGN="LEFT">dotted</TD><TD ALIGN="LEFT">group missing from snapshot</TD></TR>
<TR><TD ALIGN="LEFT">▭ ⬡ ⊟</TD><TD ALIGN="LEFT">instance, load balancer, ECS</TD></TR>
<TR><TD ALIGN="LEFT">⌸ ◯</TD><TD ALIGN="LEFT">database, ENI</TD></TR>
<TR><TD ALIGN="LEFT">◎ ▤</TD><TD ALIGN="LEFT">Internet, CIDR / prefix list</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#c0392b">⚠</FONT></TD><TD ALIGN="LEFT">finding, dangling reference</TD></TR>
</TABLE>>`

// writeLegend writes the legend as one node (id "legend") so that it adds
// no edges to the drawing, in a rank of its own after the last one: beside
// the drawing (rankdir=LR), one narrow column, instead of stacked above it
// where it took a third of a small diagram's height.
func (d *dotWriter) writeLegend() {
	d.printf("\t{ rank=sink; \"legend\" [id=\"legend\" class=\"legend\" shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#c8ced6\" fontsize=8 margin=\"0.08,0.04\" tooltip=\"legend\"\n\t\tlabel=%s] }\n", legendLabel)
}
