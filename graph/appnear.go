package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Neighbour limits of an application's overview: the most neighbours
// (other applications' boxes and peers) it draws, the rest being one
// "+N more" box on each side ([moreIn] for those that reach the
// application, [moreOut] for those it reaches), whose Members name them.
// The others overview, whose boxes are already applications, draws
// fewer.
const (
	maxNeighbours       = 4
	maxOthersNeighbours = 1
)

// IDs of an application overview's "+N more" boxes.
const (
	moreIn  = "more:in"
	moreOut = "more:out"
)

// groupPeers draws the peers at the other end of an application's edges
// as the map does (see [mapBuilder.peerBucket]): subnets, other CIDRs,
// each other account's groups and dangling references are one node each,
// when there are two or more of them. It adds to box which node each
// grouped peer is drawn as.
func (b *builder) groupPeers(box map[string]string) {
	m := &mapBuilder{b: b}
	buckets := map[string][]string{}
	info := map[string][2]string{}
	for _, id := range sortedKeys(b.nodes) {
		n := b.nodes[id]
		if !peerKinds[n.Kind] {
			continue
		}
		bid, name, kind := m.peerBucket(n)
		if bid == id {
			continue
		}
		buckets[bid] = append(buckets[bid], id)
		info[bid] = [2]string{name, kind}
	}
	for _, bid := range sortedKeys(buckets) {
		ids := buckets[bid]
		if len(ids) < 2 {
			continue
		}
		p := &Node{ID: bid, Kind: info[bid][1], Name: fmt.Sprintf("%s (%d)", info[bid][0], len(ids)), Count: len(ids),
			Groups: []string{}, Owners: ids}
		for _, id := range ids {
			p.Addresses = append(p.Addresses, b.nodes[id].Addresses...)
			box[id] = bid
		}
		p.Addresses = sortAddrs(p.Addresses)
		p.Detail = joinCapped(p.Addresses, 2)
		b.nodes[bid] = p
	}
}

// foldNeighbours keeps the limit neighbours of an application's overview
// that the most rules reach or leave (ties by ID) and redraws the edges of
// the others to and from its "+N more" boxes. A neighbour is an edge end
// that is another application's box (apps) or a peer; shared groups stay,
// since their chips are drawn anyway. It drops the folded neighbours'
// nodes and returns the edges.
func (b *builder) foldNeighbours(edges []Edge, apps map[string]*App, limit int) []Edge {
	weight := map[string]int{}
	for _, e := range edges {
		for _, end := range []string{e.From, e.To} {
			if n := b.nodes[end]; n != nil && (peerKinds[n.Kind] || apps[end] != nil) {
				weight[end] += max(len(e.Rules), 1)
			}
		}
	}
	if len(weight) <= limit+1 {
		return edges
	}
	ids := sortedKeys(weight)
	slices.SortStableFunc(ids, func(x, y string) int { return cmp.Compare(weight[y], weight[x]) })
	folded := map[string]bool{}
	for _, id := range ids[limit:] {
		folded[id] = true
	}
	out, sides := b.foldEdges(edges, folded)
	for side, members := range sides {
		b.nodes[side] = b.moreNode(side, members)
	}
	for id := range folded {
		delete(b.nodes, id)
	}
	return out
}

// moreNode is the "+N more" box side standing for the neighbours members.
func (b *builder) moreNode(side string, members map[string]bool) *Node {
	ids := sortedKeys(members)
	more := &Node{ID: side, Kind: KindMore, Name: fmt.Sprintf("+%d more", len(ids)), Count: len(ids),
		Groups: []string{}, Members: ids}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		n := b.nodes[id]
		names = append(names, n.Name)
		more.Addresses = append(more.Addresses, n.Addresses...)
	}
	more.Addresses = sortAddrs(more.Addresses)
	more.Detail = countedDetail(names)
	return more
}

// foldEdges redraws the edges from a folded neighbour as from [moreIn],
// and those to one as to [moreOut], merged per other end, kind and
// effective value like [aggregateEdges] (whose merged edges it takes,
// each line of their tooltips naming the neighbour); it returns the
// edges, sorted by ID, and which neighbours each side stands for.
func (b *builder) foldEdges(edges []Edge, folded map[string]bool) ([]Edge, map[string]map[string]bool) {
	sides := map[string]map[string]bool{}
	moved := make([]Edge, 0, len(edges))
	for _, e := range edges {
		c := e
		for _, end := range []*string{&c.From, &c.To} {
			if !folded[*end] {
				continue
			}
			side := moreIn
			if end == &c.To {
				side = moreOut
			}
			if sides[side] == nil {
				sides[side] = map[string]bool{}
			}
			sides[side][*end] = true
			c.Label = fullLabel(e)
			c.Details = []string{b.nameOf(e.From) + " → " + b.nameOf(e.To) + ": " + fullLabel(e)}
			*end = side
		}
		moved = append(moved, c)
	}
	return mergeSides(moved), sides
}

// mergeSides merges the edges of one "+N more" side and one other end
// (and kind and effective value) into one, labelled like [aggregateEdges]'
// merged edges, its tooltip the lines of the edges it stands for; it
// returns all edges sorted by ID.
func mergeSides(edges []Edge) []Edge {
	byKey := map[[4]string][]Edge{}
	var keys [][4]string
	out := make([]Edge, 0, len(edges))
	for _, e := range edges {
		if e.From != moreIn && e.To != moreOut {
			out = append(out, e)
			continue
		}
		k := [4]string{e.From, e.To, e.Kind, e.Effective}
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], e)
	}
	for _, k := range keys {
		var labels, rules, details []string
		for _, e := range byKey[k] {
			labels = append(labels, e.Label)
			rules = append(rules, e.Rules...)
			details = append(details, e.Details...)
		}
		slices.Sort(rules)
		slices.Sort(details)
		details = slices.Compact(details)
		if len(details) > maxDetails {
			details = append(details[:maxDetails], fmt.Sprintf("… and %d more", len(details)-maxDetails))
		}
		short, full := mergeLabels(labels)
		out = append(out, Edge{ID: "edge:" + k[2] + ":" + k[0] + "->" + k[1] + ":" + k[3], From: k[0], To: k[1], Kind: k[2],
			Effective: k[3], Label: short, Rules: slices.Compact(rules), Details: append([]string{"services: " + full}, details...)})
	}
	slices.SortFunc(out, func(a, c Edge) int { return strings.Compare(a.ID, c.ID) })
	return out
}

// fullLabel is the whole list of services of e: its label, or the first
// tooltip line of a merged edge whose label is cut short.
func fullLabel(e Edge) string {
	if len(e.Details) > 0 && strings.HasPrefix(e.Details[0], "services: ") {
		return strings.TrimPrefix(e.Details[0], "services: ")
	}
	return e.Label
}
