package diff

import (
	"slices"
	"strings"

	"github.com/sgmap/sgmap/graph"
)

// Graph returns the union of a (older) and b (newer), two graphs of one
// VPC in one view, as the visual diff draws it: b as it is, plus what only
// a has, and a change class on every group, node and edge
// (graph.ChangeAdded, ChangeRemoved, ChangeChanged, ChangeUnchanged).
//
// Things pair by their graph ID, which comes from AWS IDs. An edge that
// keeps its ID but not its label or rule lines is changed, with its old
// label in OldLabel; a group that keeps its ID but not its name,
// description or members is changed (OldName on a rename); a node that
// keeps its ID but not its groups, count or name is changed. touched
// names groups whose rules changed (see [Diff.Touched]): an application's
// box or a shared group's node that holds one is changed, so that a map
// highlights the applications a change is in even where no aggregated
// edge moved.
//
// What only a has is drawn where a drew it when that place still exists
// (its parent group, its cluster), else at top level; a removed group is
// drawn as a plain enclosure holding only the removed nodes drawn in it.
// Annotations are dropped: findings of either side would hide the change
// colours (the diff names the findings). Neither a nor b is modified.
func Graph(a, b *graph.Graph, touched map[string]bool) *graph.Graph {
	u := *b
	u.Groups = slices.Clone(b.Groups)
	u.Nodes = slices.Clone(b.Nodes)
	u.Edges = slices.Clone(b.Edges)
	u.Annotations = nil
	u.DiffFrom = a.Snapshot
	if u.DiffFrom == "" {
		u.DiffFrom = "the older snapshot"
	}
	ag, an, ae := indexGraph(a)
	for i := range u.Groups {
		g := &u.Groups[i]
		g.Change = groupChange(ag[g.ID], g)
		if old := ag[g.ID]; old != nil && old.Name != g.Name {
			g.OldName = old.Name
		}
	}
	for i := range u.Nodes {
		n := &u.Nodes[i]
		n.Change = nodeChange(an[n.ID], n, touched)
	}
	for i := range u.Edges {
		e := &u.Edges[i]
		e.Change = edgeChange(ae[e.ID], e)
		if old := ae[e.ID]; e.Change == graph.ChangeChanged && old.Label != e.Label {
			e.OldLabel = old.Label
		}
	}
	addRemoved(&u, a)
	slices.SortFunc(u.Groups, func(p, q graph.Group) int { return strings.Compare(p.ID, q.ID) })
	slices.SortFunc(u.Nodes, func(p, q graph.Node) int { return strings.Compare(p.ID, q.ID) })
	slices.SortFunc(u.Edges, func(p, q graph.Edge) int { return strings.Compare(p.ID, q.ID) })
	u.Bundle() // a map's lines carry the removed edges too, and their changes
	return &u
}

func indexGraph(g *graph.Graph) (map[string]*graph.Group, map[string]*graph.Node, map[string]*graph.Edge) {
	gs := make(map[string]*graph.Group, len(g.Groups))
	ns := make(map[string]*graph.Node, len(g.Nodes))
	es := make(map[string]*graph.Edge, len(g.Edges))
	for i := range g.Groups {
		gs[g.Groups[i].ID] = &g.Groups[i]
	}
	for i := range g.Nodes {
		ns[g.Nodes[i].ID] = &g.Nodes[i]
	}
	for i := range g.Edges {
		es[g.Edges[i].ID] = &g.Edges[i]
	}
	return gs, ns, es
}

func groupChange(old, g *graph.Group) string {
	switch {
	case old == nil:
		return graph.ChangeAdded
	case old.Name != g.Name || old.Description != g.Description || old.Missing != g.Missing ||
		!slices.Equal(old.Members, g.Members):
		return graph.ChangeChanged
	}
	return graph.ChangeUnchanged
}

func nodeChange(old, n *graph.Node, touched map[string]bool) string {
	switch {
	case old == nil:
		return graph.ChangeAdded
	case old.Name != n.Name || old.Kind != n.Kind || old.Count != n.Count || old.Detail != n.Detail ||
		!slices.Equal(old.Groups, n.Groups) || !slices.Equal(old.Chips, n.Chips):
		return graph.ChangeChanged
	case n.Kind == graph.KindApp || n.Kind == graph.KindSharedGroup:
		if touched[n.ID] || slices.ContainsFunc(n.Groups, func(id string) bool { return touched[id] }) {
			return graph.ChangeChanged
		}
	}
	return graph.ChangeUnchanged
}

func edgeChange(old, e *graph.Edge) string {
	switch {
	case old == nil:
		return graph.ChangeAdded
	case old.Label != e.Label || !slices.Equal(old.Details, e.Details):
		return graph.ChangeChanged
	}
	return graph.ChangeUnchanged
}

// addRemoved appends to u what only a has, class removed, placed where it
// can be drawn in u.
func addRemoved(u, a *graph.Graph) {
	ug, un, ue := indexGraph(u)
	regions := map[string]bool{}
	for _, r := range u.Regions {
		regions[r.ID] = true
	}
	var groups []graph.Group
	for _, g := range a.Groups {
		if ug[g.ID] == nil {
			g.Change, g.Regions, g.Members, g.Hidden = graph.ChangeRemoved, nil, []string{}, 0
			groups = append(groups, g)
		}
	}
	removedGroup := map[string]int{}
	for i := range groups {
		removedGroup[groups[i].ID] = i
	}
	// A cluster u can draw: a region of u, or an enclosure (u's, or a
	// removed one) that is not split into regions nor shared.
	drawable := func(id string) bool {
		if _, ok := removedGroup[id]; ok {
			return !groups[removedGroup[id]].Shared
		}
		g := ug[id]
		return regions[id] || (g != nil && len(g.Regions) == 0 && !g.Shared)
	}
	for i := range groups {
		if groups[i].Parent != "" && !drawable(groups[i].Parent) {
			groups[i].Parent = ""
		}
	}
	for _, n := range a.Nodes {
		if un[n.ID] != nil {
			continue
		}
		n.Change = graph.ChangeRemoved
		if n.Cluster != "" && !drawable(n.Cluster) {
			n.Cluster = ""
		}
		// A removed node counts as a member of the removed groups it
		// is drawn inside, so that their members are what they enclose.
		for at := n.Cluster; at != ""; {
			k, ok := removedGroup[at]
			if !ok {
				break
			}
			groups[k].Members = append(groups[k].Members, n.ID)
			at = groups[k].Parent
		}
		u.Nodes = append(u.Nodes, n)
	}
	u.Groups = append(u.Groups, groups...)
	for _, e := range a.Edges {
		if ue[e.ID] == nil {
			e.Change = graph.ChangeRemoved
			u.Edges = append(u.Edges, e)
		}
	}
}

// Touched returns the IDs of the groups a change is in: added, removed or
// renamed, with a rule change, or an owner joining or leaving.
func (d *Diff) Touched() map[string]bool {
	t := map[string]bool{}
	for _, v := range d.VPCs {
		for _, g := range v.Groups {
			t[g.ID] = true
		}
		for _, r := range v.Rules {
			t[r.GroupID] = true
		}
		for _, m := range v.Members {
			t[m.GroupID] = true
		}
	}
	return t
}
