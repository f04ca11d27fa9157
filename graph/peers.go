package graph

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/sgmap/sgmap"
)

// endpoint is one end of a flow as far as rule matching is concerned: the
// groups it is in, its addresses, and the rules that govern it.
type endpoint struct {
	id     string
	groups []string       // group IDs a group-referencing rule matches it by
	addrs  []netip.Prefix // addresses a CIDR or prefix-list rule must cover
	rules  [][]sgmap.Rule // the rules of each of its groups (their union applies)
	// known is false when sgmap knows none of the endpoint's rules (a peer
	// outside the VPC's groups, an owner without groups, a missing group):
	// such an endpoint counts as allowing every flow.
	known    bool
	internet bool
	pl       string
}

// peerEndpoint resolves the peer of rule r, which belongs to group owner,
// to the node or group it stands for in the diagram, creating peer nodes
// as needed. It returns the graph ID of that end.
func (b *builder) peerEndpoint(owner string, r sgmap.Rule) string {
	p := r.Peer
	switch p.Kind {
	case sgmap.PeerGroup:
		return b.groupPeer(owner, p)
	case sgmap.PeerPrefixList:
		return b.prefixListNode(p.Value)
	}
	if p.IsInternet() {
		return b.internetNode(p.Value)
	}
	return b.cidrPeer(p.Value, r.Description)
}

// groupPeer resolves a group reference: a group drawn here, a group in
// another VPC or account, or a dangling reference.
func (b *builder) groupPeer(owner string, p sgmap.Peer) string {
	if p.Value == owner {
		return owner
	}
	sg := b.x.Groups[p.Value]
	if !p.Stale {
		if _, drawn := b.groups[p.Value]; drawn {
			return p.Value
		}
	}
	if p.Stale || (sg == nil && p.AccountID == "" && p.VPCID == "" && p.PeeringID == "") ||
		(sg == nil && p.AccountID == b.account() && p.VPCID == "" && p.PeeringID == "") {
		id := "unknown:" + p.Value
		if _, ok := b.nodes[id]; !ok {
			detail := "group not in snapshot"
			if p.Stale {
				detail = "stale reference"
			}
			b.nodes[id] = &Node{ID: id, Kind: KindUnknownGroup, Name: p.String(), Count: 1,
				Groups: []string{}, Detail: detail}
		}
		return id
	}
	account := p.AccountID
	if account == "" && sg != nil {
		account = sg.AccountID
	}
	id := "ext:" + p.Value
	if account != "" {
		id = "ext:" + account + "/" + p.Value
	}
	if _, ok := b.nodes[id]; !ok {
		n := &Node{ID: id, Kind: KindExternalGroup, Name: id[len("ext:"):], Count: 1, Groups: []string{}}
		var detail []string
		if sg != nil && sg.Name != "" {
			n.Name = sg.Name
			detail = append(detail, id[len("ext:"):])
		}
		if vpc := cmp.Or(p.VPCID, groupVPC(sg)); vpc != "" {
			detail = append(detail, vpc)
		}
		if p.PeeringID != "" {
			detail = append(detail, "via "+p.PeeringID)
		}
		n.Detail = joinDot(detail)
		b.nodes[id] = n
	}
	return id
}

func groupVPC(sg *sgmap.SecurityGroup) string {
	if sg == nil {
		return ""
	}
	return sg.VPCID
}

// account is the account of the diagram's VPC, or the snapshot's only one.
func (b *builder) account() string {
	if v := b.x.VPCs[b.vpc]; v != nil && v.AccountID != "" {
		return v.AccountID
	}
	if len(b.s.Accounts) == 1 {
		return b.s.Accounts[0]
	}
	return ""
}

func (b *builder) internetNode(cidr string) string {
	n := b.nodes[KindInternet]
	if n == nil {
		n = &Node{ID: KindInternet, Kind: KindInternet, Name: "Internet", Count: 1, Groups: []string{}}
		b.nodes[n.ID] = n
	}
	if !slices.Contains(n.Addresses, cidr) {
		n.Addresses = append(n.Addresses, cidr)
		slices.Sort(n.Addresses)
		n.Detail = joinComma(n.Addresses)
	}
	return n.ID
}

func (b *builder) prefixListNode(id string) string {
	nid := "pl:" + id
	if _, ok := b.nodes[nid]; ok {
		return nid
	}
	n := &Node{ID: nid, Kind: KindPrefixList, Name: id, Count: 1, Groups: []string{}}
	if pl := b.x.PrefixLists[id]; pl != nil {
		for _, e := range pl.Entries {
			n.Addresses = append(n.Addresses, e.CIDR)
		}
		if pl.Name != "" {
			n.Name, n.Detail = pl.Name, id
		}
	}
	b.nodes[nid] = n
	return nid
}

// cidrPeer resolves a CIDR: the private address of a node drawn here, the
// VPC, one of its subnets, a peered or known VPC, or else a CIDR node
// labelled with the rule's description.
func (b *builder) cidrPeer(cidr, desc string) string {
	pfx, err := netip.ParsePrefix(cidr)
	if err == nil && pfx.IsSingleIP() {
		if e := b.x.ByIP[pfx.Addr()]; e != nil && e.VPCID == b.vpc {
			if id, ok := b.eniNode[e.ID]; ok {
				return id
			}
		}
	}
	id := "cidr:" + cidr
	n, ok := b.nodes[id]
	if !ok {
		n = &Node{ID: id, Kind: KindCIDR, Name: cidr, Count: 1, Groups: []string{}, Addresses: []string{cidr}}
		if name := b.nameCIDR(cidr); name != "" {
			n.Name, n.Detail = name, cidr
		}
		b.nodes[id] = n
	}
	if n.Name == cidr && desc != "" && !slices.Contains(b.cidrDescs[id], desc) {
		// An unnamed CIDR is labelled with what its rules say it is.
		b.cidrDescs[id] = append(b.cidrDescs[id], desc)
		ds := b.cidrDescs[id]
		slices.Sort(ds)
		n.Detail = ds[0]
		if len(ds) > 1 {
			n.Detail += fmt.Sprintf(" (+%d more)", len(ds)-1)
		}
	}
	return id
}

// nameCIDR says what a CIDR is when it is exactly a known block.
func (b *builder) nameCIDR(cidr string) string {
	for _, v := range b.s.VPCs {
		if slices.Contains(v.CIDRs, cidr) {
			if v.ID == b.vpc {
				return "VPC " + cmp.Or(v.Name, v.ID)
			}
			if b.peered(v.ID) {
				return "peered VPC " + cmp.Or(v.Name, v.ID)
			}
			return "VPC " + cmp.Or(v.Name, v.ID)
		}
	}
	for _, sn := range b.s.Subnets {
		if sn.VPCID == b.vpc && slices.Contains(sn.CIDRs, cidr) {
			return "subnet " + cmp.Or(sn.Name, sn.ID)
		}
	}
	for _, pc := range b.s.Peerings {
		for _, side := range [][2]sgmap.PeeringSide{{pc.Requester, pc.Accepter}, {pc.Accepter, pc.Requester}} {
			if side[0].VPCID == b.vpc && slices.Contains(side[1].CIDRs, cidr) {
				name := side[1].VPCID
				if v := b.x.VPCs[name]; v != nil && v.Name != "" {
					name = v.Name
				}
				return "peered VPC " + name
			}
		}
	}
	return ""
}

func (b *builder) peered(vpc string) bool {
	for _, pc := range b.s.Peerings {
		if (pc.Requester.VPCID == b.vpc && pc.Accepter.VPCID == vpc) ||
			(pc.Accepter.VPCID == b.vpc && pc.Requester.VPCID == vpc) {
			return true
		}
	}
	return false
}

// endpointOf returns the rule-matching view of graph element id (a group or
// a node), computing it once.
func (b *builder) endpointOf(id string) *endpoint {
	if ep := b.endpoints[id]; ep != nil {
		return ep
	}
	ep := &endpoint{id: id}
	if g := b.groups[id]; g != nil {
		ep.groups = []string{id}
		for _, e := range b.x.Members[id] {
			ep.addrs = appendAddrs(ep.addrs, eniAddrs(e))
		}
		if sg := b.x.Groups[id]; sg != nil {
			ep.rules, ep.known = [][]sgmap.Rule{sg.Rules}, true
		}
	} else if n := b.nodes[id]; n != nil {
		switch n.Kind {
		case KindInternet:
			ep.internet = true
			ep.addrs = appendAddrs(nil, []string{"0.0.0.0/0", "::/0"})
		case KindCIDR:
			ep.addrs = appendAddrs(nil, n.Addresses)
		case KindPrefixList:
			ep.pl = id[len("pl:"):]
			ep.addrs = appendAddrs(nil, n.Addresses)
		case KindExternalGroup, KindUnknownGroup:
			sgID := id[len("unknown:"):]
			if n.Kind == KindExternalGroup {
				sgID = id[len("ext:"):]
				if i := lastSlash(sgID); i >= 0 {
					sgID = sgID[i+1:]
				}
			}
			ep.groups = []string{sgID}
			if sg := b.x.Groups[sgID]; sg != nil && n.Kind == KindExternalGroup {
				ep.rules, ep.known = [][]sgmap.Rule{sg.Rules}, true
				for _, e := range b.x.Members[sgID] {
					ep.addrs = appendAddrs(ep.addrs, eniAddrs(e))
				}
			}
		default:
			ep.groups = n.Groups
			ep.addrs = appendAddrs(nil, n.Addresses)
			ep.known = len(n.Groups) > 0
			for _, gid := range n.Groups {
				sg := b.x.Groups[gid]
				if sg == nil {
					ep.known = false
					break
				}
				ep.rules = append(ep.rules, sg.Rules)
			}
		}
	}
	b.endpoints[id] = ep
	return ep
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// appendAddrs parses addresses and CIDRs into prefixes, skipping junk.
func appendAddrs(out []netip.Prefix, in []string) []netip.Prefix {
	for _, s := range in {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	return out
}

// admits returns the parts of svc that ep's dir rules allow between it and
// other: a rule broader than svc (All traffic, All TCP) admits svc, a
// narrower one only its part. An end whose rules are unknown admits all of
// svc. A group rule counts when other is in that group; CIDR and
// prefix-list rules count for a part when, together, those covering the
// part contain every address of other (for IPv4 or for IPv6).
func admits(ep *endpoint, dir sgmap.Direction, svc sgmap.Service, other *endpoint, pls map[string]*sgmap.PrefixList) []sgmap.Service {
	if !ep.known {
		return []sgmap.Service{svc}
	}
	var out []sgmap.Service
	type cidrRule struct {
		svc   sgmap.Service
		cover []netip.Prefix
	}
	var cidr []cidrRule
	for _, set := range ep.rules {
		for _, r := range set {
			if r.Direction != dir {
				continue
			}
			part, ok := svc.Intersect(r.Service())
			if !ok {
				continue
			}
			var cover []netip.Prefix
			if matchesPeer(r.Peer, other, pls, &cover) {
				out = append(out, part)
			} else if len(cover) > 0 {
				cidr = append(cidr, cidrRule{svc: r.Service(), cover: cover})
			}
		}
	}
	for _, c := range cidr {
		part, _ := svc.Intersect(c.svc)
		var cover []netip.Prefix
		for _, d := range cidr {
			if d.svc.Covers(part) {
				cover = append(cover, d.cover...)
			}
		}
		if coveredFamily(other.addrs, cover) {
			out = append(out, part)
		}
	}
	return out
}

// matchesPeer reports whether peer p names other outright; CIDR and
// prefix-list peers that might cover other's addresses go into cover.
func matchesPeer(p sgmap.Peer, other *endpoint, pls map[string]*sgmap.PrefixList, cover *[]netip.Prefix) bool {
	switch p.Kind {
	case sgmap.PeerGroup:
		return slices.Contains(other.groups, p.Value)
	case sgmap.PeerPrefixList:
		if other.pl == p.Value {
			return true
		}
		if pl := pls[p.Value]; pl != nil {
			for _, e := range pl.Entries {
				*cover = appendAddrs(*cover, []string{e.CIDR})
			}
		}
	default:
		// 0.0.0.0/0 and ::/0 match anything, even an end whose
		// addresses are unknown (an empty group).
		if p.IsInternet() && (other.internet || len(other.addrs) == 0) {
			return true
		}
		*cover = appendAddrs(*cover, []string{p.Value})
	}
	return false
}

// coveredFamily reports whether, for IPv4 or IPv6, other has addresses and
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
