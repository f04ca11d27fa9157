package audit

import (
	"fmt"
	"net/netip"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// checkOneSided: semantics §4. A flow from A to B needs an egress rule on
// A's side matching B and an ingress rule on B's side matching A; the flow
// engine (package reach, docs/reach.md) decides both, as it does for the
// diagram's edges. Checked are rules naming a group the snapshot has, and
// rules naming one private address of an owner whose groups are known (the
// diagram draws both as flows between ends with rules of their own). A rule
// is reported only when none of its service passes both sides: partial
// overlap is how least privilege usually looks (ingress All TCP, egress TCP
// 443), and the diagram draws that part as an edge of its own.
func checkOneSided(a *auditor) {
	for _, g := range a.groups() {
		for i := range g.Rules {
			r := g.Rules[i]
			other, name := a.ruleEnd(g, r)
			if other == nil || !other.Known {
				continue
			}
			src, dst := other, a.eng.Group(g.ID)
			if r.Direction == sgmap.Egress {
				src, dst = dst, src
			}
			if both, _, _ := a.eng.Passes(src, dst, r.Service()); len(both) > 0 {
				continue
			}
			missing := fmt.Sprintf("no group of %s has an egress rule allowing %s to %s; add that egress rule on %s",
				name, r.Service().Label(), groupLabel(g), name)
			if r.Direction == sgmap.Egress {
				missing = fmt.Sprintf("no group of %s has an ingress rule allowing %s from %s; add that ingress rule on %s",
					name, r.Service().Label(), groupLabel(g), name)
			}
			a.add(a.ruleFinding(g, r, IDOneSided, fmt.Sprintf(
				"the %s rule %s %s %s on %s is one-sided: %s (with a description), or remove this rule, which admits nothing on its own",
				r.Direction, r.Service().Label(), fromTo(r.Direction), name, groupLabel(g), missing)))
		}
	}
}

// ruleEnd is the flow engine's end for the peer of rule r of group g when
// that peer has rules of its own: a group in the snapshot (not a stale
// reference), or the owner of the one private address a /32 or /128 names
// in g's VPC. It returns nil otherwise.
func (a *auditor) ruleEnd(g *sgmap.SecurityGroup, r sgmap.Rule) (*reach.End, string) {
	switch {
	case r.Peer.Kind == sgmap.PeerGroup:
		other := a.x.Groups[r.Peer.Value]
		if other == nil || r.Peer.Stale {
			return nil, "" // dangling-reference, or a group this snapshot cannot see
		}
		return a.eng.Group(other.ID), groupLabel(other) + "'s members"
	case r.Peer.IsCIDR():
		pfx, err := netip.ParsePrefix(r.Peer.Value)
		if err != nil || !pfx.IsSingleIP() {
			return nil, ""
		}
		e := a.x.ByIP(g.VPCID, pfx.Addr())
		if e == nil {
			return nil, ""
		}
		if e.OwnerID != "" && a.x.Owners[e.OwnerID] != nil {
			return a.eng.Owner(e.OwnerID), a.eniName(e)
		}
		return a.eng.Interfaces(e.ID, []*sgmap.NetworkInterface{e}), e.ID
	}
	return nil, ""
}
