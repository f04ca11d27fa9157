package awsconv

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/sgmap/sgmap"
)

// vpcFromEC2 converts a VPC; account is used when the VPC has no OwnerId.
func vpcFromEC2(v ec2types.Vpc, account, region string) sgmap.VPC {
	out := sgmap.VPC{
		ID:        aws.ToString(v.VpcId),
		AccountID: or(aws.ToString(v.OwnerId), account),
		Region:    region,
		IsDefault: aws.ToBool(v.IsDefault),
		Tags:      tagsFromEC2(v.Tags),
	}
	out.Name = out.Tags["Name"]
	out.CIDRs = appendUnique(out.CIDRs, aws.ToString(v.CidrBlock))
	for _, a := range v.CidrBlockAssociationSet {
		if a.CidrBlockState == nil || a.CidrBlockState.State == "" || a.CidrBlockState.State == ec2types.VpcCidrBlockStateCodeAssociated {
			out.CIDRs = appendUnique(out.CIDRs, aws.ToString(a.CidrBlock))
		}
	}
	for _, a := range v.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState == nil || a.Ipv6CidrBlockState.State == "" || a.Ipv6CidrBlockState.State == ec2types.VpcCidrBlockStateCodeAssociated {
			out.CIDRs = appendUnique(out.CIDRs, aws.ToString(a.Ipv6CidrBlock))
		}
	}
	return out
}

// subnetFromEC2 converts a subnet.
func subnetFromEC2(s ec2types.Subnet) sgmap.Subnet {
	out := sgmap.Subnet{
		ID:               aws.ToString(s.SubnetId),
		VPCID:            aws.ToString(s.VpcId),
		AvailabilityZone: aws.ToString(s.AvailabilityZone),
		Tags:             tagsFromEC2(s.Tags),
	}
	out.Name = out.Tags["Name"]
	out.CIDRs = appendUnique(out.CIDRs, aws.ToString(s.CidrBlock))
	for _, a := range s.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState == nil || a.Ipv6CidrBlockState.State == "" || a.Ipv6CidrBlockState.State == ec2types.SubnetCidrBlockStateCodeAssociated {
			out.CIDRs = appendUnique(out.CIDRs, aws.ToString(a.Ipv6CidrBlock))
		}
	}
	return out
}

// securityGroupFromEC2 converts a group, exploding its IpPermissions and
// IpPermissionsEgress into one rule per peer. Convert replaces these rules
// with [ruleFromEC2] rules when DescribeSecurityGroupRules was fetched,
// because only those carry rule IDs.
func securityGroupFromEC2(g ec2types.SecurityGroup, account, region string) sgmap.SecurityGroup {
	out := sgmap.SecurityGroup{
		ID:          aws.ToString(g.GroupId),
		Name:        aws.ToString(g.GroupName),
		Description: aws.ToString(g.Description),
		VPCID:       aws.ToString(g.VpcId),
		AccountID:   or(aws.ToString(g.OwnerId), account),
		Region:      region,
		Tags:        tagsFromEC2(g.Tags),
	}
	classic := out.VPCID == "" && out.ID != ""
	if classic {
		out.VPCID = sgmap.ClassicVPC // an EC2-Classic group: no VPC to be in
	}
	for _, p := range g.IpPermissions {
		out.Rules = append(out.Rules, rulesFromPermission(p, sgmap.Ingress, out.AccountID, out.VPCID)...)
	}
	for _, p := range g.IpPermissionsEgress {
		out.Rules = append(out.Rules, rulesFromPermission(p, sgmap.Egress, out.AccountID, out.VPCID)...)
	}
	if classic && len(g.IpPermissionsEgress) == 0 {
		// EC2-Classic groups had no egress rules: all outbound traffic was
		// allowed. Say so as the rule it amounts to, so that the audit and
		// the diagram do not take their ingress rules for one-sided.
		out.Rules = append(out.Rules, sgmap.Rule{Direction: sgmap.Egress, Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1,
			Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "EC2-Classic: all outbound traffic is allowed (implicit)"})
	}
	if out.Rules == nil {
		out.Rules = []sgmap.Rule{}
	}
	return out
}

// rulesFromPermission explodes one IpPermission (one protocol and port
// range, many peers) into one rule per peer. Missing ports mean -1 (all),
// which [sgmap.Snapshot.Normalize] turns into 0-65535 for tcp and udp.
func rulesFromPermission(p ec2types.IpPermission, dir sgmap.Direction, groupAccount, groupVPC string) []sgmap.Rule {
	base := sgmap.Rule{
		Direction: dir,
		Protocol:  aws.ToString(p.IpProtocol),
		FromPort:  int32Or(p.FromPort, -1),
		ToPort:    int32Or(p.ToPort, -1),
	}
	var out []sgmap.Rule
	add := func(peer sgmap.Peer, desc *string) {
		r := base
		r.Peer, r.Description = peer, aws.ToString(desc)
		out = append(out, r)
	}
	for _, x := range p.IpRanges {
		add(sgmap.Peer{Kind: sgmap.PeerIPv4, Value: aws.ToString(x.CidrIp)}, x.Description)
	}
	for _, x := range p.Ipv6Ranges {
		add(sgmap.Peer{Kind: sgmap.PeerIPv6, Value: aws.ToString(x.CidrIpv6)}, x.Description)
	}
	for _, x := range p.PrefixListIds {
		add(sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: aws.ToString(x.PrefixListId)}, x.Description)
	}
	for _, x := range p.UserIdGroupPairs {
		add(groupPeer(aws.ToString(x.GroupId), aws.ToString(x.UserId), aws.ToString(x.VpcId),
			aws.ToString(x.VpcPeeringConnectionId), aws.ToString(x.PeeringStatus), groupAccount, groupVPC), x.Description)
	}
	return out
}

// ruleFromEC2 converts one row of DescribeSecurityGroupRules.
func ruleFromEC2(r ec2types.SecurityGroupRule, groupAccount, groupVPC string) sgmap.Rule {
	out := sgmap.Rule{
		ID:          aws.ToString(r.SecurityGroupRuleId),
		Direction:   sgmap.Ingress,
		Protocol:    aws.ToString(r.IpProtocol),
		FromPort:    int32Or(r.FromPort, -1),
		ToPort:      int32Or(r.ToPort, -1),
		Description: aws.ToString(r.Description),
	}
	if aws.ToBool(r.IsEgress) {
		out.Direction = sgmap.Egress
	}
	groupAccount = or(aws.ToString(r.GroupOwnerId), groupAccount)
	switch {
	case r.CidrIpv4 != nil:
		out.Peer = sgmap.Peer{Kind: sgmap.PeerIPv4, Value: aws.ToString(r.CidrIpv4)}
	case r.CidrIpv6 != nil:
		out.Peer = sgmap.Peer{Kind: sgmap.PeerIPv6, Value: aws.ToString(r.CidrIpv6)}
	case r.PrefixListId != nil:
		out.Peer = sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: aws.ToString(r.PrefixListId)}
	case r.ReferencedGroupInfo != nil:
		g := r.ReferencedGroupInfo
		out.Peer = groupPeer(aws.ToString(g.GroupId), aws.ToString(g.UserId), aws.ToString(g.VpcId),
			aws.ToString(g.VpcPeeringConnectionId), aws.ToString(g.PeeringStatus), groupAccount, groupVPC)
	}
	return out
}

// groupPeer builds a group peer. A reference without a UserId is stale: AWS
// omits the UserId once the referenced group is deleted (semantics.md 15).
// AccountID is set only for cross-account references and VPCID only for
// groups in another VPC, so that same-VPC peers print as plain sg-….
func groupPeer(id, userID, vpc, pcx, status, groupAccount, groupVPC string) sgmap.Peer {
	p := sgmap.Peer{Kind: sgmap.PeerGroup, Value: id, PeeringID: pcx, PeeringStatus: status}
	if userID == "" {
		p.Stale = true
	} else if userID != groupAccount {
		p.AccountID = userID
	}
	if vpc != "" && vpc != groupVPC {
		p.VPCID = vpc
	}
	switch status {
	case "deleted", "deleting", "failed", "rejected", "expired":
		p.Stale = true
	}
	return p
}

// markStale flags the group peers that DescribeStaleSecurityGroups reports.
func markStale(groups []sgmap.SecurityGroup, stale []ec2types.StaleSecurityGroup) {
	byID := map[string]*sgmap.SecurityGroup{}
	for i := range groups {
		byID[groups[i].ID] = &groups[i]
	}
	for _, sg := range stale {
		g := byID[aws.ToString(sg.GroupId)]
		if g == nil {
			continue
		}
		mark := func(perms []ec2types.StaleIpPermission, dir sgmap.Direction) {
			for _, p := range perms {
				for _, pair := range p.UserIdGroupPairs {
					for j := range g.Rules {
						r := &g.Rules[j]
						if r.Direction == dir && r.Peer.Kind == sgmap.PeerGroup && r.Peer.Value == aws.ToString(pair.GroupId) {
							r.Peer.Stale = true
						}
					}
				}
			}
		}
		mark(sg.StaleIpPermissions, sgmap.Ingress)
		mark(sg.StaleIpPermissionsEgress, sgmap.Egress)
	}
}

// prefixListFromEC2 converts a managed prefix list and its entries.
func prefixListFromEC2(p ec2types.ManagedPrefixList, entries []ec2types.PrefixListEntry, region string) sgmap.PrefixList {
	out := sgmap.PrefixList{
		ID:            aws.ToString(p.PrefixListId),
		Name:          aws.ToString(p.PrefixListName),
		AccountID:     aws.ToString(p.OwnerId),
		Region:        region,
		AddressFamily: aws.ToString(p.AddressFamily),
		MaxEntries:    aws.ToInt32(p.MaxEntries),
	}
	for _, e := range entries {
		out.Entries = append(out.Entries, sgmap.PrefixListEntry{CIDR: aws.ToString(e.Cidr), Description: aws.ToString(e.Description)})
	}
	return out
}

// peeringFromEC2 converts a VPC peering connection.
func peeringFromEC2(p ec2types.VpcPeeringConnection) sgmap.PeeringConnection {
	side := func(v *ec2types.VpcPeeringConnectionVpcInfo) sgmap.PeeringSide {
		if v == nil {
			return sgmap.PeeringSide{}
		}
		s := sgmap.PeeringSide{VPCID: aws.ToString(v.VpcId), AccountID: aws.ToString(v.OwnerId), Region: aws.ToString(v.Region)}
		s.CIDRs = appendUnique(s.CIDRs, aws.ToString(v.CidrBlock))
		for _, c := range v.CidrBlockSet {
			s.CIDRs = appendUnique(s.CIDRs, aws.ToString(c.CidrBlock))
		}
		for _, c := range v.Ipv6CidrBlockSet {
			s.CIDRs = appendUnique(s.CIDRs, aws.ToString(c.Ipv6CidrBlock))
		}
		return s
	}
	out := sgmap.PeeringConnection{
		ID:        aws.ToString(p.VpcPeeringConnectionId),
		Requester: side(p.RequesterVpcInfo),
		Accepter:  side(p.AccepterVpcInfo),
	}
	if p.Status != nil {
		out.Status = string(p.Status.Code)
	}
	return out
}
