package graph

import (
	"cmp"
	"slices"
	"strings"
)

// Annotate attaches findings to g so that [WriteDOT] shows them: a badge
// and a severity colour on the group or node, a coloured edge, and the
// messages in tooltips. A subject is a group ID, a node ID, an edge ID, an
// owner or ENI ID (mapped onto the node that stands for it), or a rule ID
// (mapped onto every edge that rule is behind, the annotation's Subject
// becoming that edge's ID). Annotations whose subject is not in g are
// dropped: they belong to another VPC or view. Annotations are kept
// sorted and de-duplicated, so annotating twice is harmless. A map's
// bundles get their Risk from the annotations on their edges.
func (g *Graph) Annotate(as []Annotation) {
	subjects := map[string][]string{}
	add := func(key, id string) { subjects[key] = append(subjects[key], id) }
	for _, gr := range g.Groups {
		add(gr.ID, gr.ID)
	}
	for _, n := range g.Nodes {
		add(n.ID, n.ID)
		for _, o := range n.Owners {
			add(o, n.ID)
		}
		for _, e := range n.Interfaces {
			if e != n.ID {
				add(e, n.ID)
			}
		}
	}
	for _, e := range g.Edges {
		add(e.ID, e.ID)
		for _, r := range e.Rules {
			add(r, e.ID)
		}
	}
	for _, a := range as {
		ids := subjects[a.Subject]
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			b := a
			b.Subject = id
			g.Annotations = append(g.Annotations, b)
		}
	}
	slices.SortFunc(g.Annotations, func(a, b Annotation) int {
		return cmp.Or(strings.Compare(a.Subject, b.Subject), strings.Compare(a.Finding, b.Finding),
			strings.Compare(a.Severity, b.Severity), strings.Compare(a.Message, b.Message))
	})
	g.Annotations = slices.Compact(g.Annotations)
	g.bundleRisks()
}

// bundleRisks sets each bundle's Risk from the annotations on its edges.
func (g *Graph) bundleRisks() {
	if len(g.Bundles) == 0 {
		return
	}
	notes := map[string][]Annotation{}
	for _, a := range g.Annotations {
		notes[a.Subject] = append(notes[a.Subject], a)
	}
	for i := range g.Bundles {
		g.Bundles[i].Risk, _, _ = bundleRisk(&g.Bundles[i], notes)
	}
}
