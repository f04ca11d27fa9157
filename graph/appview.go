package graph

import (
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// onlyApp cuts the graph down to one application (Options.App, an app's
// name or ID; see [Applications]):
//   - kept: the nodes enclosed by the app's groups, every edge from or to
//     one of its groups or members, and the peers at the other end;
//   - a group of another application at the other end of an edge is
//     drawn as that application's box (a node of kind app, ID "app:NAME"),
//     and the edges to it are merged per kind and effective value; a shared
//     group there stays its shared-group node;
//   - every group of a kept node is kept, so each node's enclosures plus
//     chips still name exactly its groups; Group.Hidden counts the members
//     of such groups the diagram does not draw.
//
// The edges are labelled here, while every group still exists for rule
// matching. An unknown application is an [sgmap.ENOTFOUND] error listing
// the applications.
func (b *builder) onlyApp(name string) error {
	a := b.assignment()
	app := findApp(a.apps, name)
	if app == nil {
		names := make([]string, 0, len(a.apps))
		for _, ap := range a.apps {
			names = append(names, ap.Name)
		}
		return sgmap.Errorf(sgmap.ENOTFOUND, "no application %q in %s (applications: %s)", clipRunes(name, 80), b.vpc, listIDs(names))
	}
	in := map[string]bool{}
	for _, g := range app.Groups {
		in[g] = true
	}
	keepNode := map[string]bool{}
	for id, n := range b.nodes {
		if slices.ContainsFunc(n.Groups, func(g string) bool { return in[g] }) {
			keepNode[id] = true
		}
	}
	box := map[string]string{} // group or node ID → app box ID
	keepGroup := map[string]bool{}
	for g := range in {
		keepGroup[g] = true
	}
	// Only edges with an end in the application are kept: label only
	// their flows.
	kept := b.edgesOf(func(k flowKey) bool { return in[k.from] || in[k.to] || keepNode[k.from] || keepNode[k.to] })
	for _, e := range kept {
		for _, end := range []string{e.From, e.To} {
			b.appEnd(end, in, a, keepNode, keepGroup, box)
		}
	}
	b.prune(keepNode, keepGroup)
	for _, boxID := range box {
		ap := &a.apps[slices.IndexFunc(a.apps, func(x App) bool { return x.ID == boxID })]
		b.nodes[boxID] = &Node{ID: boxID, Kind: KindApp, Name: ap.Name, Count: ap.Owners,
			Groups: []string{}, Detail: "application · " + appCounts(*ap)}
	}
	b.appEdges = aggregateEdges(kept, func(id string) string { return cmpOr(box[id], id) }, b.nameOf)
	b.opt.App = app.Name
	return nil
}

// appEnd decides how one end of a kept edge of an application's diagram
// is drawn: itself (the app's groups and members, peers, shared groups) or
// its application's box.
func (b *builder) appEnd(id string, in map[string]bool, a *assignment, keepNode, keepGroup map[string]bool, box map[string]string) {
	if in[id] || keepNode[id] {
		return
	}
	if ap := a.appOfGroup(id); ap != nil {
		if ap.Shared {
			keepGroup[id] = true
		} else {
			box[id] = ap.ID
		}
		return
	}
	n := b.nodes[id]
	if n == nil {
		return
	}
	for _, g := range n.Groups {
		if ap := a.appOfGroup(g); ap != nil && !ap.Shared {
			box[id] = ap.ID
			return
		}
	}
	keepNode[id] = true
}

// findApp finds an application by name, ID or case-insensitive name.
func findApp(apps []App, name string) *App {
	for i := range apps {
		if apps[i].Name == name || apps[i].ID == name {
			return &apps[i]
		}
	}
	for i := range apps {
		if strings.EqualFold(apps[i].Name, name) {
			return &apps[i]
		}
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
