package graph

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// box is one container of the layout: the top level ("") or a cluster,
// with the units drawn directly inside it (child clusters and nodes).
type box struct {
	id      string
	units   []string
	nb      map[string]map[string]bool // unit → distinct neighbour units
	hubs    map[string]bool
	compOf  map[string]string   // unit or copy → component root
	members map[string][]string // component root → units and copies
	roots   []string            // components, in layout order
	stubs   []string            // hub stubs drawn in this box
	ug      *unitGraph
	// width and height estimate the folded drawing, in points.
	width, height float64
}

// edgeAt is where one edge is laid out: the box that is the lowest common
// container of its ends, and the units of that box holding each end.
type edgeAt struct {
	box  string
	a, b string
}

// parentOf returns the container drawn around element id (a cluster or a
// node), "" at top level.
func (d *dotWriter) parentOf(id string) string {
	if n := d.nodes[id]; n != nil {
		return n.Cluster
	}
	if r := d.regions[id]; r != nil {
		return r.Parent
	}
	if gr := d.groups[id]; gr != nil {
		return gr.Parent
	}
	return ""
}

// path returns the element an edge end is drawn as (a node, or the
// cluster it attaches to) followed by its containers, outermost last,
// ending with "".
func (d *dotWriter) path(id string) []string {
	el, clip := d.end(id)
	if clip != "" {
		el = el[len("anchor:"):]
	}
	if el == "" {
		return []string{"", ""}
	}
	out := []string{el}
	for at := el; at != "" && len(out) < 1000; {
		at = d.parentOf(at)
		out = append(out, at)
	}
	return out
}

// locate finds the box in which edge e is laid out and the units of
// that box holding its ends.
func (d *dotWriter) locate(e *Edge) edgeAt {
	pa, pb := d.path(e.From), d.path(e.To)
	inB := map[string]int{}
	for i, c := range pb[1:] {
		inB[c] = i + 1
	}
	for i, c := range pa[1:] {
		if j, ok := inB[c]; ok {
			return edgeAt{box: c, a: pa[i], b: pb[j-1]}
		}
	}
	return edgeAt{a: pa[len(pa)-2], b: pb[len(pb)-2]}
}

// children lists the units drawn directly inside container id, sorted.
func (d *dotWriter) children(id string) []string {
	var out []string
	out = append(out, d.childGroups[id]...)
	out = append(out, d.childRegion[id]...)
	for _, n := range d.childNodes[id] {
		if id != "" || !d.isPeer(n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// containers lists "" and every cluster, deepest first.
func (d *dotWriter) containers() []string {
	var out []string
	var walk func(id string)
	walk = func(id string) {
		for _, c := range d.childGroups[id] {
			walk(c)
		}
		for _, c := range d.childRegion[id] {
			walk(c)
		}
		out = append(out, id)
	}
	walk("")
	return out
}

// planLayout computes the large-graph layout of d's graph: per container,
// hubs and their stubs, components and the rows they fold into; at top
// level also the peer copies.
func (d *dotWriter) planLayout() *layoutPlan {
	g := d.g
	p := &layoutPlan{ends: map[int][4]string{}, free: map[int]bool{}, replicas: map[string][]string{}, stubsIn: map[string][]string{}}
	at := make([]edgeAt, len(g.Edges))
	byBox := map[string][]int{}
	for i := range g.Edges {
		at[i] = d.locate(&g.Edges[i])
		if at[i].a != at[i].b {
			byBox[at[i].box] = append(byBox[at[i].box], i)
		}
	}
	boxes := map[string]*box{}
	order := d.containers()
	for _, cid := range order {
		b := &box{id: cid, units: d.children(cid), nb: map[string]map[string]bool{}}
		boxes[cid] = b
		link := func(x, y string) {
			if b.nb[x] == nil {
				b.nb[x] = map[string]bool{}
			}
			b.nb[x][y] = true
		}
		for _, i := range byBox[cid] {
			link(at[i].a, at[i].b)
			link(at[i].b, at[i].a)
		}
		b.hubs = pickHubs(b.units, b.nb, func(x, y string) bool { return d.isPeer(x) || d.isPeer(y) })
		uf := newUnionFind(b.units)
		for _, i := range byBox[cid] {
			x, y := at[i].a, at[i].b
			if d.isPeer(x) || d.isPeer(y) || b.hubs[x] || b.hubs[y] {
				continue
			}
			uf.union(x, y)
		}
		b.compOf = map[string]string{}
		b.members = map[string][]string{}
		for _, u := range b.units {
			r := uf.find(u)
			b.compOf[u] = r
			b.members[r] = append(b.members[r], u)
		}
		d.planBox(p, b, boxes, at, byBox[cid])
	}
	return p
}

// deepComp returns the innermost component (as "box\x00root") holding
// element path pa below the top-level unit, for keying peer copies.
func deepComp(boxes map[string]*box, pa []string) string {
	key := ""
	for k := len(pa) - 2; k >= 0; k-- {
		b := boxes[pa[k+1]]
		if b == nil {
			break
		}
		r, ok := b.compOf[pa[k]]
		if !ok {
			break
		}
		key = b.id + "\x00" + r
	}
	return key
}

// planBox computes one container's copies, edge ends and rows; inner
// boxes are planned before it (their estimated sizes feed its own).
func (d *dotWriter) planBox(p *layoutPlan, b *box, boxes map[string]*box, at []edgeAt, edges []int) {
	g := d.g
	top := b.id == ""
	replicable := func(x, other string) bool {
		if d.isPeer(x) {
			return !d.isPeer(other)
		}
		if !b.hubs[x] || d.isPeer(other) {
			return false
		}
		// Between two hubs, the one with more neighbours gets the stub.
		return !b.hubs[other] || len(b.nb[x]) > len(b.nb[other]) || len(b.nb[x]) == len(b.nb[other]) && x > other
	}
	// copyAt is the component a copy of x for edge i's other end sits
	// in, and the key that tells copies of x apart.
	copyAt := func(i int, x, other string) (comp, key string) {
		comp = b.compOf[other]
		key = comp
		if top && d.isPeer(x) {
			e := &g.Edges[i]
			pa := d.path(e.To)
			if at[i].a == other {
				pa = d.path(e.From)
			}
			if k := deepComp(boxes, pa); k != "" {
				key = k
			}
		}
		return comp, key
	}
	type copyRef struct{ comp, key string }
	touches := map[string]map[string]copyRef{} // x → key → copy
	for _, i := range edges {
		u := at[i]
		for _, pair := range [][2]string{{u.a, u.b}, {u.b, u.a}} {
			x, other := pair[0], pair[1]
			if replicable(x, other) {
				comp, key := copyAt(i, x, other)
				if touches[x] == nil {
					touches[x] = map[string]copyRef{}
				}
				touches[x][key] = copyRef{comp, key}
			}
		}
	}
	b.roots = sortedKeys(b.members)
	compSize := map[string]int{}
	for _, r := range b.roots {
		compSize[r] = len(b.members[r])
	}
	for _, cs := range touches {
		for _, c := range cs {
			compSize[c.comp]++
		}
	}
	slices.SortFunc(b.roots, func(x, y string) int {
		hx, hy := b.hubs[x], b.hubs[y]
		switch {
		case hx && !hy:
			return -1
		case hy && !hx:
			return 1
		case hx && hy:
			if c := cmp.Compare(len(b.nb[y]), len(b.nb[x])); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(compSize[y], compSize[x]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	rank := map[string]int{}
	for i, r := range b.roots {
		rank[r] = i
	}
	copyName := map[string]string{} // x + "\x00" + key → DOT node name
	for _, x := range sortedKeys(touches) {
		refs := make([]copyRef, 0, len(touches[x]))
		for _, c := range touches[x] {
			refs = append(refs, c)
		}
		slices.SortFunc(refs, func(a, c copyRef) int {
			return cmp.Or(cmp.Compare(rank[a.comp], rank[c.comp]), cmp.Compare(a.key, c.key))
		})
		n := len(p.replicas[x]) + 1 // copies so far, the original included
		for k, c := range refs {
			name := x
			if b.hubs[x] || k > 0 || n > 1 {
				n++
				name = x + "#" + strconv.Itoa(n)
				for d.taken(name) {
					// A snapshot's own IDs may look like copies.
					n++
					name = x + "#" + strconv.Itoa(n)
				}
				p.replicas[x] = append(p.replicas[x], name)
				if b.hubs[x] {
					b.stubs = append(b.stubs, name)
				}
			}
			copyName[x+"\x00"+c.key] = name
			b.members[c.comp] = append(b.members[c.comp], name)
			b.compOf[name] = c.comp
		}
	}
	p.stubsIn[b.id] = b.stubs

	b.ug = &unitGraph{index: map[string]int{}, dot: map[string]string{}}
	for _, r := range b.roots {
		for _, id := range b.members[r] {
			size, span := d.unitExtent(boxes, id)
			b.ug.add(id, d.dotName(id), size, span)
		}
	}
	for _, i := range edges {
		e := &g.Edges[i]
		u := at[i]
		ta, tb := u.a, u.b
		if replicable(u.a, u.b) {
			_, key := copyAt(i, u.a, u.b)
			ta = copyName[u.a+"\x00"+key]
		}
		if replicable(u.b, u.a) {
			_, key := copyAt(i, u.b, u.a)
			tb = copyName[u.b+"\x00"+key]
		}
		if ta != u.a || tb != u.b {
			tail, ltail := d.end(e.From)
			head, lhead := d.end(e.To)
			if ta != u.a {
				tail, ltail = ta, ""
			}
			if tb != u.b {
				head, lhead = tb, ""
			}
			p.ends[i] = [4]string{tail, head, ltail, lhead}
		}
		if b.compOf[ta] != b.compOf[tb] {
			p.free[i] = true
			continue
		}
		b.ug.edge(ta, tb)
	}

	comps := make([]component, 0, len(b.roots))
	for _, r := range b.roots {
		comps = append(comps, b.ug.component(b.members[r]))
	}
	rows, w, h := foldRows(comps, targetAspect)
	b.width, b.height = w, h
	for _, row := range rows {
		for k := 1; k < len(row); k++ {
			p.chain = append(p.chain, [2]string{b.ug.dot[comps[row[k-1]].last], b.ug.dot[comps[row[k]].first]})
		}
	}
}

// unitExtent estimates a unit's height (in node heights) and width (in
// ranks): a cluster's from its folded inside, anything else one node.
func (d *dotWriter) unitExtent(boxes map[string]*box, id string) (size float64, span int) {
	b := boxes[id]
	if b == nil || len(b.units) == 0 {
		if d.groups[id] != nil || d.regions[id] != nil {
			return 1.6, 1
		}
		return 1, 1
	}
	return b.height/nodeHeight + 0.6, max(1, int(math.Round(b.width/rankWidth)))
}

// taken reports whether name is already a DOT node or cluster name.
func (d *dotWriter) taken(name string) bool {
	return d.nodes[name] != nil || d.groups[name] != nil || d.regions[name] != nil ||
		name == "legend" || strings.HasPrefix(name, "anchor:")
}
