// Package reach is sgmap's one flow engine: it decides whether a service
// passes from one end to another and which rules on each side allow it. The
// diagram (graph), the audit (one-sided, internet-exposed) and the reach
// and exposure queries all call it, so they never disagree. The semantics
// it implements are listed in docs/reach.md.
package reach

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// End is one end of a flow as rules see it: the groups whose rules govern
// it, the groups a group-referencing rule matches it by, and its addresses.
type End struct {
	// ID is unique among the ends of one [Engine] (a group, owner or ENI ID,
	// "internet", "cidr:…", "pl:…", "ext:…", "unknown:…").
	ID string
	// Rules are the groups whose rules apply to the end (their union, as on
	// an ENI in several groups). Known is false when sgmap knows no rule
	// of the end (the Internet, a CIDR, a group outside the snapshot, an
	// owner without groups): such an end allows every flow.
	Rules []string
	Known bool
	// In are the groups a rule naming a group matches the end by.
	In []string
	// Addrs are the end's addresses (ENI private IPs, or a peer's CIDRs).
	Addrs []netip.Prefix
	// PrefixList is the pl-… the end stands for, if any.
	PrefixList string
}

// Grant is one rule's part in letting a service through one side.
type Grant struct {
	Service sgmap.Service
	Group   string      // the group the rule belongs to ("" for an end without rules)
	Rule    *sgmap.Rule // nil for an end without rules
}

// Engine answers flow questions over one snapshot index. It parses each
// peer once and indexes rules by peer; it is not safe for concurrent use.
type Engine struct {
	x        *sgmap.Index
	compiled map[string]*groupRules
	grants   map[grantKey][]Grant
	eniAddrs map[string][]netip.Prefix
	endByID  map[string]*End
	namedBy  map[string][]Ref
}

// Ref is a rule of Group whose peer is a group.
type Ref struct {
	Group *sgmap.SecurityGroup
	Rule  *sgmap.Rule
}

// NamedBy returns the rules, in any group of the snapshot, whose peer is
// group id, in group and rule order.
func (e *Engine) NamedBy(id string) []Ref {
	if e.namedBy == nil {
		e.namedBy = map[string][]Ref{}
		s := e.x.Snapshot
		for i := range s.Groups {
			g := &s.Groups[i]
			for j := range g.Rules {
				if r := &g.Rules[j]; r.Peer.Kind == sgmap.PeerGroup {
					e.namedBy[r.Peer.Value] = append(e.namedBy[r.Peer.Value], Ref{g, r})
				}
			}
		}
		for _, refs := range e.namedBy {
			slices.SortStableFunc(refs, func(a, b Ref) int { return strings.Compare(a.Group.ID, b.Group.ID) })
		}
	}
	return e.namedBy[id]
}

type grantKey struct {
	ep, other *End
	dir       sgmap.Direction
}

// compiledRule is a rule with its peer parsed.
type compiledRule struct {
	group string
	rule  *sgmap.Rule
	svc   sgmap.Service
	cover []netip.Prefix // CIDR peers and known prefix lists' entries
	any   bool           // 0.0.0.0/0 or ::/0
}

// groupRules are one group's rules per direction, indexed by peer.
type groupRules struct {
	byGroup [2]map[string][]*compiledRule // sg-… peer → rules
	byPL    [2]map[string][]*compiledRule // pl-… peer → rules
	cidr    [2][]*compiledRule            // CIDR and known prefix-list rules
}

// New returns an engine over x.
func New(x *sgmap.Index) *Engine {
	return &Engine{x: x, compiled: map[string]*groupRules{}, grants: map[grantKey][]Grant{},
		eniAddrs: map[string][]netip.Prefix{}}
}

// Index is the index the engine reads.
func (e *Engine) Index() *sgmap.Index { return e.x }

func dirIndex(d sgmap.Direction) int {
	if d == sgmap.Egress {
		return 1
	}
	return 0
}

// rulesOf compiles group id's rules once.
func (e *Engine) rulesOf(id string) *groupRules {
	if gr, ok := e.compiled[id]; ok {
		return gr
	}
	gr := &groupRules{}
	for d := range 2 {
		gr.byGroup[d], gr.byPL[d] = map[string][]*compiledRule{}, map[string][]*compiledRule{}
	}
	if sg := e.x.Groups[id]; sg != nil {
		for i := range sg.Rules {
			r := &sg.Rules[i]
			d := dirIndex(r.Direction)
			c := &compiledRule{group: id, rule: r, svc: r.Service()}
			switch r.Peer.Kind {
			case sgmap.PeerGroup:
				// Semantics §14-15: a stale reference, or one through a
				// peering connection that is not active, admits nothing.
				if r.Peer.Stale || (r.Peer.PeeringStatus != "" && r.Peer.PeeringStatus != "active") {
					continue
				}
				gr.byGroup[d][r.Peer.Value] = append(gr.byGroup[d][r.Peer.Value], c)
			case sgmap.PeerPrefixList:
				gr.byPL[d][r.Peer.Value] = append(gr.byPL[d][r.Peer.Value], c)
				if pl := e.x.PrefixLists[r.Peer.Value]; pl != nil {
					for _, en := range pl.Entries {
						c.cover = appendPrefix(c.cover, en.CIDR)
					}
					if len(c.cover) > 0 {
						gr.cidr[d] = append(gr.cidr[d], c)
					}
				}
			default:
				c.any = r.Peer.IsInternet()
				c.cover = appendPrefix(nil, r.Peer.Value)
				if len(c.cover) > 0 {
					gr.cidr[d] = append(gr.cidr[d], c)
				}
			}
		}
	}
	e.compiled[id] = gr
	return gr
}

// Admits returns the parts of svc that ep's dir rules allow between ep and
// other, one per rule: a rule broader than svc admits svc, a narrower one
// only its part. An end without known rules admits all of svc.
func (e *Engine) Admits(ep *End, dir sgmap.Direction, svc sgmap.Service, other *End) []Grant {
	var out []Grant
	for _, g := range e.Grants(ep, dir, other) {
		if part, ok := svc.Intersect(g.Service); ok {
			g.Service = part
			out = append(out, g)
		}
	}
	return out
}

// Grants returns every service ep's dir rules allow between ep and other,
// with the rule behind each (memoised per pair).
//
// A group rule counts when other is in that group (semantics §7-8). A
// prefix-list rule counts when other is that list. CIDR and known
// prefix-list rules count when, together with the rules that admit at
// least as much, they contain every address of other of one family
// (§9-10, §13); 0.0.0.0/0 and ::/0 also match an end without addresses.
// An unknown prefix list matches only itself: nothing shows what it holds.
func (e *Engine) Grants(ep *End, dir sgmap.Direction, other *End) []Grant {
	k := grantKey{ep, other, dir}
	if g, ok := e.grants[k]; ok {
		return g
	}
	var out []Grant
	if !ep.Known {
		out = []Grant{{Service: sgmap.Service{Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1}}}
		e.grants[k] = out
		return out
	}
	d := dirIndex(dir)
	var cand []*compiledRule
	for _, gid := range ep.Rules {
		gr := e.rulesOf(gid)
		for _, in := range other.In {
			for _, c := range gr.byGroup[d][in] {
				out = append(out, grant(c))
			}
		}
		if other.PrefixList != "" {
			for _, c := range gr.byPL[d][other.PrefixList] {
				out = append(out, grant(c))
			}
		}
		for _, c := range gr.cidr[d] {
			if other.PrefixList != "" && c.rule.Peer.Value == other.PrefixList {
				continue // already matched by name
			}
			if c.any && len(other.Addrs) == 0 {
				out = append(out, grant(c))
			} else if touches(c.cover, other.Addrs) {
				cand = append(cand, c)
			}
		}
	}
	for _, c := range cand {
		var cover []netip.Prefix
		for _, o := range cand {
			if o.svc.Covers(c.svc) || o == c {
				cover = append(cover, o.cover...)
			}
		}
		if coveredFamily(other.Addrs, cover) {
			out = append(out, grant(c))
		}
	}
	e.grants[k] = out
	return out
}

func grant(c *compiledRule) Grant { return Grant{Service: c.svc, Group: c.group, Rule: c.rule} }

// touches reports whether one of cover holds one of addrs.
func touches(cover, addrs []netip.Prefix) bool {
	for _, a := range addrs {
		for _, c := range cover {
			if c.Bits() <= a.Bits() && c.Contains(a.Addr()) {
				return true
			}
		}
	}
	return false
}

// coveredFamily reports whether, for IPv4 or IPv6, addrs has members and
// every one of them lies inside one of cover.
func coveredFamily(addrs, cover []netip.Prefix) bool {
	for _, v4 := range []bool{true, false} {
		n, ok := 0, true
		for _, a := range addrs {
			if a.Addr().Is4() != v4 {
				continue
			}
			n++
			if !slices.ContainsFunc(cover, func(c netip.Prefix) bool {
				return c.Bits() <= a.Bits() && c.Contains(a.Addr())
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

// appendPrefix parses an address or CIDR into a masked prefix, skipping
// junk.
func appendPrefix(out []netip.Prefix, s string) []netip.Prefix {
	if p, err := netip.ParsePrefix(s); err == nil {
		return append(out, p.Masked())
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}

// Passes returns what of svc passes from src to dst: the parts both src's
// egress and dst's ingress allow, with the grants on each side.
func (e *Engine) Passes(src, dst *End, svc sgmap.Service) (both []sgmap.Service, out, in []Grant) {
	out = e.Admits(src, sgmap.Egress, svc, dst)
	in = e.Admits(dst, sgmap.Ingress, svc, src)
	for _, a := range in {
		for _, c := range out {
			if x, ok := a.Service.Intersect(c.Service); ok {
				both = append(both, x)
			}
		}
	}
	return both, out, in
}
