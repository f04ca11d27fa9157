package graph

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

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
		if e := b.x.ByIP(b.vpc, pfx.Addr()); e != nil {
			if id, ok := b.eniNode[e.ID]; ok {
				return id
			}
		}
	}
	id := "cidr:" + cidr
	n, ok := b.nodes[id]
	if !ok {
		n = &Node{ID: id, Kind: KindCIDR, Name: cidr, Count: 1, Groups: []string{}, Addresses: []string{cidr}}
		if name := reach.NameCIDR(b.x, b.vpc, cidr); name != "" {
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

// endpointOf returns the flow engine's view of graph element id (a group
// or a node).
func (b *builder) endpointOf(id string) *reach.End {
	if _, ok := b.groups[id]; ok {
		return b.eng.Group(id)
	}
	n := b.nodes[id]
	if n == nil {
		return b.eng.UnknownGroup(id, id)
	}
	switch n.Kind {
	case KindInternet:
		return b.eng.Internet()
	case KindCIDR:
		return b.eng.CIDR(id, n.Addresses...)
	case KindPrefixList:
		return b.eng.PrefixList(id[len("pl:"):])
	case KindExternalGroup:
		sgID := id[len("ext:"):]
		if i := lastSlash(sgID); i >= 0 {
			sgID = sgID[i+1:]
		}
		if b.x.Groups[sgID] != nil {
			return b.eng.Group(sgID)
		}
		return b.eng.UnknownGroup(id, sgID)
	case KindUnknownGroup:
		return b.eng.UnknownGroup(id, id[len("unknown:"):])
	}
	if len(n.Interfaces) == 0 {
		return b.eng.Owner(cmp.Or(append(slices.Clone(n.Owners), n.ID)...))
	}
	enis := make([]*sgmap.NetworkInterface, 0, len(n.Interfaces))
	for _, eid := range n.Interfaces {
		if e := b.x.Interfaces[eid]; e != nil {
			enis = append(enis, e)
		}
	}
	return b.eng.Interfaces(id, enis)
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}
