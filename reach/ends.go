package reach

import (
	"net/netip"
	"slices"

	"github.com/sgmap/sgmap"
)

// IDInternet is the ID of the Internet's end (and its diagram node).
const IDInternet = "internet"

// Group returns the end of security group id: it is matched by its own ID
// and by every group all of its members share; its addresses are its
// members'; the rules that apply are those of every group of its members
// (semantics §3: an ENI's groups' rules are one set), or its own when it
// has none. A group the snapshot lacks has no known rules.
func (e *Engine) Group(id string) *End {
	return e.end(id, func() *End {
		ep := &End{ID: id, In: []string{id}, Rules: []string{id}}
		members := e.x.Members[id]
		ep.Addrs = make([]netip.Prefix, 0, addrCount(members))
		var shared []string
		for i, m := range members {
			ep.Addrs = e.appendENI(ep.Addrs, m)
			ep.Rules = appendNew(ep.Rules, m.GroupIDs)
			if i == 0 {
				shared = slices.Clone(m.GroupIDs)
			} else if len(shared) > 0 {
				shared = slices.DeleteFunc(shared, func(g string) bool { return !slices.Contains(m.GroupIDs, g) })
			}
		}
		ep.In = appendNew(ep.In, shared)
		slices.Sort(ep.In)
		slices.Sort(ep.Rules)
		ep.Known = e.x.Groups[id] != nil
		for _, g := range ep.Rules {
			if e.x.Groups[g] == nil {
				ep.Known = false
			}
		}
		return ep
	})
}

// Interfaces returns the end of ENIs standing for one diagram node or
// owner, under id: matched by any of their groups, governed by the union
// of their groups' rules. ENIs without groups, or in a group the
// snapshot lacks, have no known rules.
func (e *Engine) Interfaces(id string, enis []*sgmap.NetworkInterface) *End {
	return e.end(id, func() *End {
		ep := &End{ID: id, Known: len(enis) > 0, Addrs: make([]netip.Prefix, 0, addrCount(enis))}
		for _, m := range enis {
			ep.Addrs = e.appendENI(ep.Addrs, m)
			ep.Rules = appendNew(ep.Rules, m.GroupIDs)
			if len(m.GroupIDs) == 0 {
				ep.Known = false
			}
		}
		slices.Sort(ep.Rules)
		for _, g := range ep.Rules {
			if e.x.Groups[g] == nil {
				ep.Known = false
			}
		}
		ep.In = ep.Rules
		return ep
	})
}

// Owner returns the end of owner id: its ENIs (or, with none, its declared
// groups).
func (e *Engine) Owner(id string) *End {
	enis := e.x.OwnerInterfaces[id]
	if len(enis) > 0 {
		return e.Interfaces(id, enis)
	}
	return e.end(id, func() *End {
		ep := &End{ID: id}
		if o := e.x.Owners[id]; o != nil && len(o.GroupIDs) > 0 {
			ep.Rules = sortedUnique(slices.Clone(o.GroupIDs))
			ep.In, ep.Known = ep.Rules, true
			for _, g := range ep.Rules {
				if e.x.Groups[g] == nil {
					ep.Known = false
				}
			}
		}
		return ep
	})
}

// Internet returns the end standing for 0.0.0.0/0 and ::/0.
func (e *Engine) Internet() *End {
	return e.end(IDInternet, func() *End {
		return &End{ID: IDInternet, Addrs: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}}
	})
}

// CIDR returns the end of addresses cidrs (CIDRs or addresses) under id.
func (e *Engine) CIDR(id string, cidrs ...string) *End {
	return e.end(id, func() *End {
		ep := &End{ID: id}
		for _, c := range cidrs {
			ep.Addrs = appendPrefix(ep.Addrs, c)
		}
		return ep
	})
}

// PrefixList returns the end of prefix list pl: its entries when the
// snapshot has them.
func (e *Engine) PrefixList(pl string) *End {
	return e.end("pl:"+pl, func() *End {
		ep := &End{ID: "pl:" + pl, PrefixList: pl}
		if l := e.x.PrefixLists[pl]; l != nil {
			for _, en := range l.Entries {
				ep.Addrs = appendPrefix(ep.Addrs, en.CIDR)
			}
		}
		return ep
	})
}

// UnknownGroup returns the end of a group reference the snapshot cannot
// resolve (dangling, stale, or another account's): matched by its ID, with
// no known rules or addresses.
func (e *Engine) UnknownGroup(id, group string) *End {
	return e.end(id, func() *End { return &End{ID: id, In: []string{group}} })
}

func (e *Engine) end(id string, make func() *End) *End {
	if ep, ok := e.ends()[id]; ok {
		return ep
	}
	ep := make()
	e.ends()[id] = ep
	return ep
}

func (e *Engine) ends() map[string]*End {
	if e.endByID == nil {
		e.endByID = map[string]*End{}
	}
	return e.endByID
}

// appendENI appends m's private addresses as single-address prefixes.
func (e *Engine) appendENI(out []netip.Prefix, m *sgmap.NetworkInterface) []netip.Prefix {
	for _, list := range [][]string{m.PrivateIPs, m.IPv6Addresses} {
		for _, ip := range list {
			if a, err := netip.ParseAddr(ip); err == nil {
				out = append(out, netip.PrefixFrom(a, a.BitLen()))
			}
		}
	}
	return out
}

func addrCount(enis []*sgmap.NetworkInterface) int {
	n := 0
	for _, m := range enis {
		n += len(m.PrivateIPs) + len(m.IPv6Addresses)
	}
	return n
}

// appendNew appends the items of add not in list yet (lists of groups are
// short: an ENI has at most 16).
func appendNew(list, add []string) []string {
	for _, g := range add {
		if !slices.Contains(list, g) {
			list = append(list, g)
		}
	}
	return list
}

func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
