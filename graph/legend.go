package graph

// legendLabel is the legend's HTML-like label. It is fixed text (no
// AWS-supplied strings), so it needs no escaping.
const legendLabel = `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">
<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#3b4552">——▶</FONT></TD><TD ALIGN="LEFT">rule: both sides allow it</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#8c6d1f">- - ▶</FONT></TD><TD ALIGN="LEFT">rule: ingress only (source egress denies)</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#a23b84">- - ▶</FONT></TD><TD ALIGN="LEFT">rule: egress only (destination ingress denies)</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#2a6fb0">——▷</FONT></TD><TD ALIGN="LEFT">load balancer forwards to target</TD></TR>
<TR><TD ALIGN="LEFT">box</TD><TD ALIGN="LEFT">security group (encloses its members)</TD></TR>
<TR><TD ALIGN="LEFT">dashed box</TD><TD ALIGN="LEFT">group nested in the group around it</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#7b5ea7">a ∩ b</FONT></TD><TD ALIGN="LEFT">overlap: members of all named groups</TD></TR>
<TR><TD ALIGN="LEFT">dotted box</TD><TD ALIGN="LEFT">group missing from the snapshot</TD></TR>
<TR><TD ALIGN="LEFT">▭ ⬡ ⊟</TD><TD ALIGN="LEFT">instance, load balancer, ECS</TD></TR>
<TR><TD ALIGN="LEFT">⌸ ◯</TD><TD ALIGN="LEFT">database (cylinder), ENI (oval)</TD></TR>
<TR><TD ALIGN="LEFT">◎ ▤</TD><TD ALIGN="LEFT">Internet, CIDR / prefix list</TD></TR>
<TR><TD ALIGN="LEFT"><FONT COLOR="#c0392b">⚠</FONT></TD><TD ALIGN="LEFT">finding or dangling reference</TD></TR>
</TABLE>>`

// writeLegend writes the legend as one node (id "legend") so that it adds
// no edges to the drawing.
func (d *dotWriter) writeLegend() {
	d.printf("\t\"legend\" [id=\"legend\" class=\"legend\" shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#c8ced6\" fontsize=9 margin=\"0.1,0.06\" tooltip=\"legend\"\n\t\tlabel=%s]\n", legendLabel)
}
