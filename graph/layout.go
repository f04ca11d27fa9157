package graph

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Large-graph layout.
//
// dot ranks a security-group graph by its edges, and in a big VPC a few
// hubs (the Internet, the VPC CIDR, endpoint and monitoring groups, prefix
// lists) touch most enclosures: every lb → app → db chain then lands in the
// same three or four ranks, stacked into one very tall column. For graphs
// over [maxLabelledEdges] edges or [maxTopUnits] top-level units, WriteDOT
// therefore asks for a different layout, without changing the graph. Each
// container (the top level and every cluster) is planned on its own, inner
// ones first, over its units (the clusters and nodes drawn directly inside
// it) and the edges whose ends it is the lowest common container of:
//
//   - hubs are units with many distinct neighbours (the degree threshold
//     drops from 15 to 4 until the rest falls apart into small
//     components); a hub's enclosure is drawn once, and each other
//     component it connects to gets a stub node for it, "<id>#<n>" (n from
//     2) with class "node group-ref replica", labelled "↗ <name>", where
//     the edges to the hub end. Between two hubs, the one with more
//     neighbours gets the stub;
//   - at top level, peers outside the VPC's groups (Internet, CIDRs,
//     prefix lists, external and unknown groups) are drawn once per
//     component they touch (per innermost component, for edges into a
//     cluster): the first copy keeps the node ID, the others are
//     "<node id>#<n>" (n from 2) with class "node kind-<kind> replica";
//   - the components are sorted (hubs first, then by size and ID) and
//     folded into rows sized for a drawing about 1.4 times as wide as
//     tall: the components of one row are chained left to right by
//     invisible edges (id "layout:<n>", class "layout", style=invis, which
//     Graphviz does not draw), and rows stack;
//   - an edge whose ends still sit in different components (between two
//     peers) gets constraint=false.
//
// Every graph edge keeps its ID and is drawn exactly once; edges that end
// at a copy or stub are not clipped at a cluster border on that end.

// maxTopUnits is the most top-level enclosures and nodes a graph may have
// and still be laid out the plain way.
const maxTopUnits = 60

// peerKinds are the node kinds that stand for something outside the VPC's
// groups: plain labels that may be drawn more than once.
var peerKinds = map[string]bool{
	KindInternet: true, KindCIDR: true, KindPrefixList: true,
	KindExternalGroup: true, KindUnknownGroup: true,
}

// layoutPlan is how WriteDOT lays out a big graph.
type layoutPlan struct {
	// ends maps an edge index to the DOT names of its tail and head and
	// the clusters to clip them at, when one end is a copy.
	ends map[int][4]string
	// free marks edges (by index) that must not constrain ranking.
	free map[int]bool
	// replicas lists, per peer node or hub enclosure ID, the extra DOT
	// node names drawn for it, in order.
	replicas map[string][]string
	// stubsIn lists, per container ("" = top level), the hub stubs drawn
	// inside it.
	stubsIn map[string][]string
	// chain are the invisible edges (tail, head DOT names) that fold the
	// components into rows.
	chain [][2]string
}

// unitGraph is the graph of one container's units (the clusters and
// nodes drawn directly inside it, and the copies and stubs placed there)
// that its rows are computed on.
type unitGraph struct {
	ids   []string          // unit IDs, component by component
	index map[string]int    // unit ID → position in ids
	size  []float64         // estimated height of each unit, in node heights
	span  []int             // estimated width of each unit, in ranks
	out   [][]int           // directed constraint edges, sorted
	dot   map[string]string // unit ID → DOT node edges attach to
}

// bigGraph reports whether d's graph gets the large-graph layout.
func (d *dotWriter) bigGraph() bool {
	if len(d.g.Edges) > maxLabelledEdges {
		return true
	}
	return len(d.childGroups[""])+len(d.childRegion[""])+len(d.childNodes[""]) > maxTopUnits
}

// isPeer reports whether id is a peer node.
func (d *dotWriter) isPeer(id string) bool {
	n := d.nodes[id]
	return n != nil && n.Cluster == "" && peerKinds[n.Kind]
}

// dotName is the DOT node that edges to unit id attach to: a cluster's
// anchor, else the node (or copy, or stub) itself.
func (d *dotWriter) dotName(id string) string {
	if d.groups[id] != nil || d.regions[id] != nil {
		return "anchor:" + id
	}
	return id
}

// pickHubs returns the units whose many distinct neighbours would pull
// most of the graph into one component: it lowers the degree threshold
// from 15 to 4 until the largest component of the rest is small.
func pickHubs(base []string, nb map[string]map[string]bool, peerEdge func(a, b string) bool) map[string]bool {
	limit := max(12, len(base)/16)
	var hubs map[string]bool
	for h := 15; h >= 4; h-- {
		hubs = map[string]bool{}
		for _, id := range base {
			if len(nb[id]) > h {
				hubs[id] = true
			}
		}
		uf := newUnionFind(base)
		for _, a := range base {
			if hubs[a] {
				continue
			}
			for b := range nb[a] {
				if !hubs[b] && !peerEdge(a, b) {
					uf.union(a, b)
				}
			}
		}
		largest := 0
		count := map[string]int{}
		for _, id := range base {
			r := uf.find(id)
			count[r]++
			largest = max(largest, count[r])
		}
		if largest <= limit {
			break
		}
	}
	return hubs
}

func (ug *unitGraph) add(id, dot string, size float64, span int) {
	if _, ok := ug.index[id]; ok {
		return
	}
	ug.index[id] = len(ug.ids)
	ug.ids = append(ug.ids, id)
	ug.size = append(ug.size, size)
	ug.span = append(ug.span, span)
	ug.out = append(ug.out, nil)
	ug.dot[id] = dot
}

func (ug *unitGraph) edge(a, b string) {
	i, ok1 := ug.index[a]
	j, ok2 := ug.index[b]
	if !ok1 || !ok2 || i == j {
		return
	}
	if !slices.Contains(ug.out[i], j) {
		ug.out[i] = append(ug.out[i], j)
	}
}

// component is one connected component's extent as dot will roughly draw
// it with rankdir=LR: ranks wide, breadth node heights tall.
type component struct {
	first, last string // units at its first and last rank
	ranks       int
	breadth     float64
}

// component ranks the units of one component by longest path over its
// constraint edges (back edges of a depth-first search ignored) and
// returns its extent and its first and last units.
func (ug *unitGraph) component(ids []string) component {
	idx := make([]int, 0, len(ids))
	in := map[int]bool{}
	for _, id := range ids {
		i := ug.index[id]
		idx = append(idx, i)
		in[i] = true
	}
	slices.Sort(idx)
	// Depth-first order; edges to a node on the stack are back edges.
	state := map[int]int{} // 1 on stack, 2 done
	var order []int
	var visit func(i int)
	visit = func(i int) {
		state[i] = 1
		out := slices.Clone(ug.out[i])
		slices.Sort(out)
		for _, j := range out {
			if in[j] && state[j] == 0 {
				visit(j)
			}
		}
		state[i] = 2
		order = append(order, i)
	}
	for _, i := range idx {
		if state[i] == 0 {
			visit(i)
		}
	}
	rank := map[int]int{}
	pos := map[int]int{}
	for k, i := range order {
		pos[i] = k
	}
	// Reverse post-order is a topological order of the forward edges.
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		for _, j := range ug.out[i] {
			if in[j] && pos[j] < pos[i] && rank[j] < rank[i]+ug.span[i] {
				rank[j] = rank[i] + ug.span[i]
			}
		}
	}
	c := component{ranks: 1}
	width := map[int]float64{}
	lastRank := -1
	for _, i := range idx {
		r := rank[i]
		for k := range ug.span[i] {
			width[r+k] += ug.size[i]
		}
		if c.first == "" && r == 0 {
			c.first = ug.ids[i]
		}
		if end := r + ug.span[i] - 1; end > lastRank {
			lastRank, c.last = end, ug.ids[i]
		}
	}
	c.ranks = lastRank + 1
	for _, w := range width {
		c.breadth = math.Max(c.breadth, w)
	}
	if c.first == "" {
		c.first = ug.ids[idx[0]]
	}
	return c
}

// Rough drawing sizes, in points, used to fold components into rows.
const (
	rankWidth    = 340.0 // one rank: a node or enclosure plus ranksep
	nodeHeight   = 46.0  // one node with nodesep
	targetAspect = 1.4   // width / height
)

// foldRows splits the components (in order) into rows, each filled up to
// a width chosen so that the whole drawing's estimated aspect ratio is
// close to aspect; it returns the component indices of each row.
func foldRows(comps []component, aspect float64) (rows [][]int, width, height float64) {
	if len(comps) == 0 {
		return nil, 0, 0
	}
	var area, widest float64
	for _, c := range comps {
		w := float64(c.ranks) * rankWidth
		area += w * c.breadth * nodeHeight
		widest = math.Max(widest, w)
	}
	bestScore := math.Inf(1)
	for f := 0.3; f <= 4.01; f += 0.1 {
		limit := math.Max(widest, math.Sqrt(area*aspect)*f)
		r, w, h := fill(comps, limit)
		score := math.Abs(math.Log(w / h / aspect))
		if score < bestScore-1e-9 {
			rows, width, height, bestScore = r, w, h, score
		}
	}
	return rows, width, height
}

// fill packs comps into rows no wider than limit and returns the rows
// and the estimated drawing width and height.
func fill(comps []component, limit float64) (rows [][]int, width, height float64) {
	var row []int
	var rw, rh float64
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, row)
			width = math.Max(width, rw)
			height += rh
		}
		row, rw, rh = nil, 0, 0
	}
	for i, c := range comps {
		w := float64(c.ranks) * rankWidth
		if len(row) > 0 && rw+w > limit {
			flush()
		}
		row = append(row, i)
		rw += w
		rh = math.Max(rh, c.breadth*nodeHeight)
	}
	flush()
	return rows, width, height
}

// unionFind is a disjoint-set forest over string IDs.
type unionFind struct{ parent map[string]string }

func newUnionFind(ids []string) *unionFind {
	u := &unionFind{parent: make(map[string]string, len(ids))}
	for _, id := range ids {
		u.parent[id] = id
	}
	return u
}

func (u *unionFind) find(x string) string {
	if _, ok := u.parent[x]; !ok {
		u.parent[x] = x
	}
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins the sets of a and b; the smaller ID becomes the root so
// that roots do not depend on the order of unions.
func (u *unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// writeLayoutEdges writes the plan's invisible edges that fold components
// into rows.
func (d *dotWriter) writeLayoutEdges() {
	if d.plan == nil {
		return
	}
	for i, e := range d.plan.chain {
		id := "layout:" + strconv.Itoa(i+1)
		d.printf("\t%s -> %s [id=%s class=\"layout\" style=invis weight=4]\n", quote(e[0]), quote(e[1]), quote(id))
	}
}

// writeStubs writes the hub stubs of container id ("" = top level): small
// nodes that stand for a hub enclosure next to the components it
// connects to, the enclosure itself being drawn once, in full.
func (d *dotWriter) writeStubs(id string, depth int) {
	if d.plan == nil {
		return
	}
	ind := strings.Repeat("\t", depth)
	for _, stub := range d.plan.stubsIn[id] {
		hub := stub[:strings.LastIndexByte(stub, '#')]
		var name string
		var tip []string
		if gr := d.groups[hub]; gr != nil {
			name, tip = gr.Name, d.groupTooltip(gr)
		} else if r := d.regions[hub]; r != nil {
			name, tip = r.Label, d.regionTooltip(r)
		}
		tip = append(tip, "drawn in full once; this stub stands for it here")
		d.printf("%s%s [id=%s class=\"node group-ref replica\" label=%s shape=box style=\"rounded,filled,dashed\" fillcolor=\"#f8f9fb\" color=\"#5a6478\"\n%s\ttooltip=%s]\n",
			ind, quote(stub), quote(stub), label("↗ "+name), ind, tooltip(tip...))
	}
}
