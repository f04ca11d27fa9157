package awsfake

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/sgmap/sgmap"
)

// FromSnapshot returns the scenario whose APIs describe s: what AWS would
// answer in the account(s) and region(s) s was taken from. Collecting it
// and converting the result must give s back (up to what the APIs cannot
// carry), which is how the collector is tested against the demos. The
// first of s.Accounts is the caller's account; others get a role
// arn:aws:iam::<id>:role/sgmap.
func FromSnapshot(s *sgmap.Snapshot) *Scenario {
	b := &fromSnap{s: s, scn: &Scenario{}, groupNames: map[string]string{},
		enis: map[string]*sgmap.NetworkInterface{}, owners: map[string]*sgmap.Owner{}}
	for _, g := range s.Groups {
		b.groupNames[g.ID] = g.Name
	}
	for i := range s.Interfaces {
		b.enis[s.Interfaces[i].ID] = &s.Interfaces[i]
	}
	for i := range s.Owners {
		b.owners[s.Owners[i].ID] = &s.Owners[i]
	}
	for _, v := range s.VPCs {
		r := b.region(v.AccountID, v.Region)
		r.VPCs = append(r.VPCs, vpc(v, b.acct(v.AccountID)))
	}
	for _, sn := range s.Subnets {
		v := b.vpc(sn.VPCID)
		r := b.region(v.AccountID, v.Region)
		r.Subnets = append(r.Subnets, subnet(sn, b.acct(v.AccountID)))
	}
	for _, g := range s.Groups {
		r := b.region(g.AccountID, g.Region)
		sg, rules := b.group(g)
		r.SecurityGroups = append(r.SecurityGroups, sg)
		r.SecurityGroupRules = append(r.SecurityGroupRules, rules...)
	}
	for _, e := range s.Interfaces {
		b.region(e.AccountID, e.Region).NetworkInterfaces = append(b.region(e.AccountID, e.Region).NetworkInterfaces, b.eni(e))
	}
	for _, o := range s.Owners {
		b.owner(o)
	}
	for _, p := range s.PrefixLists {
		acct := p.AccountID
		if acct == "AWS" { // AWS-managed lists are visible in every account
			acct = ""
		}
		r := b.region(acct, p.Region)
		r.PrefixLists = append(r.PrefixLists, ec2types.ManagedPrefixList{PrefixListId: aws.String(p.ID),
			PrefixListName: aws.String(p.Name), OwnerId: aws.String(p.AccountID), AddressFamily: aws.String(p.AddressFamily),
			MaxEntries: aws.Int32(p.MaxEntries), State: ec2types.PrefixListStateCreateComplete})
		if r.PrefixListEntries == nil {
			r.PrefixListEntries = map[string][]ec2types.PrefixListEntry{}
		}
		for _, e := range p.Entries {
			r.PrefixListEntries[p.ID] = append(r.PrefixListEntries[p.ID],
				ec2types.PrefixListEntry{Cidr: aws.String(e.CIDR), Description: str(e.Description)})
		}
	}
	for _, p := range s.Peerings {
		side := func(ps sgmap.PeeringSide) *ec2types.VpcPeeringConnectionVpcInfo {
			info := &ec2types.VpcPeeringConnectionVpcInfo{VpcId: aws.String(ps.VPCID), OwnerId: str(ps.AccountID), Region: str(ps.Region)}
			for _, c := range ps.CIDRs {
				info.CidrBlockSet = append(info.CidrBlockSet, ec2types.CidrBlock{CidrBlock: aws.String(c)})
			}
			if len(ps.CIDRs) > 0 {
				info.CidrBlock = aws.String(ps.CIDRs[0])
			}
			return info
		}
		pc := ec2types.VpcPeeringConnection{VpcPeeringConnectionId: aws.String(p.ID), RequesterVpcInfo: side(p.Requester),
			AccepterVpcInfo: side(p.Accepter), Status: &ec2types.VpcPeeringConnectionStateReason{Code: ec2types.VpcPeeringConnectionStateReasonCode(p.Status)}}
		for _, ps := range []sgmap.PeeringSide{p.Requester, p.Accepter} {
			if a := b.scn.account(ps.AccountID); a != nil && a.region(ps.Region) != nil {
				a.region(ps.Region).Peerings = append(a.region(ps.Region).Peerings, pc)
			}
		}
	}
	return b.scn
}

type fromSnap struct {
	s          *sgmap.Snapshot
	scn        *Scenario
	groupNames map[string]string
	enis       map[string]*sgmap.NetworkInterface
	owners     map[string]*sgmap.Owner
}

func (b *fromSnap) acct(id string) string {
	if id == "" && len(b.s.Accounts) > 0 {
		return b.s.Accounts[0]
	}
	return id
}

func (b *fromSnap) region(account, region string) *Region {
	account = b.acct(account)
	if region == "" && len(b.s.Regions) > 0 {
		region = b.s.Regions[0]
	}
	a := b.scn.account(account)
	if a == nil {
		a = &Account{ID: account}
		if len(b.scn.Accounts) > 0 {
			a.RoleARN = "arn:aws:iam::" + account + ":role/sgmap"
		}
		b.scn.Accounts = append(b.scn.Accounts, a)
	}
	r := a.region(region)
	if r == nil {
		r = &Region{Name: region}
		a.Regions = append(a.Regions, r)
	}
	return r
}

func (b *fromSnap) vpc(id string) sgmap.VPC {
	for _, v := range b.s.VPCs {
		if v.ID == id {
			return v
		}
	}
	return sgmap.VPC{ID: id}
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func tags(m map[string]string) []ec2types.Tag {
	var out []ec2types.Tag
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, ec2types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

func isIPv6(cidr string) bool { return strings.Contains(cidr, ":") }

func vpc(v sgmap.VPC, account string) ec2types.Vpc {
	out := ec2types.Vpc{VpcId: aws.String(v.ID), OwnerId: aws.String(account), IsDefault: aws.Bool(v.IsDefault),
		State: ec2types.VpcStateAvailable, Tags: tags(v.Tags)}
	for _, c := range v.CIDRs {
		if isIPv6(c) {
			out.Ipv6CidrBlockAssociationSet = append(out.Ipv6CidrBlockAssociationSet, ec2types.VpcIpv6CidrBlockAssociation{
				Ipv6CidrBlock: aws.String(c), Ipv6CidrBlockState: &ec2types.VpcCidrBlockState{State: ec2types.VpcCidrBlockStateCodeAssociated}})
			continue
		}
		if out.CidrBlock == nil {
			out.CidrBlock = aws.String(c)
		}
		out.CidrBlockAssociationSet = append(out.CidrBlockAssociationSet, ec2types.VpcCidrBlockAssociation{
			CidrBlock: aws.String(c), CidrBlockState: &ec2types.VpcCidrBlockState{State: ec2types.VpcCidrBlockStateCodeAssociated}})
	}
	return out
}

func subnet(s sgmap.Subnet, account string) ec2types.Subnet {
	out := ec2types.Subnet{SubnetId: aws.String(s.ID), VpcId: aws.String(s.VPCID), OwnerId: aws.String(account),
		AvailabilityZone: str(s.AvailabilityZone), State: ec2types.SubnetStateAvailable, Tags: tags(s.Tags)}
	for _, c := range s.CIDRs {
		if isIPv6(c) {
			out.Ipv6CidrBlockAssociationSet = append(out.Ipv6CidrBlockAssociationSet, ec2types.SubnetIpv6CidrBlockAssociation{Ipv6CidrBlock: aws.String(c)})
		} else if out.CidrBlock == nil {
			out.CidrBlock = aws.String(c)
		}
	}
	return out
}

// group returns g as DescribeSecurityGroups and DescribeSecurityGroupRules
// show it: nested IpPermissions (one per rule) and flat rules with IDs.
func (b *fromSnap) group(g sgmap.SecurityGroup) (ec2types.SecurityGroup, []ec2types.SecurityGroupRule) {
	account := b.acct(g.AccountID)
	sg := ec2types.SecurityGroup{GroupId: aws.String(g.ID), GroupName: aws.String(g.Name), Description: aws.String(g.Description),
		VpcId: aws.String(g.VPCID), OwnerId: aws.String(account), Tags: tags(g.Tags)}
	var rules []ec2types.SecurityGroupRule
	for _, r := range g.Rules {
		perm := ec2types.IpPermission{IpProtocol: aws.String(r.Protocol)}
		rule := ec2types.SecurityGroupRule{SecurityGroupRuleId: str(r.ID), GroupId: aws.String(g.ID), GroupOwnerId: aws.String(account),
			IsEgress: aws.Bool(r.Direction == sgmap.Egress), IpProtocol: aws.String(r.Protocol),
			FromPort: aws.Int32(r.FromPort), ToPort: aws.Int32(r.ToPort), Description: str(r.Description)}
		if r.Protocol != sgmap.AllProtocols {
			perm.FromPort, perm.ToPort = aws.Int32(r.FromPort), aws.Int32(r.ToPort)
		}
		desc := str(r.Description)
		switch r.Peer.Kind {
		case sgmap.PeerIPv4:
			perm.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(r.Peer.Value), Description: desc}}
			rule.CidrIpv4 = aws.String(r.Peer.Value)
		case sgmap.PeerIPv6:
			perm.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String(r.Peer.Value), Description: desc}}
			rule.CidrIpv6 = aws.String(r.Peer.Value)
		case sgmap.PeerPrefixList:
			perm.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: aws.String(r.Peer.Value), Description: desc}}
			rule.PrefixListId = aws.String(r.Peer.Value)
		case sgmap.PeerGroup:
			owner := r.Peer.AccountID
			if owner == "" && !r.Peer.Stale {
				owner = account
			}
			pair := ec2types.UserIdGroupPair{GroupId: aws.String(r.Peer.Value), UserId: str(owner), VpcId: str(r.Peer.VPCID),
				VpcPeeringConnectionId: str(r.Peer.PeeringID), PeeringStatus: str(r.Peer.PeeringStatus), Description: desc}
			if name := b.groupNames[r.Peer.Value]; name != "" && r.Peer.AccountID == "" {
				pair.GroupName = aws.String(name)
			}
			perm.UserIdGroupPairs = []ec2types.UserIdGroupPair{pair}
			rule.ReferencedGroupInfo = &ec2types.ReferencedSecurityGroup{GroupId: aws.String(r.Peer.Value), UserId: str(owner),
				VpcId: str(r.Peer.VPCID), VpcPeeringConnectionId: str(r.Peer.PeeringID), PeeringStatus: str(r.Peer.PeeringStatus)}
		}
		if r.Direction == sgmap.Egress {
			sg.IpPermissionsEgress = append(sg.IpPermissionsEgress, perm)
		} else {
			sg.IpPermissions = append(sg.IpPermissions, perm)
		}
		rules = append(rules, rule)
	}
	return sg, rules
}

func (b *fromSnap) groupIdentifiers(ids []string) []ec2types.GroupIdentifier {
	var out []ec2types.GroupIdentifier
	for _, id := range ids {
		out = append(out, ec2types.GroupIdentifier{GroupId: aws.String(id), GroupName: str(b.groupNames[id])})
	}
	return out
}

func (b *fromSnap) ownerOf(e sgmap.NetworkInterface) *sgmap.Owner { return b.owners[e.OwnerID] }

func (b *fromSnap) eni(e sgmap.NetworkInterface) ec2types.NetworkInterface {
	out := ec2types.NetworkInterface{NetworkInterfaceId: aws.String(e.ID), SubnetId: str(e.SubnetID), VpcId: aws.String(e.VPCID),
		OwnerId: aws.String(b.acct(e.AccountID)), Description: aws.String(e.Description),
		InterfaceType: ec2types.NetworkInterfaceType(e.InterfaceType), RequesterId: str(e.RequesterID),
		RequesterManaged: aws.Bool(e.RequesterManaged), Status: ec2types.NetworkInterfaceStatus(e.Status),
		Groups: b.groupIdentifiers(e.GroupIDs), TagSet: tags(e.Tags)}
	for i, ip := range e.PrivateIPs {
		if i == 0 {
			out.PrivateIpAddress = aws.String(ip)
		}
		out.PrivateIpAddresses = append(out.PrivateIpAddresses, ec2types.NetworkInterfacePrivateIpAddress{
			PrivateIpAddress: aws.String(ip), Primary: aws.Bool(i == 0)})
	}
	for _, ip := range e.IPv6Addresses {
		out.Ipv6Addresses = append(out.Ipv6Addresses, ec2types.NetworkInterfaceIpv6Address{Ipv6Address: aws.String(ip)})
	}
	if len(e.PublicIPs) > 0 {
		out.Association = &ec2types.NetworkInterfaceAssociation{PublicIp: aws.String(e.PublicIPs[0])}
	}
	if o := b.ownerOf(e); o != nil && o.Kind == sgmap.OwnerInstance {
		idx := int32(slices.Index(o.InterfaceIDs, e.ID))
		out.Attachment = &ec2types.NetworkInterfaceAttachment{InstanceId: aws.String(o.ID), InstanceOwnerId: aws.String(b.acct(o.AccountID)),
			DeviceIndex: aws.Int32(max(idx, 0)), Status: ec2types.AttachmentStatusAttached,
			AttachmentId: aws.String("eni-attach-" + strings.TrimPrefix(e.ID, "eni-"))}
	}
	return out
}
