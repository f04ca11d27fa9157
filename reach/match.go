package reach

import (
	"net/netip"
	"slices"
)

// span returns the smallest prefixes holding every IPv4 and every IPv6
// address of ep (invalid when it has none of that family), so that a rule
// can be matched against a whole group at once.
func (ep *End) span() *[2]netip.Prefix {
	if ep.spans != nil {
		return ep.spans
	}
	var sp [2]netip.Prefix
	for _, a := range ep.Addrs {
		i := 0
		if !a.Addr().Is4() {
			i = 1
		}
		if !sp[i].IsValid() {
			sp[i] = a
			continue
		}
		for !(sp[i].Bits() <= a.Bits() && sp[i].Contains(a.Addr())) {
			sp[i], _ = sp[i].Addr().Prefix(sp[i].Bits() - 1)
		}
	}
	ep.spans = &sp
	return ep.spans
}

// coversSpan reports whether one prefix of cover holds a whole span.
func coversSpan(cover []netip.Prefix, sp *[2]netip.Prefix) bool {
	for _, s := range sp {
		if s.IsValid() && holds(cover, s) {
			return true
		}
	}
	return false
}

// overlapsSpan reports whether a prefix of cover meets one of the spans:
// when none does, no address inside them can match.
func overlapsSpan(cover []netip.Prefix, sp *[2]netip.Prefix) bool {
	for _, c := range cover {
		for _, s := range sp {
			if s.IsValid() && c.Overlaps(s) {
				return true
			}
		}
	}
	return false
}

// touches reports whether one of cover holds one of addrs.
func touches(cover, addrs []netip.Prefix) bool {
	return slices.ContainsFunc(addrs, func(a netip.Prefix) bool { return holds(cover, a) })
}

// coveredBy reports whether, for IPv4 or IPv6, addrs has members and
// every one of them lies inside the cover of c or of a candidate rule that
// admits at least what c does: rules that together name every address.
func coveredBy(addrs []netip.Prefix, cand []*compiledRule, c *compiledRule) bool {
	for _, v4 := range []bool{true, false} {
		n, ok := 0, true
		for _, a := range addrs {
			if a.Addr().Is4() != v4 {
				continue
			}
			n++
			if !slices.ContainsFunc(cand, func(o *compiledRule) bool {
				return (o == c || o.svc.Covers(c.svc)) && holds(o.cover, a)
			}) {
				ok = false
				break
			}
		}
		if n > 0 && ok {
			return true
		}
	}
	return false
}

// holds reports whether one of cover contains all of a.
func holds(cover []netip.Prefix, a netip.Prefix) bool {
	for _, c := range cover {
		if c.Bits() <= a.Bits() && c.Contains(a.Addr()) {
			return true
		}
	}
	return false
}

// appendPrefix parses an address or CIDR into a masked prefix, skipping
// junk.
func appendPrefix(out []netip.Prefix, s string) []netip.Prefix {
	if p, ok := parsePrefix(s); ok {
		return append(out, p)
	}
	return out
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}
