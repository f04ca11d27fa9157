package graph

import (
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// focus cuts the graph down to one group, its members and its direct
// neighbours, to keep focused diagrams small:
//   - kept: the focused group's members, every edge from or to the group
//     or one of its members, and the nodes at the other end of those edges
//     (peers, a load balancer forwarding to the members);
//   - a neighbour group (at the other end of an edge) is drawn as an
//     enclosure without its members; Group.Hidden counts them;
//   - every group of a kept node is kept, so each node's enclosures still
//     name exactly its groups.
//
// f is a group ID, or a name (the first group in ID order with that
// name). An unknown group is an [sgmap.ENOTFOUND] error naming the groups
// that exist.
func (b *builder) focus(f string) error {
	target := b.findGroup(f)
	if target == "" {
		names := make([]string, 0, len(b.groups))
		for _, g := range b.groups {
			names = append(names, g.Name)
		}
		slices.Sort(names)
		return sgmap.Errorf(sgmap.ENOTFOUND, "no group %q in %s (groups: %s)", clipRunes(f, 80), b.vpc, listIDs(slices.Compact(names)))
	}
	keepNode := map[string]bool{}
	for id, n := range b.nodes {
		if slices.Contains(n.Groups, target) {
			keepNode[id] = true
		}
	}
	keepGroup := map[string]bool{target: true}
	touches := func(id string) bool { return id == target || keepNode[id] }
	for k := range b.flows {
		if !touches(k.from) && !touches(k.to) {
			delete(b.flows, k)
		}
	}
	for k := range b.flows {
		for _, id := range []string{k.from, k.to} {
			if _, ok := b.groups[id]; ok {
				keepGroup[id] = true
			} else {
				keepNode[id] = true
			}
		}
	}
	b.prune(keepNode, keepGroup)
	b.opt.Focus = target
	return nil
}

// findGroup resolves a focus argument to a drawn group's ID.
func (b *builder) findGroup(f string) string {
	if _, ok := b.groups[f]; ok {
		return f
	}
	ids := make([]string, 0, len(b.groups))
	for id := range b.groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if b.groups[id].Name == f {
			return id
		}
	}
	for _, id := range ids {
		if strings.EqualFold(b.groups[id].Name, f) {
			return id
		}
	}
	return ""
}

// prune drops the nodes not in keepNode (counting them as hidden members
// of their groups) and the groups that no kept node is in and keepGroup
// does not name.
func (b *builder) prune(keepNode, keepGroup map[string]bool) {
	for id, n := range b.nodes {
		if !keepNode[id] {
			for _, g := range n.Groups {
				b.hidden[g]++
			}
			delete(b.nodes, id)
			continue
		}
		for _, g := range n.Groups {
			keepGroup[g] = true
		}
	}
	for id := range b.groups {
		if !keepGroup[id] {
			delete(b.groups, id)
		}
	}
	for id := range b.hidden {
		if !keepGroup[id] {
			delete(b.hidden, id)
		}
	}
}
