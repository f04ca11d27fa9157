package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// An application's overview counts its members instead of drawing each
// (docs/apps.md, "An application's overview"): the member nodes of one
// kind with the same groups become one counted node, "12 instances",
// whose Owners, Interfaces and Addresses are all of theirs and whose
// Members name the overview nodes it stands for.

// countedPrefix starts the ID of a counted node:
// "count:<kind>:<sorted group IDs joined by +>".
const countedPrefix = "count:"

// countMembers replaces, among the nodes in at least one of the groups in,
// every set of two or more nodes of one kind and one group set by a
// counted node, and returns which node each replaced one is drawn as. The
// replaced nodes stay in b.nodes (edge tooltips name them) until
// [builder.dropCounted].
func (b *builder) countMembers(in map[string]bool) map[string]string {
	buckets := map[string][]string{}
	for id, n := range b.nodes {
		if peerKinds[n.Kind] || n.Kind == KindApp || !slices.ContainsFunc(n.Groups, func(g string) bool { return in[g] }) {
			continue
		}
		key := countedPrefix + n.Kind + ":" + strings.Join(n.Groups, "+")
		buckets[key] = append(buckets[key], id)
	}
	into := map[string]string{}
	for _, key := range sortedKeys(buckets) {
		ids := buckets[key]
		if len(ids) < 2 {
			continue
		}
		slices.Sort(ids)
		b.nodes[key] = b.countedNode(key, ids)
		for _, id := range ids {
			into[id] = key
		}
	}
	return into
}

// countedNode is the node with ID id that stands for the nodes ids (of
// one kind and one group set).
func (b *builder) countedNode(id string, ids []string) *Node {
	first := b.nodes[ids[0]]
	c := &Node{ID: id, Kind: first.Kind, Groups: slices.Clone(first.Groups), Members: ids}
	names := make([]string, 0, len(ids))
	for _, nid := range ids {
		n := b.nodes[nid]
		c.Count += max(n.Count, 1)
		names = append(names, n.Name)
		switch {
		case len(n.Owners) > 0:
			c.Owners = append(c.Owners, n.Owners...)
		case n.Kind != KindENI:
			c.Owners = append(c.Owners, n.ID)
		}
		c.Interfaces = append(c.Interfaces, n.Interfaces...)
		c.Addresses = append(c.Addresses, n.Addresses...)
	}
	slices.Sort(c.Owners)
	c.Owners = slices.Compact(c.Owners)
	slices.Sort(c.Interfaces)
	c.Interfaces = slices.Compact(c.Interfaces)
	c.Addresses = sortAddrs(c.Addresses)
	c.Name = fmt.Sprintf("%d %s", c.Count, countNoun(c.Kind, c.Count))
	c.Detail = countedDetail(names)
	return c
}

// countedDetail is a counted node's second line: the first member names,
// cut short; the tooltip and the graph JSON list them all.
func countedDetail(names []string) string {
	const show, width = 1, 24
	out := make([]string, 0, show)
	for _, n := range names[:min(show, len(names))] {
		out = append(out, clipRunes(n, width))
	}
	s := strings.Join(out, ", ")
	if len(names) > show {
		s += fmt.Sprintf(" +%d more", len(names)-show)
	}
	return s
}

// countNoun names n things of node kind kind.
func countNoun(kind string, n int) string {
	switch kind {
	case KindENI:
		return plural1(n, "ENI", "ENIs")
	case KindECSService:
		return plural1(n, "task", "tasks")
	}
	p := plural(sgmap.OwnerKind(kind))
	if n == 1 {
		return strings.TrimSuffix(p, "s")
	}
	return p
}

// dropCounted removes the nodes a counted node stands for.
func (b *builder) dropCounted(into map[string]string) {
	for id := range into {
		delete(b.nodes, id)
	}
}
