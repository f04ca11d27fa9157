package graph

import (
	"cmp"
	"slices"
	"strings"
)

// layout decides where every group and node is drawn, filling in
// Group.Members, Group.Parent, Group.Regions and Node.Cluster, and returns
// the overlap regions.
//
// A group that is, with every other group, disjoint or nested ("laminar")
// is drawn as one cluster. Groups with equal members nest too: the one
// with the smaller ID outside. Each node sits in the innermost such cluster
// of its groups (in a focused diagram, groups whose drawn members are equal
// nest by their total size). A group that partially overlaps another is drawn as
// regions instead: the nodes with the same set of such groups (and the
// same innermost cluster) share one region, labelled "a ∩ b", inside that
// cluster. So the clusters and region enclosing a node name exactly its
// groups.
func layout(groups []Group, nodes []Node) []Region {
	gi := make(map[string]int, len(groups))
	for i := range groups {
		gi[groups[i].ID] = i
		groups[i].Members = []string{}
		groups[i].Parent, groups[i].Regions = "", nil
	}
	size := make([]int, len(groups))
	for _, n := range nodes {
		for _, g := range n.Groups {
			if i, ok := gi[g]; ok {
				size[i]++
				groups[i].Members = append(groups[i].Members, n.ID)
			}
		}
	}
	// Members include nodes a shared group holds as a chip; below, only
	// the enclosing groups place a node.
	split := partialOverlaps(gi, size, nodes)
	// Outer before inner: more members first, then more members not drawn
	// (in a focused diagram a big group may show as few members as the
	// focused one), then smaller ID.
	outer := func(a, b string) int {
		return cmp.Or(cmp.Compare(size[gi[b]], size[gi[a]]),
			cmp.Compare(groups[gi[b]].Hidden, groups[gi[a]].Hidden), strings.Compare(a, b))
	}
	type regionKey struct{ set, parent string }
	regions := map[regionKey]*Region{}
	perSet := map[string]int{}
	nodeRegion := map[int]regionKey{}
	for i := range nodes {
		n := &nodes[i]
		var chain, rset []string
		for _, g := range enclosing(n) {
			if _, ok := gi[g]; !ok {
				continue
			}
			if split[g] {
				rset = append(rset, g)
			} else {
				chain = append(chain, g)
			}
		}
		slices.SortFunc(chain, outer)
		for j := 1; j < len(chain); j++ {
			groups[gi[chain[j]]].Parent = chain[j-1]
		}
		inner := ""
		if len(chain) > 0 {
			inner = chain[len(chain)-1]
		}
		n.Cluster = inner
		if len(rset) == 0 {
			continue
		}
		slices.Sort(rset)
		k := regionKey{strings.Join(rset, "+"), inner}
		if regions[k] == nil {
			names := make([]string, len(rset))
			for j, g := range rset {
				names[j] = groups[gi[g]].Name
			}
			regions[k] = &Region{ID: "region:" + k.set, Label: strings.Join(names, " ∩ "), Groups: rset, Parent: inner}
			perSet[k.set]++
		}
		nodeRegion[i] = k
	}
	// The same set of groups can meet inside different clusters; only then
	// does a region's ID name its parent.
	for k, r := range regions {
		if perSet[k.set] > 1 {
			r.ID += "@" + cmp.Or(k.parent, "top")
		}
	}
	for i, k := range nodeRegion {
		nodes[i].Cluster = regions[k].ID
	}
	out := make([]Region, 0, len(regions))
	for _, r := range regions {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Region) int { return strings.Compare(a.ID, b.ID) })
	for _, r := range out {
		for _, g := range r.Groups {
			groups[gi[g]].Regions = append(groups[gi[g]].Regions, r.ID)
		}
	}
	for i := range groups {
		g := &groups[i]
		if len(g.Regions) == 0 {
			continue
		}
		// A split group is drawn inside its regions' parent when they
		// share one.
		parent, same := "", true
		for j, rid := range g.Regions {
			p := out[slices.IndexFunc(out, func(r Region) bool { return r.ID == rid })].Parent
			if j == 0 {
				parent = p
			} else if p != parent {
				same = false
			}
		}
		if same {
			g.Parent = parent
		}
	}
	return out
}

// partialOverlaps returns the groups that partially overlap another:
// they share members, and neither contains the other.
func partialOverlaps(gi map[string]int, size []int, nodes []Node) map[string]bool {
	type pair struct{ a, b int }
	common := map[pair]int{}
	for i := range nodes {
		encl := enclosing(&nodes[i])
		idx := make([]int, 0, len(encl))
		for _, g := range encl {
			if i, ok := gi[g]; ok {
				idx = append(idx, i)
			}
		}
		for x := 0; x < len(idx); x++ {
			for y := x + 1; y < len(idx); y++ {
				a, b := min(idx[x], idx[y]), max(idx[x], idx[y])
				common[pair{a, b}]++
			}
		}
	}
	split := map[string]bool{}
	ids := make([]string, len(size))
	for id, i := range gi {
		ids[i] = id
	}
	for p, c := range common {
		if c < size[p.a] && c < size[p.b] {
			split[ids[p.a]] = true
			split[ids[p.b]] = true
		}
	}
	return split
}
