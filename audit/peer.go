package audit

import (
	"fmt"
	"net/netip"

	"github.com/sgmap/sgmap"
)

// peerName resolves a rule's peer to what a reader calls it: a group's
// name, "Internet", the VPC, subnet, peered VPC or resource a CIDR is, a
// prefix list's name, or account/sg-… for another account's group.
func (a *auditor) peerName(g *sgmap.SecurityGroup, p sgmap.Peer) string {
	switch p.Kind {
	case sgmap.PeerGroup:
		if pg := a.x.Groups[p.Value]; pg != nil {
			if pg.ID == g.ID {
				return pg.DisplayName() + " (itself)"
			}
			return pg.DisplayName()
		}
		if p.AccountID != "" && p.AccountID != a.account(g) {
			return p.String()
		}
		return p.String() + " (not in snapshot)"
	case sgmap.PeerPrefixList:
		if pl := a.x.PrefixLists[p.Value]; pl != nil && pl.Name != "" {
			return pl.Name
		}
		return p.Value
	}
	if p.IsInternet() {
		return "Internet"
	}
	pfx, err := netip.ParsePrefix(p.Value)
	if err != nil {
		return p.Value
	}
	pfx = pfx.Masked()
	if v := a.x.VPCs[g.VPCID]; v != nil {
		for _, c := range parsePrefixes(v.CIDRs) {
			if c == pfx {
				return "VPC " + nameOr(v.Name, v.ID)
			}
		}
	}
	for _, s := range a.s.Subnets {
		if s.VPCID != g.VPCID {
			continue
		}
		for _, c := range parsePrefixes(s.CIDRs) {
			if c == pfx {
				return "subnet " + nameOr(s.Name, s.ID)
			}
		}
	}
	if pfx.IsSingleIP() {
		if e := a.byIP[vpcAddr{g.VPCID, pfx.Addr()}]; e != nil {
			return fmt.Sprintf("%s (%s)", a.eniName(e), pfx.Addr())
		}
	}
	for _, pc := range a.s.Peerings {
		for _, side := range []sgmap.PeeringSide{pc.Requester, pc.Accepter} {
			if side.VPCID == g.VPCID {
				continue
			}
			for _, c := range parsePrefixes(side.CIDRs) {
				if c == pfx {
					return "peered VPC " + side.VPCID
				}
			}
		}
	}
	return p.Value
}

func nameOr(name, id string) string {
	if name != "" {
		return fmt.Sprintf("%s (%s)", clip(name, 80), id)
	}
	return id
}

// vpcLabel is "VPC name (vpc-…)" or the VPC's ID.
func (a *auditor) vpcLabel(id string) string {
	if v := a.x.VPCs[id]; v != nil {
		return "VPC " + nameOr(v.Name, v.ID)
	}
	return id
}
