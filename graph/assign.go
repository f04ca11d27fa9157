package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// assignment is the result of assigning a VPC's groups to applications.
type assignment struct {
	apps   []App          // sorted by ID
	appOf  map[string]int // group ID → index in apps
	shared map[string]bool
}

// appOfGroup returns the App of group id, or nil.
func (a *assignment) appOfGroup(id string) *App {
	if i, ok := a.appOf[id]; ok {
		return &a.apps[i]
	}
	return nil
}

// assigner holds the facts one assignment is computed from.
type assigner struct {
	groups  []string            // every drawn group, sorted
	key     map[string]string   // group → name key (tag value or stem)
	tagged  map[string]bool     // group's key comes from its tag
	members map[string][]string // group → member node IDs, sorted
	count   map[string]int      // node → owners it stands for
	enis    map[string]int      // node → its ENIs
	nodeGrp map[string][]string // node → its groups
	refs    map[string][]string // group → groups its rules name or that name it
	shared  map[string]bool
	gname   map[string]string   // group → display name
	folded  []string            // the applications folded into OthersApp, largest first
	parts   map[string][]string // folded application → its groups
}

// assignment computes (once) which application each of b's groups is in.
// It needs b's nodes and groups, and must run before a focus cuts them.
// See docs/apps.md.
func (b *builder) assignment() *assignment {
	if b.apps != nil {
		return b.apps
	}
	a := b.newAssigner()
	if b.mapIsDefault() {
		total := 0
		for _, c := range a.count {
			total += c
		}
		for _, g := range a.groups {
			if 4*a.owners(g) > total {
				a.shared[g] = true
			}
		}
		roots := a.cluster()
		for _, g := range a.groups {
			if !a.shared[g] && a.spread(g, roots) > sharedAppSpread {
				a.shared[g] = true
			}
		}
	}
	b.apps = a.finish(a.fold(a.cluster()))
	return b.apps
}

func (b *builder) newAssigner() *assigner {
	a := &assigner{groups: sortedKeys(b.groups), key: map[string]string{}, tagged: map[string]bool{},
		members: map[string][]string{}, count: map[string]int{}, enis: map[string]int{},
		nodeGrp: map[string][]string{}, refs: map[string][]string{}, shared: map[string]bool{}, gname: map[string]string{}}
	tag := b.appTagKey(a.groups)
	for _, g := range a.groups {
		a.key[g], a.tagged[g] = appKey(b.x.Groups[g], g, tag)
		a.gname[g] = b.groups[g].Name
	}
	for _, id := range sortedKeys(b.nodes) {
		n := b.nodes[id]
		if len(n.Groups) == 0 {
			continue
		}
		a.count[id], a.enis[id] = max(n.Count, 1), len(n.Interfaces)
		for _, g := range n.Groups {
			if _, ok := b.groups[g]; ok {
				a.members[g] = append(a.members[g], id)
				a.nodeGrp[id] = append(a.nodeGrp[id], g)
			}
		}
	}
	for _, g := range a.groups {
		sg := b.x.Groups[g]
		if sg == nil {
			continue
		}
		for _, r := range sg.Rules {
			if p := r.Peer.Value; r.Peer.Kind == sgmap.PeerGroup && p != g && b.groups[p] != nil {
				a.refs[g] = append(a.refs[g], p)
				a.refs[p] = append(a.refs[p], g)
			}
		}
	}
	for g, rs := range a.refs {
		slices.Sort(rs)
		a.refs[g] = slices.Compact(rs)
	}
	return a
}

// owners counts the owners in group g.
func (a *assigner) owners(g string) int {
	n := 0
	for _, m := range a.members[g] {
		n += a.count[m]
	}
	return n
}

// spread counts the applications, other than g's own, that g's members
// are also in.
func (a *assigner) spread(g string, roots map[string]string) int {
	apps := map[string]bool{}
	for _, m := range a.members[g] {
		for _, o := range a.nodeGrp[m] {
			if o != g && !a.shared[o] && roots[o] != roots[g] {
				apps[roots[o]] = true
			}
		}
	}
	return len(apps)
}

// cluster unions the groups that are not shared into applications and
// returns each group's root (its application's first group):
//   - groups with the same key (tag value or name stem);
//   - an untagged group that encloses exactly the members of another
//     group joins it;
//   - an untagged group alone with its key whose rules connect it to
//     exactly one other application joins it.
func (a *assigner) cluster() map[string]string {
	u := newUnionFind(a.groups)
	byKey := map[string]string{}
	for _, g := range a.groups {
		if a.shared[g] {
			continue
		}
		if first, ok := byKey[a.key[g]]; ok {
			u.union(first, g)
		} else {
			byKey[a.key[g]] = g
		}
	}
	keyCount := map[string]int{}
	for _, g := range a.groups {
		keyCount[a.key[g]]++
	}
	for _, g := range a.groups {
		if a.shared[g] || a.tagged[g] {
			continue
		}
		if same := a.sameMembers(g); same != "" {
			u.union(same, g)
			continue
		}
		if keyCount[a.key[g]] > 1 {
			continue
		}
		others := map[string]bool{}
		for _, r := range a.refs[g] {
			if !a.shared[r] && u.find(r) != u.find(g) {
				others[u.find(r)] = true
			}
		}
		if len(others) == 1 {
			for r := range others {
				u.union(r, g)
			}
		}
	}
	roots := make(map[string]string, len(a.groups))
	for _, g := range a.groups {
		roots[g] = u.find(g)
	}
	return roots
}

// sameMembers returns the first other non-shared group (in ID order)
// that encloses exactly g's members, or "" when g has no members or no
// such group exists. Two groups around the same members are one rule set
// split in two (the audit's same-members finding): one application.
func (a *assigner) sameMembers(g string) string {
	ms := a.members[g]
	if len(ms) == 0 {
		return ""
	}
	for _, c := range a.nodeGrp[ms[0]] {
		if c != g && !a.shared[c] && len(a.members[c]) == len(ms) && a.holdsAll(c, ms) {
			return c
		}
	}
	return ""
}

func (a *assigner) holdsAll(c string, ms []string) bool {
	have := a.members[c]
	for _, m := range ms {
		if _, ok := slices.BinarySearch(have, m); !ok {
			return false
		}
	}
	return true
}

// fold turns roots into named group sets, merging by name stem and then
// folding the smallest into [OthersApp] while there are more than
// [maxApps]. It returns name → groups.
func (a *assigner) fold(roots map[string]string) map[string][]string {
	sets := map[string][]string{}
	for _, g := range a.groups {
		if !a.shared[g] {
			sets[roots[g]] = append(sets[roots[g]], g)
		}
	}
	named := map[string][]string{}
	for _, gs := range sets {
		name := a.name(gs)
		named[name] = append(named[name], gs...)
	}
	if len(named) > maxApps {
		byStem := map[string][]string{}
		for name, gs := range named {
			byStem[Stem(name)] = append(byStem[Stem(name)], gs...)
		}
		named = byStem
	}
	if len(named) > maxApps {
		names := sortedKeys(named)
		slices.SortStableFunc(names, func(x, y string) int {
			return cmp.Or(cmp.Compare(a.weight(named[y]), a.weight(named[x])), cmp.Compare(len(named[y]), len(named[x])))
		})
		var rest []string
		for _, n := range names[maxApps-1:] {
			gs := named[n]
			rest = append(rest, gs...)
			delete(named, n)
			if n != OthersApp {
				a.folded = append(a.folded, n)
				if a.parts == nil {
					a.parts = map[string][]string{}
				}
				a.parts[n] = gs
			}
		}
		named[OthersApp] = append(named[OthersApp], rest...)
	}
	return named
}

// name picks the name of a set of groups: the key most of them share,
// then the one of most owners, then the first in order.
func (a *assigner) name(gs []string) string {
	votes, weight := map[string]int{}, map[string]int{}
	for _, g := range gs {
		votes[a.key[g]]++
		weight[a.key[g]] += a.owners(g)
	}
	keys := sortedKeys(votes)
	slices.SortStableFunc(keys, func(x, y string) int {
		return cmp.Or(cmp.Compare(votes[y], votes[x]), cmp.Compare(weight[y], weight[x]))
	})
	return keys[0]
}

// weight counts the owners of a set of groups, each once.
func (a *assigner) weight(gs []string) int {
	seen := map[string]bool{}
	n := 0
	for _, g := range gs {
		for _, m := range a.members[g] {
			if !seen[m] {
				seen[m] = true
				n += a.count[m]
			}
		}
	}
	return n
}

// finish builds the sorted apps, shared groups included, with counts.
func (a *assigner) finish(named map[string][]string) *assignment {
	out := &assignment{appOf: map[string]int{}, shared: a.shared}
	for name, gs := range named {
		ap := App{ID: "app:" + name, Name: name, Groups: gs}
		if name == OthersApp {
			ap.Holds = a.folded
			ap.Parts = a.othersParts(gs)
		}
		out.apps = append(out.apps, ap)
	}
	for _, g := range a.groups {
		if a.shared[g] {
			name := cmp.Or(cleanName(a.gname[g]), g)
			if _, clash := named[name]; clash {
				name = fmt.Sprintf("%s (shared %s)", name, g)
			}
			out.apps = append(out.apps, App{ID: "app:" + name, Name: name, Groups: []string{g}, Shared: true})
		}
	}
	slices.SortFunc(out.apps, func(x, y App) int { return strings.Compare(x.ID, y.ID) })
	for i := range out.apps {
		ap := &out.apps[i]
		a.counts(ap)
		for _, g := range ap.Groups {
			out.appOf[g] = i
		}
		for j := range ap.Parts {
			a.counts(&ap.Parts[j])
		}
	}
	return out
}

// counts sorts ap's groups and counts its owners and ENIs.
func (a *assigner) counts(ap *App) {
	slices.Sort(ap.Groups)
	seen := map[string]bool{}
	for _, g := range ap.Groups {
		for _, m := range a.members[g] {
			if !seen[m] {
				seen[m] = true
				ap.Owners += a.count[m]
				ap.ENIs += a.enis[m]
			}
		}
	}
}

// othersParts are the applications folded into [OthersApp] (groups gs),
// sorted by ID: one per folded application, and "others (rest)" for
// groups that were in none (an application named "others" before the
// fold), so that each of gs is in exactly one part.
func (a *assigner) othersParts(gs []string) []App {
	in := map[string]bool{}
	var parts []App
	for _, name := range sortedKeys(a.parts) {
		parts = append(parts, App{ID: "app:" + name, Name: name, Groups: slices.Clone(a.parts[name])})
		for _, g := range a.parts[name] {
			in[g] = true
		}
	}
	var rest []string
	for _, g := range gs {
		if !in[g] {
			rest = append(rest, g)
		}
	}
	if len(rest) > 0 {
		name := OthersApp + " (rest)"
		parts = append(parts, App{ID: "app:" + name, Name: name, Groups: rest})
	}
	slices.SortFunc(parts, func(x, y App) int { return strings.Compare(x.ID, y.ID) })
	return parts
}
