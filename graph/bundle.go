package graph

import (
	"cmp"
	"slices"
	"strings"
)

// Bundle is one line of the map: every edge between two of its boxes, in
// both directions and of every kind and effective value, drawn as one line
// (docs/graph-json.md, "bundles"; docs/apps.md, "Lines"). Other views
// draw their edges one by one and have no bundles.
type Bundle struct {
	// ID is "bundle:<a>--<b>", a and b the two boxes' IDs in byte order.
	ID string `json:"id"`
	// From and To are the ends: the direction of its edges when they all
	// run one way, else the two IDs in byte order with Both set (an
	// arrowhead at each end).
	From string `json:"from"`
	To   string `json:"to"`
	Both bool   `json:"both,omitempty"`
	// Edges are the IDs of the edges it carries, sorted.
	Edges []string `json:"edges"`
	// Label is the merged services it lets through (those of its edges
	// both sides allow; those of all its edges when every one is
	// one-sided), cut short past a few ("TCP 443, 5432, 8080 +3 more");
	// Services is the whole list.
	Label    string `json:"label"`
	Services string `json:"services"`
	// Effective is "both" when any of its edges lets traffic through
	// (both sides allow it), else its edges' common value
	// ("ingress-only", "egress-only"), or "one-sided" when they differ.
	Effective string `json:"effective"`
	// Risk is the worst severity among the findings about what the line
	// lets through (admin-port-open, wide-source, internet-exposed,
	// dangling-reference: docs/apps.md, "Lines"), set by
	// [Graph.Annotate]; "" for none.
	Risk string `json:"risk,omitempty"`
	// Change, on a visual diff only: its edges' change when they all have
	// the same, else "changed".
	Change string `json:"change,omitempty"`
}

// OneSided is a [Bundle]'s Effective value when its edges are one-sided
// on different sides.
const OneSided = "one-sided"

// riskFindings are the findings that colour a map line: those about what
// it lets through (docs/apps.md, "Lines"). Others (descriptions, names,
// one-sided rules, which the line's dashes already show) leave it neutral;
// its tooltip counts them.
var riskFindings = map[string]bool{
	"admin-port-open": true, "wide-source": true, "internet-exposed": true, "dangling-reference": true,
}

// Bundle sets g.Bundles, and each edge's Bundle, from g.Edges when g is a
// map; elsewhere it clears them. The result depends on the set of edges
// only, not their order. [Build] calls it; so must code that changes a
// map's edges.
func (g *Graph) Bundle() {
	for i := range g.Edges {
		g.Edges[i].Bundle = ""
	}
	g.Bundles = nil
	if g.View != Map {
		return
	}
	g.Bundles = bundlesOf(g.Edges)
	at := map[string]string{}
	for _, b := range g.Bundles {
		for _, e := range b.Edges {
			at[e] = b.ID
		}
	}
	for i := range g.Edges {
		g.Edges[i].Bundle = at[g.Edges[i].ID]
	}
}

// bundleEnds is a bundle's ID and its two ends in byte order.
func bundleEnds(e *Edge) (id, a, b string) {
	a, b = min(e.From, e.To), max(e.From, e.To)
	return "bundle:" + a + "--" + b, a, b
}

// bundlesOf groups edges into bundles, sorted by ID.
func bundlesOf(edges []Edge) []Bundle {
	type acc struct {
		b                  *Bundle
		forward, back      bool
		through, all       []string // labels of edges that pass, of all
		effective, changes []string
	}
	accs := map[string]*acc{}
	for i := range edges {
		e := &edges[i]
		id, a, b := bundleEnds(e)
		x := accs[id]
		if x == nil {
			x = &acc{b: &Bundle{ID: id, From: a, To: b}}
			accs[id] = x
		}
		x.b.Edges = append(x.b.Edges, e.ID)
		if e.From == a {
			x.forward = true
		}
		if e.From == b && a != b {
			x.back = true
		}
		x.all = append(x.all, e.Label)
		if e.Effective == EffectiveBoth {
			x.through = append(x.through, e.Label)
		} else {
			x.effective = append(x.effective, e.Effective)
		}
		x.changes = append(x.changes, e.Change)
	}
	out := make([]Bundle, 0, len(accs))
	for _, id := range sortedKeys(accs) {
		x := accs[id]
		b := x.b
		slices.Sort(b.Edges)
		b.Both = x.forward && x.back
		if !x.forward {
			b.From, b.To = b.To, b.From
		}
		labels := x.through
		b.Effective = EffectiveBoth
		if len(labels) == 0 {
			labels = x.all
			slices.Sort(x.effective)
			b.Effective = x.effective[0]
			if x.effective[0] != x.effective[len(x.effective)-1] {
				b.Effective = OneSided
			}
		}
		b.Label, b.Services = mergeLabels(labels)
		b.Change = bundleChange(x.changes)
		out = append(out, *b)
	}
	return out
}

// bundleChange is a bundle's change from its edges'.
func bundleChange(changes []string) string {
	slices.Sort(changes)
	switch {
	case changes[len(changes)-1] == "":
		return ""
	case changes[0] == changes[len(changes)-1]:
		return changes[0]
	}
	return ChangeChanged
}

// bundleRisk splits the findings on a bundle's edges (notes, by subject)
// into those that colour it ([riskFindings]) and a count of the others,
// and returns the worst severity of the first ("" for none).
func bundleRisk(b *Bundle, notes map[string][]Annotation) (risk string, risky []Annotation, neutral int) {
	for _, id := range b.Edges {
		for _, a := range notes[id] {
			if riskFindings[a.Finding] {
				risky = append(risky, a)
			} else {
				neutral++
			}
		}
	}
	if len(risky) == 0 {
		return "", nil, neutral
	}
	slices.SortFunc(risky, func(p, q Annotation) int {
		return cmp.Or(cmp.Compare(severityRank[q.Severity], severityRank[p.Severity]), strings.Compare(p.Finding, q.Finding),
			strings.Compare(p.Message, q.Message), strings.Compare(p.Subject, q.Subject))
	})
	return worst(risky), slices.CompactFunc(risky, func(p, q Annotation) bool { return p.Finding == q.Finding && p.Message == q.Message }), neutral
}

// Lines is how many lines g's picture draws: a map's bundles, else its
// edges.
func (g *Graph) Lines() int {
	switch {
	case g.View != Map:
		return len(g.Edges)
	case g.Bundles == nil:
		return len(bundlesOf(g.Edges))
	}
	return len(g.Bundles)
}
