package audit

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/sgmap/sgmap"
)

// checkOneSided: semantics §4. A flow from A to B needs an egress rule on
// one of A's members' groups matching B and an ingress rule on one of B's
// members' groups matching A. Only group-to-group rules are checked (a CIDR
// peer has no rules of its own in the snapshot), and a rule is reported only
// when the other side allows none of its service: partial overlap is how
// least privilege usually looks (ingress All TCP, egress TCP 443).
func checkOneSided(a *auditor) {
	for _, g := range a.groups() {
		for _, r := range g.Rules {
			if r.Peer.Kind != sgmap.PeerGroup || r.Peer.Stale {
				continue
			}
			other := a.x.Groups[r.Peer.Value]
			if other == nil {
				continue // dangling-reference, or a group this snapshot cannot see
			}
			var ok bool
			var missing string
			if r.Direction == sgmap.Ingress {
				ok = a.flowAllowed(other, sgmap.Egress, r.Service(), g)
				missing = fmt.Sprintf("no group of %s's members has an egress rule allowing %s to %s; add that egress rule on %s",
					groupLabel(other), r.Service().Label(), groupLabel(g), groupLabel(other))
			} else {
				ok = a.flowAllowed(other, sgmap.Ingress, r.Service(), g)
				missing = fmt.Sprintf("no group of %s's members has an ingress rule allowing %s from %s; add that ingress rule on %s",
					groupLabel(other), r.Service().Label(), groupLabel(g), groupLabel(other))
			}
			if ok {
				continue
			}
			a.add(a.ruleFinding(g, r, IDOneSided, fmt.Sprintf(
				"the %s rule %s %s %s on %s is one-sided: %s (with a description), or remove this rule, which admits nothing on its own",
				r.Direction, r.Service().Label(), fromTo(r.Direction), groupLabel(other), groupLabel(g), missing)))
		}
	}
}

// flowAllowed reports whether the members of side (or side itself when it
// has none) have a rule in direction dir, in any of their groups, that
// overlaps svc and whose peer matches the members of far.
func (a *auditor) flowAllowed(side *sgmap.SecurityGroup, dir sgmap.Direction, svc sgmap.Service, far *sgmap.SecurityGroup) bool {
	for _, id := range a.memberGroups(side.ID) {
		g := a.x.Groups[id]
		if g == nil {
			continue
		}
		for _, r := range g.Rules {
			if r.Direction == dir && overlaps(r.Service(), svc) && a.peerMatches(r.Peer, far) {
				return true
			}
		}
	}
	return false
}

// memberGroups returns the distinct groups of group id's members (the
// groups whose rules apply to them), or id itself when it has none.
func (a *auditor) memberGroups(id string) []string {
	if gs, ok := a.memberGroupsMemo[id]; ok {
		return gs
	}
	gs := []string{id}
	for _, e := range a.members(id) {
		gs = append(gs, e.GroupIDs...)
	}
	slices.Sort(gs)
	gs = slices.Compact(gs)
	a.memberGroupsMemo[id] = gs
	return gs
}

// peerMatches reports whether a rule peer admits the members of group t:
// t itself, a group enclosing all of t's members, a CIDR or prefix list
// holding an address of each member, or the Internet. An unknown prefix
// list is assumed to match: nothing proves otherwise.
func (a *auditor) peerMatches(p sgmap.Peer, t *sgmap.SecurityGroup) bool {
	if p.IsInternet() {
		return true
	}
	ms := a.members(t.ID)
	switch p.Kind {
	case sgmap.PeerGroup:
		if p.Value == t.ID {
			return true
		}
		if len(ms) == 0 {
			return false
		}
		for _, e := range ms {
			if !slices.Contains(e.GroupIDs, p.Value) {
				return false
			}
		}
		return true
	case sgmap.PeerPrefixList:
		pl := a.x.PrefixLists[p.Value]
		if pl == nil {
			return true
		}
		var cidrs []string
		for _, e := range pl.Entries {
			cidrs = append(cidrs, e.CIDR)
		}
		return len(ms) > 0 && allIn(ms, parsePrefixes(cidrs))
	}
	pfx, err := netip.ParsePrefix(p.Value)
	return err == nil && len(ms) > 0 && allIn(ms, []netip.Prefix{pfx})
}

// allIn reports whether every ENI has an address inside one of the prefixes.
func allIn(enis []*sgmap.NetworkInterface, pfxs []netip.Prefix) bool {
	for _, e := range enis {
		in := false
		for _, ip := range append(slices.Clip(e.PrivateIPs), e.IPv6Addresses...) {
			ad, err := netip.ParseAddr(ip)
			if err != nil {
				continue
			}
			for _, p := range pfxs {
				if p.Contains(ad) {
					in = true
				}
			}
		}
		if !in {
			return false
		}
	}
	return true
}

// overlaps reports whether two services admit any traffic in common.
func overlaps(x, y sgmap.Service) bool {
	if x.Protocol == sgmap.AllProtocols || y.Protocol == sgmap.AllProtocols {
		return true
	}
	if x.Protocol != y.Protocol {
		return false
	}
	if x.AllPorts() || y.AllPorts() {
		return true
	}
	switch x.Protocol {
	case sgmap.ProtoTCP, sgmap.ProtoUDP:
		return x.FromPort <= y.ToPort && y.FromPort <= x.ToPort
	case sgmap.ProtoICMP, sgmap.ProtoICMPv6:
		return x.FromPort == y.FromPort && (x.ToPort == -1 || y.ToPort == -1 || x.ToPort == y.ToPort)
	}
	return true
}
