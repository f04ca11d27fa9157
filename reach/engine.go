// Package reach is sgmap's one flow engine: it decides whether a service
// passes from one end to another and which rules on each side allow it. The
// diagram (graph), the audit (one-sided, internet-exposed) and the reach
// and exposure queries all call it, so they never disagree. The semantics
// it implements are listed in docs/reach.md.
package reach

import (
	"net/netip"
	"slices"

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

	compiled []*groupRules    // the compiled rules of Rules, on first use
	spans    *[2]netip.Prefix // smallest IPv4 and IPv6 prefixes holding Addrs, on first use
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
	endByID  map[string]*End
	cand     []*compiledRule // scratch of Grants
	// scratch of direct
	outBuf, inBuf []Grant
	sites         map[string][]*site // vpcSites
}

// compiledRule is a rule with its peer parsed.
type compiledRule struct {
	group string
	rule  *sgmap.Rule
	svc   sgmap.Service
	cover []netip.Prefix  // CIDR peers and known prefix lists' entries
	one   [1]netip.Prefix // a CIDR peer's cover, without an allocation
	any   bool            // 0.0.0.0/0 or ::/0
}

// groupRules are one group's rules per direction, by kind of peer. A group
// has few rules (60 per direction is the default quota), so a scan by peer
// beats hashing.
type groupRules struct {
	byGroup [2][]*compiledRule // sg-… peers
	byPL    [2][]*compiledRule // pl-… peers
	cidr    [2][]*compiledRule // CIDR and known prefix-list rules
}

// New returns an engine over x.
func New(x *sgmap.Index) *Engine {
	return &Engine{x: x, compiled: map[string]*groupRules{}}
}

// Index is the index the engine reads.
func (e *Engine) Index() *sgmap.Index { return e.x }

func dirIndex(d sgmap.Direction) int {
	if d == sgmap.Egress {
		return 1
	}
	return 0
}

// rulesOf compiles group id's rules once: one allocation for the rules,
// maps only for the peers the group names.
func (e *Engine) rulesOf(id string) *groupRules {
	if gr, ok := e.compiled[id]; ok {
		return gr
	}
	gr := &groupRules{}
	e.compiled[id] = gr
	sg := e.x.Groups[id]
	if sg == nil {
		return gr
	}
	cs := make([]compiledRule, len(sg.Rules))
	for i := range sg.Rules {
		r, c := &sg.Rules[i], &cs[i]
		d := dirIndex(r.Direction)
		*c = compiledRule{group: id, rule: r, svc: r.Service()}
		switch r.Peer.Kind {
		case sgmap.PeerGroup:
			// Semantics §14-15: a stale reference, or one through a
			// peering connection that is not active, admits nothing.
			if r.Peer.Stale || (r.Peer.PeeringStatus != "" && r.Peer.PeeringStatus != "active") {
				continue
			}
			gr.byGroup[d] = append(gr.byGroup[d], c)
		case sgmap.PeerPrefixList:
			gr.byPL[d] = append(gr.byPL[d], c)
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
			if p, ok := parsePrefix(r.Peer.Value); ok {
				c.one[0] = p
				c.cover = c.one[:]
				gr.cidr[d] = append(gr.cidr[d], c)
			}
		}
	}
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
// with the rule behind each.
//
// A group rule counts when other is in that group (semantics §7-8). A
// prefix-list rule counts when other is that list. CIDR and known
// prefix-list rules count when, together with the rules that admit at
// least as much, they contain every address of other of one family
// (§9-10, §13); 0.0.0.0/0 and ::/0 also match an end without addresses.
// An unknown prefix list matches only itself: nothing shows what it holds.
func (e *Engine) Grants(ep *End, dir sgmap.Direction, other *End) []Grant {
	return e.GrantsTo(nil, ep, dir, other)
}

// GrantsTo is [Engine.Grants] appending to out, for callers that reuse a
// buffer.
func (e *Engine) GrantsTo(out []Grant, ep *End, dir sgmap.Direction, other *End) []Grant {
	if !ep.Known {
		return append(out, Grant{Service: sgmap.Service{Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1}})
	}
	d := dirIndex(dir)
	cand := e.cand[:0]
	if ep.compiled == nil {
		ep.compiled = make([]*groupRules, len(ep.Rules))
		for i, gid := range ep.Rules {
			ep.compiled[i] = e.rulesOf(gid)
		}
	}
	for _, gr := range ep.compiled {
		for _, c := range gr.byGroup[d] {
			if slices.Contains(other.In, c.rule.Peer.Value) {
				out = append(out, grant(c))
			}
		}
		if other.PrefixList != "" {
			for _, c := range gr.byPL[d] {
				if c.rule.Peer.Value == other.PrefixList {
					out = append(out, grant(c))
				}
			}
		}
		for _, c := range gr.cidr[d] {
			if other.PrefixList != "" && c.rule.Peer.Value == other.PrefixList {
				continue // already matched by name
			}
			switch {
			case c.any && len(other.Addrs) == 0:
				out = append(out, grant(c))
			case coversSpan(c.cover, other.span()):
				out = append(out, grant(c)) // every address of one family inside this rule alone
			case overlapsSpan(c.cover, other.span()) && touches(c.cover, other.Addrs):
				cand = append(cand, c)
			}
		}
	}
	for _, c := range cand {
		if coveredBy(other.Addrs, cand, c) {
			out = append(out, grant(c))
		}
	}
	e.cand = cand[:0]
	return out
}

func grant(c *compiledRule) Grant { return Grant{Service: c.svc, Group: c.group, Rule: c.rule} }

// Passing returns what of svc passes from src to dst: the parts both
// src's egress and dst's ingress allow ([Engine.Passes] without the rules).
func (e *Engine) Passing(src, dst *End, svc sgmap.Service) []sgmap.Service {
	return PassingOf(e.Grants(src, sgmap.Egress, dst), e.Grants(dst, sgmap.Ingress, src), svc)
}

// PassingOf is what of svc both the source's egress grants out and the
// destination's ingress grants in allow.
func PassingOf(out, in []Grant, svc sgmap.Service) []sgmap.Service {
	return PassingTo(nil, out, in, svc)
}

// PassingTo is [PassingOf] appending to dst (a reused buffer); the new
// services are dst[len(dst):] of the result.
func PassingTo(dst []sgmap.Service, out, in []Grant, svc sgmap.Service) []sgmap.Service {
	start := len(dst)
	for _, c := range out {
		part, ok := svc.Intersect(c.Service)
		if !ok {
			continue
		}
		for _, a := range in {
			if x, ok := part.Intersect(a.Service); ok && !slices.Contains(dst[start:], x) {
				dst = append(dst, x)
			}
		}
	}
	return dst
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
