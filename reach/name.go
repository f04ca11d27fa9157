package reach

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/sgmap/sgmap"
)

// NameCIDR says what cidr is, seen from VPC vpc, when it is exactly a known
// block or address: "VPC <name>", "subnet <name>", "peered VPC <name>", or
// "<owner> (<ip>)" for the private address of an ENI in vpc. It returns ""
// for any other CIDR. The diagram's CIDR nodes and the audit's messages
// both use it.
func NameCIDR(x *sgmap.Index, vpc, cidr string) string {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil {
		return ""
	}
	pfx = pfx.Masked()
	same := func(cidrs []string) bool {
		return slices.ContainsFunc(cidrs, func(c string) bool {
			p, err := netip.ParsePrefix(c)
			return err == nil && p.Masked() == pfx
		})
	}
	s := x.Snapshot
	for _, v := range s.VPCs {
		if same(v.CIDRs) {
			if v.ID != vpc && peered(s, vpc, v.ID) {
				return "peered VPC " + cmp.Or(v.Name, v.ID)
			}
			return "VPC " + cmp.Or(v.Name, v.ID)
		}
	}
	for _, sn := range s.Subnets {
		if sn.VPCID == vpc && same(sn.CIDRs) {
			return "subnet " + cmp.Or(sn.Name, sn.ID)
		}
	}
	for _, pc := range s.Peerings {
		for _, side := range [][2]sgmap.PeeringSide{{pc.Requester, pc.Accepter}, {pc.Accepter, pc.Requester}} {
			if side[0].VPCID == vpc && same(side[1].CIDRs) {
				name := side[1].VPCID
				if v := x.VPCs[name]; v != nil && v.Name != "" {
					name = v.Name
				}
				return "peered VPC " + name
			}
		}
	}
	if pfx.IsSingleIP() {
		if e := x.ByIP(vpc, pfx.Addr()); e != nil {
			name := e.ID
			if o := x.Owners[e.OwnerID]; o != nil {
				name = o.DisplayName()
			}
			return name + " (" + pfx.Addr().String() + ")"
		}
	}
	return ""
}

// peered reports whether a peering connection joins VPCs a and b.
func peered(s *sgmap.Snapshot, a, b string) bool {
	for _, pc := range s.Peerings {
		if (pc.Requester.VPCID == a && pc.Accepter.VPCID == b) || (pc.Accepter.VPCID == a && pc.Requester.VPCID == b) {
			return true
		}
	}
	return false
}
