package cloudformation

import (
	"cmp"
	"strings"

	"github.com/sgmap/sgmap"
)

// network adds the VPCs and subnets s defines.
func (r *reader) network(s *stack) {
	for _, rs := range s.resourcesOf(typeVPC) {
		v := sgmap.VPC{ID: s.id(rs.id), AccountID: r.opt.AccountID, Region: r.opt.Region, Tags: s.tags(rs, "Tags")}
		v.Name = v.Tags["Name"]
		if c := s.prop(rs, "CidrBlock"); c.str() != "" && checkCIDR(c.s) {
			v.CIDRs = []string{c.s}
		}
		r.snap.VPCs = append(r.snap.VPCs, v)
	}
	for _, rs := range s.resourcesOf(typeSubnet) {
		sub := sgmap.Subnet{ID: s.id(rs.id), Tags: s.tags(rs, "Tags")}
		sub.Name = sub.Tags["Name"]
		if id, ok := s.symbol(s.prop(rs, "VpcId"), s.where(rs.id, rs.line), "VpcId"); ok {
			sub.VPCID = id
		} else {
			sub.VPCID = s.id("unknown-vpc")
		}
		if c := s.prop(rs, "CidrBlock"); c.str() != "" && checkCIDR(c.s) {
			sub.CIDRs = []string{c.s}
		}
		if az := s.prop(rs, "AvailabilityZone"); az.str() != "" {
			sub.AvailabilityZone = az.s
		}
		r.snap.Subnets = append(r.snap.Subnets, sub)
	}
}

// checkCIDR reports whether c is a CIDR the snapshot accepts.
func checkCIDR(c string) bool {
	return checkRule(sgmap.Rule{Direction: sgmap.Ingress, Protocol: sgmap.AllProtocols,
		Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: c}}) == "" ||
		checkRule(sgmap.Rule{Direction: sgmap.Ingress, Protocol: sgmap.AllProtocols,
			Peer: sgmap.Peer{Kind: sgmap.PeerIPv6, Value: c}}) == ""
}

// fallbackVPC is the VPC of things in s that name none: the VPC most of
// s's groups are in, else the VPC s defines, else a stand-in.
func (s *stack) fallbackVPC(r *reader) string {
	prefix := s.id("")
	count := map[string]int{}
	best := ""
	for id, g := range r.groups {
		if rest, ok := strings.CutPrefix(id, prefix); ok && !strings.Contains(rest, "/") {
			count[g.VPCID]++
			if n := count[g.VPCID]; best == "" || n > count[best] || (n == count[best] && g.VPCID < best) {
				best = g.VPCID
			}
		}
	}
	if best != "" {
		return best
	}
	if vpcs := s.resourcesOf(typeVPC); len(vpcs) > 0 {
		return s.id(vpcs[0].id)
	}
	return s.id("unknown-vpc")
}

// subnetVPC returns the VPC of the first subnet in subnets that the
// snapshot knows, or "".
func (r *reader) subnetVPC(subnets *node) string {
	for _, sn := range subnets.list() {
		for _, x := range r.snap.Subnets {
			if x.ID == sn.s {
				return x.VPCID
			}
		}
	}
	return ""
}

// defaultGroup returns the id of vpc's default group, adding the group
// with AWS's default rules (all traffic from itself, all traffic out).
func (r *reader) defaultGroup(vpc string) string {
	id := vpc + defaultGroupSuffix
	if r.groups[id] == nil {
		r.groups[id] = &sgmap.SecurityGroup{ID: id, Name: "default", VPCID: vpc, AccountID: r.opt.AccountID, Region: r.opt.Region,
			Description: "default VPC security group",
			Rules: []sgmap.Rule{
				{Direction: sgmap.Ingress, Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: id}},
				{Direction: sgmap.Egress, Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}},
			}}
	}
	return id
}

// elbSourceGroup is the group GetAtt ELB.SourceSecurityGroup.GroupName
// names: the classic load balancer's first group; without groups, in a VPC
// (Subnets set) its VPC's default group, and in the default VPC the group
// AWS creates for it.
func (s *stack) elbSourceGroup(rs *resource) string {
	for _, g := range s.prop(rs, "SecurityGroups").list() {
		if g.s != "" {
			return g.s
		}
	}
	if subnets := s.prop(rs, "Subnets"); subnets != nil {
		return cmp.Or(s.r.subnetVPC(subnets), s.fallbackVPC(s.r)) + defaultGroupSuffix
	}
	return s.id(rs.id) + ".SourceSecurityGroup"
}
