package audit

import (
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
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
	if name := reach.NameCIDR(a.x, g.VPCID, p.Value); name != "" {
		if strings.HasSuffix(name, ")") {
			return name // "web-1 (10.0.1.10)" names its address already
		}
		return name + " (" + p.Value + ")"
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
