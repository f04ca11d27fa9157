package audit

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// checkCIDRMatchesGroup: config #1 of the article, where the game servers
// admit the NLB by its private IPs. Host routes (/32, /128) with the same
// service on one group are gathered; when they include every primary
// private address of one resource (or of every member of one group), that
// set of rules stands in for a group reference. Wider CIDRs are left out:
// they admit addresses that may be assigned later, which is their point.
func checkCIDRMatchesGroup(a *auditor) {
	for _, g := range a.groups() {
		type key struct {
			dir sgmap.Direction
			svc sgmap.Service
		}
		hosts := map[key]map[netip.Addr]sgmap.Rule{}
		var keys []key
		for _, r := range g.Rules {
			if !r.Peer.IsCIDR() {
				continue
			}
			p, err := netip.ParsePrefix(r.Peer.Value)
			if err != nil || !p.IsSingleIP() {
				continue
			}
			k := key{r.Direction, r.Service()}
			if hosts[k] == nil {
				hosts[k] = map[netip.Addr]sgmap.Rule{}
				keys = append(keys, k)
			}
			hosts[k][p.Addr()] = r
		}
		for _, k := range keys {
			a.matchHosts(g, hosts[k])
		}
	}
}

// matchHosts reports the resources and groups whose addresses are all in h.
func (a *auditor) matchHosts(g *sgmap.SecurityGroup, h map[netip.Addr]sgmap.Rule) {
	owners := map[string]bool{}
	groups := map[string]bool{}
	for ad := range h {
		e := a.x.ByIP(g.VPCID, ad)
		if e == nil {
			continue
		}
		if e.OwnerID != "" {
			owners[e.OwnerID] = true
		}
		for _, id := range e.GroupIDs {
			groups[id] = true
		}
	}
	// Groups first, largest first: a group that encloses every matched
	// address is the reference to suggest; groups inside it add nothing.
	type match struct {
		id    string
		enis  []*sgmap.NetworkInterface
		rules []sgmap.Rule
	}
	var ms []match
	for _, id := range sortedKeys(groups) {
		if a.x.Groups[id] == nil {
			continue
		}
		if rules, ok := a.hostRules(a.members(id), h); ok {
			ms = append(ms, match{id, a.members(id), rules})
		}
	}
	slices.SortStableFunc(ms, func(x, y match) int { return len(y.enis) - len(x.enis) })
	covered := map[string]bool{}
	for _, m := range ms {
		if !slices.ContainsFunc(m.enis, func(e *sgmap.NetworkInterface) bool { return !covered[e.ID] }) {
			continue
		}
		for _, e := range m.enis {
			covered[e.ID] = true
		}
		pg := a.x.Groups[m.id]
		what := fmt.Sprintf("its members (%s)", a.memberNames(m.id, 4))
		if o := a.soleOwner(m.enis); o != nil {
			what = kindWords(o) + " " + clip(o.DisplayName(), 80)
		}
		a.add(a.cidrFinding(g, m.rules, func(cidrs string) string {
			return fmt.Sprintf("reference group %s instead of %s: these are the private addresses of %s", groupLabel(pg), cidrs, what)
		}))
	}
	for _, id := range sortedKeys(owners) {
		enis := a.x.OwnerInterfaces[id]
		if !slices.ContainsFunc(enis, func(e *sgmap.NetworkInterface) bool { return !covered[e.ID] }) {
			continue
		}
		if rules, ok := a.hostRules(enis, h); ok {
			a.add(a.cidrFinding(g, rules, a.ownerAdvice(a.x.Owners[id], enis)))
		}
	}
}

// soleOwner returns the owner of enis when they are exactly its ENIs.
func (a *auditor) soleOwner(enis []*sgmap.NetworkInterface) *sgmap.Owner {
	o := a.x.Owners[enis[0].OwnerID]
	if o == nil || len(a.x.OwnerInterfaces[o.ID]) != len(enis) {
		return nil
	}
	for i, e := range a.x.OwnerInterfaces[o.ID] {
		if enis[i].ID != e.ID {
			return nil
		}
	}
	return o
}

// hostRules returns the rules of h whose addresses belong to enis, and
// whether every ENI is covered: its primary private IPv4 address, or one of
// its IPv6 addresses, is in h.
func (a *auditor) hostRules(enis []*sgmap.NetworkInterface, h map[netip.Addr]sgmap.Rule) ([]sgmap.Rule, bool) {
	if len(enis) == 0 {
		return nil, false
	}
	var rules []sgmap.Rule
	for _, e := range enis {
		covered := false
		for i, ip := range append(slices.Clip(e.PrivateIPs), e.IPv6Addresses...) {
			ad, err := netip.ParseAddr(ip)
			if err != nil {
				continue
			}
			if r, ok := h[ad]; ok {
				rules = append(rules, r)
				covered = covered || i == 0 || ad.Is6()
			}
		}
		if !covered {
			return nil, false
		}
	}
	slices.SortFunc(rules, sgmap.CompareRules)
	return slices.CompactFunc(rules, func(x, y sgmap.Rule) bool { return x.Key() == y.Key() }), len(rules) > 0
}

// ownerAdvice says what to reference instead of o's addresses, given the
// list of CIDRs.
func (a *auditor) ownerAdvice(o *sgmap.Owner, enis []*sgmap.NetworkInterface) func(cidrs string) string {
	what := fmt.Sprintf("%s %s", kindWords(o), clip(o.DisplayName(), 80))
	ids := make([]string, len(enis))
	for i, e := range enis {
		ids[i] = e.ID
	}
	for _, gid := range a.x.OwnerGroups(o.ID) {
		ms := a.members(gid)
		same := len(ms) == len(ids)
		for i := 0; same && i < len(ms); i++ {
			same = ms[i].ID == ids[i]
		}
		if pg := a.x.Groups[gid]; pg != nil && same {
			return func(c string) string {
				return fmt.Sprintf("reference group %s instead of %s: these are the private addresses of %s", groupLabel(pg), c, what)
			}
		}
	}
	if len(a.x.OwnerGroups(o.ID)) > 0 {
		return func(c string) string {
			return fmt.Sprintf("put %s in a group of its own, named for what it is, and reference that group instead of %s (its private addresses)", what, c)
		}
	}
	if o.LoadBalancer != nil && o.LoadBalancer.Type == "network" {
		return func(c string) string {
			return fmt.Sprintf("%s are the private addresses of %s, which has no security group: "+
				"a Network Load Balancer can have security groups since August 2023, but only when it is created with one, "+
				"so recreate it with a group (e.g. `lb-%s`) and reference that group instead", c, what, clip(o.DisplayName(), 60))
		}
	}
	return func(c string) string {
		return fmt.Sprintf("put %s in a group named for what it is and reference that group instead of %s (its private addresses)", what, c)
	}
}

func kindWords(o *sgmap.Owner) string {
	switch o.Kind {
	case sgmap.OwnerLoadBalancer:
		if o.LoadBalancer != nil && o.LoadBalancer.Type != "" {
			return o.LoadBalancer.Type + " load balancer"
		}
		return "load balancer"
	case sgmap.OwnerECSTask:
		return "ECS task"
	case sgmap.OwnerLambda:
		return "Lambda function"
	case sgmap.OwnerRDS:
		return "RDS instance"
	case sgmap.OwnerVPCEndpoint:
		return "VPC endpoint"
	case sgmap.OwnerNATGateway:
		return "NAT gateway"
	}
	return string(o.Kind)
}

func (a *auditor) cidrFinding(g *sgmap.SecurityGroup, rules []sgmap.Rule, advice func(cidrs string) string) Finding {
	cidrs := make([]string, len(rules))
	var related []string
	for i, r := range rules {
		cidrs[i] = r.Peer.Value
		if i > 0 {
			related = append(related, RuleID(g.ID, r))
		}
	}
	r := rules[0]
	f := a.ruleFinding(g, r, IDCIDRMatchesGroup, fmt.Sprintf("%s %s on %s: ", r.Direction, r.Service().Label(), groupLabel(g))+
		advice(strings.Join(cidrs, ", ")))
	f.Related = related
	return f
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
