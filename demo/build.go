package demo

import (
	"fmt"
	"time"

	"github.com/sgmap/sgmap"
)

// builder assembles hand-written demo snapshots tersely.
type builder struct {
	s        *sgmap.Snapshot
	account  string
	region   string
	vpc      string
	nextRule int
}

func newBuilder(account, region, vpc, vpcName, cidr string, taken time.Time) *builder {
	s := &sgmap.Snapshot{
		SchemaVersion: sgmap.SchemaVersion,
		TakenAt:       taken,
		Accounts:      []string{account},
		Regions:       []string{region},
		VPCs: []sgmap.VPC{{ID: vpc, AccountID: account, Region: region, Name: vpcName,
			CIDRs: []string{cidr}, Tags: map[string]string{"Name": vpcName}}},
	}
	return &builder{s: s, account: account, region: region, vpc: vpc}
}

func (b *builder) subnet(id, name, az, cidr string) {
	b.s.Subnets = append(b.s.Subnets, sgmap.Subnet{ID: id, VPCID: b.vpc, Name: name,
		AvailabilityZone: az, CIDRs: []string{cidr}, Tags: map[string]string{"Name": name}})
}

func (b *builder) group(id, name, desc string) *sgmap.SecurityGroup {
	b.s.Groups = append(b.s.Groups, sgmap.SecurityGroup{ID: id, Name: name, Description: desc,
		VPCID: b.vpc, AccountID: b.account, Region: b.region})
	return &b.s.Groups[len(b.s.Groups)-1]
}

// rule appends a rule to the group with the given ID; peer is a CIDR or sg-….
func (b *builder) rule(groupID string, dir sgmap.Direction, proto string, from, to int32, peer, desc string) {
	b.nextRule++
	r := sgmap.Rule{ID: fmt.Sprintf("sgr-0%s%04d", b.vpc[len(b.vpc)-12:], b.nextRule), Direction: dir,
		Protocol: proto, FromPort: from, ToPort: to, Description: desc, Peer: peerOf(peer)}
	for i := range b.s.Groups {
		if b.s.Groups[i].ID == groupID {
			b.s.Groups[i].Rules = append(b.s.Groups[i].Rules, r)
			return
		}
	}
	panic("demo: no group " + groupID)
}

func peerOf(v string) sgmap.Peer {
	switch {
	case len(v) > 3 && v[:3] == "sg-":
		return sgmap.Peer{Kind: sgmap.PeerGroup, Value: v}
	case len(v) > 3 && v[:3] == "pl-":
		return sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: v}
	}
	for _, c := range v {
		if c == ':' {
			return sgmap.Peer{Kind: sgmap.PeerIPv6, Value: v}
		}
	}
	return sgmap.Peer{Kind: sgmap.PeerIPv4, Value: v}
}

// eni appends an ENI owned by owner in subnet with one private IP.
func (b *builder) eni(id, owner, subnet, ip, desc, ifType, requester string, groups ...string) {
	b.s.Interfaces = append(b.s.Interfaces, sgmap.NetworkInterface{ID: id, AccountID: b.account,
		Region: b.region, VPCID: b.vpc, SubnetID: subnet, Description: desc, InterfaceType: ifType,
		RequesterID: requester, RequesterManaged: requester != "", Status: "in-use",
		PrivateIPs: []string{ip}, GroupIDs: groups, OwnerID: owner})
}

func (b *builder) owner(o sgmap.Owner) {
	o.AccountID, o.Region, o.VPCID = b.account, b.region, b.vpc
	b.s.Owners = append(b.s.Owners, o)
}
