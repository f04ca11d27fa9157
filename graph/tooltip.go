package graph

import (
	"fmt"
	"strings"
)

// name is the display name of a group or node in the graph being written.
func (d *dotWriter) name(id string) string {
	if gr := d.groups[id]; gr != nil {
		return gr.Name
	}
	if n := d.nodes[id]; n != nil {
		return n.Name
	}
	return id
}

// groupTooltip is a group cluster's tooltip: name, ID, description,
// member count and findings.
func (d *dotWriter) groupTooltip(gr *Group) []string {
	lines := []string{gr.Name + " (" + gr.ID + ")"}
	if gr.Description != "" {
		lines = append(lines, gr.Description)
	}
	if gr.Missing {
		lines = append(lines, "not in the snapshot: ENIs name it but it was not collected or no longer exists")
	}
	n := len(gr.Members) + gr.Hidden
	lines = append(lines, fmt.Sprintf("%d %s", n, plural1(n, "member", "members")))
	for _, a := range d.notes[gr.ID] {
		lines = append(lines, noteLine(a))
	}
	return lines
}

func (d *dotWriter) regionTooltip(r *Region) []string {
	lines := []string{"in every one of: " + r.Label}
	for _, id := range r.Groups {
		lines = append(lines, d.name(id)+" ("+id+")")
	}
	return lines
}

// nodeTooltip is a node's tooltip: kind, ID, addresses, ENIs, owners,
// groups and findings.
func (d *dotWriter) nodeTooltip(n *Node) []string {
	lines := []string{n.Name, n.Kind + " " + n.ID}
	if n.Detail != "" {
		lines = append(lines, n.Detail)
	}
	if len(n.Addresses) > 0 {
		lines = append(lines, "addresses: "+joinCapped(n.Addresses, 10))
	}
	if len(n.Interfaces) > 0 {
		lines = append(lines, "ENIs: "+joinCapped(n.Interfaces, 10))
	}
	if len(n.Owners) > 0 {
		lines = append(lines, "owners: "+joinCapped(n.Owners, 10))
	}
	if len(n.Groups) > 0 {
		names := make([]string, len(n.Groups))
		for i, id := range n.Groups {
			names[i] = d.name(id)
		}
		lines = append(lines, "groups: "+joinCapped(names, 16))
	}
	for _, a := range d.notes[n.ID] {
		lines = append(lines, noteLine(a))
	}
	return lines
}

func joinCapped(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return strings.Join(s[:n], ", ") + fmt.Sprintf(", … (%d more)", len(s)-n)
}

// provenanceLine is the diagram's caption: [source · file ·] account ·
// region · VPC · time · view.
func provenanceLine(g *Graph) string {
	p := g.Provenance
	var parts []string
	if p.Source != "" {
		parts = append(parts, p.Source)
		if p.SourceFile != "" {
			parts = append(parts, clipRunes(p.SourceFile, 80))
		}
	}
	if len(p.Accounts) > 0 {
		parts = append(parts, "account "+strings.Join(p.Accounts, ", "))
	}
	if len(p.Regions) > 0 {
		parts = append(parts, strings.Join(p.Regions, ", "))
	}
	vpc := g.VPC
	if p.VPCName != "" {
		vpc += " (" + p.VPCName + ")"
	}
	parts = append(parts, vpc)
	if p.TakenAt != "" {
		parts = append(parts, "taken "+p.TakenAt)
	}
	view := string(g.View)
	if g.Focus != "" {
		view += ", focus " + g.Focus
	}
	if g.Egress {
		view += ", egress"
	}
	parts = append(parts, view)
	if g.DiffFrom != "" {
		parts = append(parts, "changes since "+g.DiffFrom)
	}
	return strings.Join(parts, " · ")
}

// severity ranks, worst last.
var severityRank = map[string]int{"info": 1, "warning": 2, "error": 3}

func worst(as []Annotation) string {
	w := "info"
	for _, a := range as {
		if severityRank[a.Severity] > severityRank[w] {
			w = a.Severity
		}
	}
	return w
}

func badge(as []Annotation) string {
	return fmt.Sprintf("⚠ %d", len(as))
}

func severityColor(sev string) string {
	switch sev {
	case "error":
		return "#c0392b"
	case "warning":
		return "#d68910"
	}
	return "#2e86c1"
}

func noteLine(a Annotation) string {
	return fmt.Sprintf("%s %s: %s", a.Severity, a.Finding, a.Message)
}

// plural1 picks the singular or plural form for n.
func plural1(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
