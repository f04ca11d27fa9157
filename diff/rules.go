package diff

import "github.com/sgmap/sgmap"

// compareGroups returns the group and rule changes in one VPC. The rules of
// an added group are added, those of a removed group removed.
func compareGroups(xa, xb *sgmap.Index, vpc string) ([]GroupChange, []RuleChange) {
	var groups []GroupChange
	var rules []RuleChange
	for _, g := range xa.GroupsInVPC(vpc) {
		ng := xb.Groups[g.ID]
		if ng == nil || ng.VPCID != vpc {
			groups = append(groups, GroupChange{Change: Removed, ID: g.ID, Name: g.Name})
			rules = append(rules, compareRules(xa, xb, g, nil)...)
			continue
		}
		if ng.Name != g.Name {
			groups = append(groups, GroupChange{Change: Renamed, ID: g.ID, Name: ng.Name, OldName: g.Name})
		}
		rules = append(rules, compareRules(xa, xb, g, ng)...)
	}
	for _, g := range xb.GroupsInVPC(vpc) {
		if og := xa.Groups[g.ID]; og == nil || og.VPCID != vpc {
			groups = append(groups, GroupChange{Change: Added, ID: g.ID, Name: g.Name})
			rules = append(rules, compareRules(xa, xb, nil, g)...)
		}
	}
	byID(groups, func(c GroupChange) (string, string) { return c.ID, c.Change })
	byID(rules, func(c RuleChange) (string, string) { return c.GroupID, ruleSortKey(c) })
	return groups, rules
}

func ruleSortKey(c RuleChange) string {
	r := c.New
	if r == nil {
		r = c.Old
	}
	return r.Key()
}

// content is what a rule admits: direction, service and peer. Two rules
// with one content are one rule whatever their ids.
func content(r sgmap.Rule) string {
	p := r.Peer
	return string(r.Direction) + " " + r.Service().Label() + " " + string(p.Kind) + ":" + p.String() +
		" " + p.VPCID + " " + p.PeeringID
}

// compareRules matches the rules of one group on both sides (og or ng nil
// for a removed or added group): by rule id, then by content, then by
// direction and peer when exactly one rule is left on each side (a port
// changed on a rule without an id). A rule matched by content whose id
// changed is no change; a matched rule whose content or description differs
// is changed.
func compareRules(xa, xb *sgmap.Index, og, ng *sgmap.SecurityGroup) []RuleChange {
	var old, cur []sgmap.Rule
	g := og
	if og != nil {
		old = og.Rules
	}
	if ng != nil {
		cur, g = ng.Rules, ng // the new name, for a renamed group
	}
	usedOld, usedNew := make([]bool, len(old)), make([]bool, len(cur))
	var out []RuleChange
	pair := func(i, j int) {
		usedOld[i], usedNew[j] = true, true
		if content(old[i]) != content(cur[j]) || old[i].Description != cur[j].Description {
			out = append(out, change(xa, xb, g, Changed, &old[i], &cur[j]))
		}
	}
	match(old, cur, usedOld, usedNew, func(r sgmap.Rule) string { return r.ID }, pair)
	match(old, cur, usedOld, usedNew, content, pair)
	match(old, cur, usedOld, usedNew, func(r sgmap.Rule) string {
		return string(r.Direction) + " " + string(r.Peer.Kind) + ":" + r.Peer.String()
	}, func(i, j int) {
		if unique(old, usedOld, old[i]) && unique(cur, usedNew, cur[j]) {
			pair(i, j)
		}
	})
	for i := range old {
		if !usedOld[i] {
			out = append(out, change(xa, xb, g, Removed, &old[i], nil))
		}
	}
	for j := range cur {
		if !usedNew[j] {
			out = append(out, change(xa, xb, g, Added, nil, &cur[j]))
		}
	}
	return out
}

// match calls pair(i, j) for the first unused rule of cur with the same
// non-empty key as each unused rule of old.
func match(old, cur []sgmap.Rule, usedOld, usedNew []bool, key func(sgmap.Rule) string, pair func(i, j int)) {
	free := map[string][]int{}
	for j, r := range cur {
		if k := key(r); !usedNew[j] && k != "" {
			free[k] = append(free[k], j)
		}
	}
	for i, r := range old {
		k := key(r)
		if usedOld[i] || k == "" || len(free[k]) == 0 {
			continue
		}
		j := free[k][0]
		free[k] = free[k][1:]
		pair(i, j)
	}
}

// unique reports whether r is the only unused rule with its direction and
// peer.
func unique(rs []sgmap.Rule, used []bool, r sgmap.Rule) bool {
	n := 0
	for i, q := range rs {
		if !used[i] && q.Direction == r.Direction && q.Peer.Kind == r.Peer.Kind && q.Peer.String() == r.Peer.String() {
			n++
		}
	}
	return n == 1
}

func change(xa, xb *sgmap.Index, g *sgmap.SecurityGroup, kind string, old, cur *sgmap.Rule) RuleChange {
	c := RuleChange{Change: kind, GroupID: g.ID, GroupName: g.DisplayName()}
	if old != nil {
		r := *old
		c.Old, c.OldPeer = &r, peerName(xa, r.Peer)
	}
	if cur != nil {
		r := *cur
		c.New, c.NewPeer = &r, peerName(xb, r.Peer)
	}
	return c
}

// peerName is the peer as people know it: a group's name when the snapshot
// has the group, else what [sgmap.Peer.String] prints.
func peerName(x *sgmap.Index, p sgmap.Peer) string {
	if p.Kind == sgmap.PeerGroup {
		if g := x.Groups[p.Value]; g != nil && g.Name != "" {
			return g.Name + " (" + p.String() + ")"
		}
	}
	if p.Kind == sgmap.PeerPrefixList {
		if pl := x.PrefixLists[p.Value]; pl != nil && pl.Name != "" {
			return pl.Name + " (" + p.Value + ")"
		}
	}
	return p.String()
}
