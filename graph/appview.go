package graph

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// onlyApp cuts the graph down to one application (Options.App, an app's
// name or ID, or one of the parts of [OthersApp]; see [Applications]) and
// keeps the picture readable (docs/apps.md, "An application's overview"):
//   - kept: the nodes enclosed by the app's groups, every edge from or to
//     one of its groups or members, and the peers at the other end;
//   - members of one kind with the same groups are one counted node
//     ([builder.countMembers]), except in the detail view;
//   - a group of another application at the other end of an edge is
//     drawn as that application's box (a node of kind app, ID "app:NAME");
//     peers are grouped as on the map, and the neighbours past
//     [maxNeighbours] are one "+N more" box; a shared group there stays
//     its shared-group node;
//   - edges are merged per pair of boxes, kind and effective value, their
//     labels cut short ([aggregateEdges], [shortenLabels]);
//   - every group of a kept node is kept, so each node's enclosures plus
//     chips still name exactly its groups; Group.Hidden counts the members
//     of such groups the diagram does not draw;
//   - [OthersApp], whose groups are many small applications, is drawn as a
//     map of them (one box per [App.Parts] entry), each opening its own
//     overview.
//
// The edges are labelled here, while every group still exists for rule
// matching. An unknown application is an [sgmap.ENOTFOUND] error listing
// the applications.
func (b *builder) onlyApp(name string) error {
	a := b.assignment()
	app := a.findApp(name)
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
	box := map[string]string{} // group or node ID → the box it is drawn as
	parts := b.partBoxes(app, in, box)
	keepNode := map[string]bool{}
	member := map[string]bool{}
	for id, n := range b.nodes {
		if slices.ContainsFunc(n.Groups, func(g string) bool { return in[g] }) {
			member[id] = true
			keepNode[id] = parts == nil
		}
	}
	keepGroup := map[string]bool{}
	if parts == nil {
		for g := range in {
			keepGroup[g] = true
		}
	}
	// Only edges with an end in the application are kept: label only
	// their flows.
	kept := b.edgesOf(func(k flowKey) bool { return in[k.from] || in[k.to] || member[k.from] || member[k.to] })
	apps := map[string]*App{}
	for _, e := range kept {
		for _, end := range []string{e.From, e.To} {
			if _, done := box[end]; !done {
				b.appEnd(end, in, a, keepNode, keepGroup, box)
			}
		}
	}
	b.prune(keepNode, keepGroup)
	isPart := map[string]bool{}
	for i := range parts {
		isPart[parts[i].ID] = true
		b.nodes[parts[i].ID] = appNode(&parts[i])
	}
	for _, boxID := range box {
		if ap := a.byID(boxID); ap != nil && !isPart[boxID] {
			apps[boxID] = ap
		}
	}
	counted := map[string]string{}
	if b.opt.View != Detail { // the detail view shows every owner
		counted = b.countMembers(in)
	}
	maps.Copy(box, counted)
	b.groupPeers(box)
	boxOf := func(id string) string { return cmpOr(box[id], id) }
	for boxID, ap := range apps {
		b.nodes[boxID] = appNode(ap)
	}
	edges := aggregateEdges(kept, boxOf, b.nameOf)
	limit := maxNeighbours
	if parts != nil {
		limit = maxOthersNeighbours
	}
	edges = b.foldNeighbours(edges, apps, limit)
	b.appEdges = shortenLabels(onePerPair(edges))
	b.dropCounted(counted)
	for id, to := range box {
		if to != id {
			delete(b.nodes, id) // a peer grouped or folded
		}
	}
	b.opt.App = app.Name
	b.others = parts
	return nil
}

// appNode is the box of application ap in another application's overview
// (or of a part in the others overview): its name and counts.
func appNode(ap *App) *Node {
	return &Node{ID: ap.ID, Kind: KindApp, Name: ap.Name, Count: ap.Owners,
		Groups: []string{}, Detail: fmt.Sprintf("%s · %s", plural1(len(ap.Groups), "1 group", fmt.Sprintf("%d groups", len(ap.Groups))),
			plural1(ap.Owners, "1 owner", fmt.Sprintf("%d owners", ap.Owners)))}
}

// appEnd decides how one end of a kept edge of an application's diagram
// is drawn: itself (the app's groups and members, peers, shared groups) or
// its application's box.
func (b *builder) appEnd(id string, in map[string]bool, a *assignment, keepNode, keepGroup map[string]bool, box map[string]string) {
	if in[id] || keepNode[id] {
		return
	}
	if ap := a.boxApp(id); ap != nil {
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
		if ap := a.boxApp(g); ap != nil && !ap.Shared {
			box[id] = ap.ID
			return
		}
	}
	keepNode[id] = true
}

// findApp finds an application by name, ID or case-insensitive name,
// then among the parts of [OthersApp].
func (a *assignment) findApp(name string) *App {
	if ap := findApp(a.apps, name); ap != nil {
		return ap
	}
	for i := range a.apps {
		if ap := findApp(a.apps[i].Parts, name); ap != nil {
			return ap
		}
	}
	return nil
}

// byID is the application, or part of [OthersApp], with ID id, or nil.
func (a *assignment) byID(id string) *App {
	for i := range a.apps {
		if a.apps[i].ID == id {
			return &a.apps[i]
		}
		for j := range a.apps[i].Parts {
			if a.apps[i].Parts[j].ID == id {
				return &a.apps[i].Parts[j]
			}
		}
	}
	return nil
}

// boxApp is the application whose box stands for group g in another
// application's overview: its application, or the part of [OthersApp]
// holding it.
func (a *assignment) boxApp(g string) *App {
	ap := a.appOfGroup(g)
	if ap == nil {
		return nil
	}
	for i := range ap.Parts {
		if slices.Contains(ap.Parts[i].Groups, g) {
			return &ap.Parts[i]
		}
	}
	return ap
}

// partBoxes, for [OthersApp] (app) only, returns its parts and maps each
// of its groups, and each node in one of them, to the box of its part (of
// a node, the first part in ID order); for any other application, nil.
func (b *builder) partBoxes(app *App, in map[string]bool, box map[string]string) []App {
	if len(app.Parts) == 0 {
		return nil
	}
	for _, p := range app.Parts {
		for _, g := range p.Groups {
			box[g] = p.ID
		}
	}
	for _, id := range sortedKeys(b.nodes) {
		for _, g := range b.nodes[id].Groups {
			if in[g] {
				box[id] = box[g]
				break
			}
		}
	}
	return app.Parts
}

// findApp finds an application of apps by name, ID or case-insensitive name.
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
