package graph

import (
	"fmt"
	"slices"
)

// markShared draws the shared groups of an overview (see [Applications])
// as chips: each node lists the shared groups it is in as Chips, each
// shared group is marked Shared and gets one node of kind shared-group,
// with the group's ID, that its rules' edges start and end at. Every
// node's Chips is set ([] when none).
func (b *builder) markShared() {
	var shared map[string]bool
	if b.apps != nil && b.opt.View == Overview {
		shared = b.apps.shared
	}
	owners := map[string]int{}
	for _, n := range b.nodes {
		n.Chips = []string{}
		for _, g := range n.Groups {
			if shared[g] && b.groups[g] != nil {
				n.Chips = append(n.Chips, g)
				owners[g] += max(n.Count, 1)
			}
		}
	}
	for _, id := range sortedKeys(b.groups) {
		if !shared[id] {
			continue
		}
		gr := b.groups[id]
		gr.Shared = true
		if owners[id] == 0 {
			// None of its members is drawn (the others overview draws
			// applications, not members): count the VPC's.
			if ap := b.apps.appOfGroup(id); ap != nil {
				owners[id] = ap.Owners
			}
		}
		b.nodes[id] = &Node{ID: id, Kind: KindSharedGroup, Name: gr.Name, Count: owners[id],
			Groups: []string{}, Chips: []string{},
			Detail: fmt.Sprintf("shared group · %s", plural1(owners[id], "1 owner", fmt.Sprintf("%d owners", owners[id])))}
	}
}

// enclosing returns the groups that enclose n: its groups minus its chips.
func enclosing(n *Node) []string {
	if len(n.Chips) == 0 {
		return n.Groups
	}
	out := make([]string, 0, len(n.Groups))
	for _, g := range n.Groups {
		if !slices.Contains(n.Chips, g) {
			out = append(out, g)
		}
	}
	return out
}
