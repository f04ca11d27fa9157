package awsfake

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
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

// interfaces returns the snapshot's ENIs with the given IDs.
func (b *fromSnap) interfaces(ids []string) []sgmap.NetworkInterface {
	var out []sgmap.NetworkInterface
	for _, id := range ids {
		if e := b.enis[id]; e != nil {
			out = append(out, *e)
		}
	}
	return out
}

// groupsOf is the owner's declared groups, else the union of its ENIs'.
func (b *fromSnap) groupsOf(o sgmap.Owner) []string {
	if len(o.GroupIDs) > 0 {
		return o.GroupIDs
	}
	var out []string
	for _, e := range b.interfaces(o.InterfaceIDs) {
		for _, g := range e.GroupIDs {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

func (b *fromSnap) subnetsOf(o sgmap.Owner) []string {
	var out []string
	for _, e := range b.interfaces(o.InterfaceIDs) {
		if e.SubnetID != "" && !slices.Contains(out, e.SubnetID) {
			out = append(out, e.SubnetID)
		}
	}
	return out
}

func (b *fromSnap) owner(o sgmap.Owner) {
	r := b.region(o.AccountID, o.Region)
	account := b.acct(o.AccountID)
	enis := b.interfaces(o.InterfaceIDs)
	switch o.Kind {
	case sgmap.OwnerInstance:
		in := ec2types.Instance{InstanceId: aws.String(o.ID), VpcId: aws.String(o.VPCID), Tags: tags(o.Tags),
			InstanceType: ec2types.InstanceType(o.Detail["instance_type"]), SecurityGroups: b.groupIdentifiers(b.groupsOf(o)),
			State: &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning, Code: aws.Int32(16)}}
		for i, e := range enis {
			if i == 0 {
				in.SubnetId = str(e.SubnetID)
				if len(e.PrivateIPs) > 0 {
					in.PrivateIpAddress = aws.String(e.PrivateIPs[0])
				}
			}
			ni := ec2types.InstanceNetworkInterface{NetworkInterfaceId: aws.String(e.ID), SubnetId: str(e.SubnetID),
				VpcId: aws.String(e.VPCID), OwnerId: aws.String(account), Groups: b.groupIdentifiers(e.GroupIDs),
				Attachment: &ec2types.InstanceNetworkInterfaceAttachment{DeviceIndex: aws.Int32(int32(i))}}
			if len(e.PrivateIPs) > 0 {
				ni.PrivateIpAddress = aws.String(e.PrivateIPs[0])
			}
			in.NetworkInterfaces = append(in.NetworkInterfaces, ni)
		}
		r.Instances = append(r.Instances, in)
	case sgmap.OwnerLoadBalancer:
		b.loadBalancer(r, o)
	case sgmap.OwnerECSTask:
		b.ecsTask(r, o)
	case sgmap.OwnerLambda:
		fn := lambdatypes.FunctionConfiguration{FunctionName: aws.String(o.ID),
			FunctionArn: aws.String("arn:aws:lambda:" + r.Name + ":" + account + ":function:" + o.ID),
			VpcConfig:   &lambdatypes.VpcConfigResponse{VpcId: aws.String(o.VPCID), SecurityGroupIds: b.groupsOf(o), SubnetIds: b.subnetsOf(o)}}
		r.LambdaFunctions = append(r.LambdaFunctions, fn)
	case sgmap.OwnerRDS:
		db := rdstypes.DBInstance{DBInstanceIdentifier: aws.String(o.ID), Engine: str(o.Detail["engine"]),
			DBInstanceArn: aws.String("arn:aws:rds:" + r.Name + ":" + account + ":db:" + o.ID),
			DBSubnetGroup: &rdstypes.DBSubnetGroup{VpcId: aws.String(o.VPCID)}}
		for _, g := range b.groupsOf(o) {
			db.VpcSecurityGroups = append(db.VpcSecurityGroups, rdstypes.VpcSecurityGroupMembership{VpcSecurityGroupId: aws.String(g), Status: aws.String("active")})
		}
		for _, sn := range b.subnetsOf(o) {
			db.DBSubnetGroup.Subnets = append(db.DBSubnetGroup.Subnets, rdstypes.Subnet{SubnetIdentifier: aws.String(sn)})
		}
		r.DBInstances = append(r.DBInstances, db)
	case sgmap.OwnerVPCEndpoint:
		r.VPCEndpoints = append(r.VPCEndpoints, ec2types.VpcEndpoint{VpcEndpointId: aws.String(o.ID), VpcId: aws.String(o.VPCID),
			ServiceName: str(o.Detail["service_name"]), VpcEndpointType: ec2types.VpcEndpointTypeInterface, State: ec2types.StateAvailable,
			NetworkInterfaceIds: o.InterfaceIDs, SubnetIds: b.subnetsOf(o), Groups: securityGroupIdentifiers(b, b.groupsOf(o)), Tags: tags(o.Tags)})
	case sgmap.OwnerNATGateway:
		nat := ec2types.NatGateway{NatGatewayId: aws.String(o.ID), VpcId: aws.String(o.VPCID), State: ec2types.NatGatewayStateAvailable, Tags: tags(o.Tags)}
		for _, e := range enis {
			nat.SubnetId = str(e.SubnetID)
			a := ec2types.NatGatewayAddress{NetworkInterfaceId: aws.String(e.ID)}
			if len(e.PrivateIPs) > 0 {
				a.PrivateIp = aws.String(e.PrivateIPs[0])
			}
			nat.NatGatewayAddresses = append(nat.NatGatewayAddresses, a)
		}
		r.NATGateways = append(r.NATGateways, nat)
	}
}

func securityGroupIdentifiers(b *fromSnap, ids []string) []ec2types.SecurityGroupIdentifier {
	var out []ec2types.SecurityGroupIdentifier
	for _, id := range ids {
		out = append(out, ec2types.SecurityGroupIdentifier{GroupId: aws.String(id), GroupName: str(b.groupNames[id])})
	}
	return out
}

func (b *fromSnap) loadBalancer(r *Region, o sgmap.Owner) {
	lb := o.LoadBalancer
	if lb == nil {
		lb = &sgmap.LoadBalancer{Type: "application"}
	}
	if lb.Type == "classic" {
		// Classic load balancers are known by name; sgmap IDs them by ARN.
		c := elbtypes.LoadBalancerDescription{LoadBalancerName: aws.String(cmpOr(o.Name, o.ID[strings.LastIndex(o.ID, "/")+1:])), VPCId: aws.String(o.VPCID), DNSName: str(lb.DNSName),
			Scheme: str(lb.Scheme), SecurityGroups: b.groupsOf(o), Subnets: b.subnetsOf(o)}
		for _, l := range lb.Listeners {
			c.ListenerDescriptions = append(c.ListenerDescriptions, elbtypes.ListenerDescription{Listener: &elbtypes.Listener{
				Protocol: aws.String(l.Protocol), LoadBalancerPort: l.Port}})
		}
		for _, tg := range lb.TargetGroups {
			for _, t := range tg.Targets {
				c.Instances = append(c.Instances, elbtypes.Instance{InstanceId: aws.String(t.ID)})
			}
		}
		r.ClassicLBs = append(r.ClassicLBs, c)
		return
	}
	v2 := elbv2types.LoadBalancer{LoadBalancerArn: aws.String(o.ID), LoadBalancerName: str(o.Name), VpcId: aws.String(o.VPCID),
		Type: elbv2types.LoadBalancerTypeEnum(lb.Type), Scheme: elbv2types.LoadBalancerSchemeEnum(lb.Scheme), DNSName: str(lb.DNSName),
		SecurityGroups: o.GroupIDs, State: &elbv2types.LoadBalancerState{Code: elbv2types.LoadBalancerStateEnumActive}}
	for _, sn := range b.subnetsOf(o) {
		v2.AvailabilityZones = append(v2.AvailabilityZones, elbv2types.AvailabilityZone{SubnetId: aws.String(sn)})
	}
	r.LoadBalancers = append(r.LoadBalancers, v2)
	for i, l := range lb.Listeners {
		r.Listeners = append(r.Listeners, elbv2types.Listener{ListenerArn: aws.String(strings.Replace(o.ID, ":loadbalancer/", ":listener/", 1) + "/" + string(rune('a'+i))),
			LoadBalancerArn: aws.String(o.ID), Port: aws.Int32(l.Port), Protocol: elbv2types.ProtocolEnum(l.Protocol)})
	}
	if r.TargetHealth == nil {
		r.TargetHealth = map[string][]elbv2types.TargetHealthDescription{}
	}
	for _, tg := range lb.TargetGroups {
		r.TargetGroups = append(r.TargetGroups, elbv2types.TargetGroup{TargetGroupArn: aws.String(tg.ID), TargetGroupName: str(tg.Name),
			Protocol: elbv2types.ProtocolEnum(tg.Protocol), Port: aws.Int32(tg.Port), TargetType: elbv2types.TargetTypeEnum(tg.TargetType),
			HealthCheckPort: str(tg.HealthCheckPort), VpcId: aws.String(o.VPCID), LoadBalancerArns: []string{o.ID}})
		var th []elbv2types.TargetHealthDescription
		for _, t := range tg.Targets {
			th = append(th, elbv2types.TargetHealthDescription{Target: &elbv2types.TargetDescription{Id: aws.String(t.ID), Port: aws.Int32(t.Port)},
				HealthCheckPort: str(tg.HealthCheckPort), TargetHealth: &elbv2types.TargetHealth{State: elbv2types.TargetHealthStateEnumHealthy}})
		}
		r.TargetHealth[tg.ID] = th
	}
}

func (b *fromSnap) ecsTask(r *Region, o sgmap.Owner) {
	cluster := o.Detail["cluster"]
	t := ecstypes.Task{TaskArn: aws.String(o.ID), ClusterArn: str(cluster), LastStatus: aws.String("RUNNING"),
		LaunchType: ecstypes.LaunchType(o.Detail["launch_type"])}
	if cluster != "" && !slices.Contains(r.ECSClusters, cluster) {
		r.ECSClusters = append(r.ECSClusters, cluster)
	}
	// The task names its ENIs even when they are not in the snapshot
	// (DescribeTasks without DescribeNetworkInterfaces).
	for _, id := range o.InterfaceIDs {
		e := sgmap.NetworkInterface{ID: id}
		if p := b.enis[id]; p != nil {
			e = *p
		}
		a := ecstypes.Attachment{Type: aws.String("ElasticNetworkInterface"), Status: aws.String("ATTACHED"),
			Id: aws.String(e.Description[strings.LastIndex(e.Description, "/")+1:]),
			Details: []ecstypes.KeyValuePair{{Name: aws.String("subnetId"), Value: str(e.SubnetID)},
				{Name: aws.String("networkInterfaceId"), Value: aws.String(e.ID)}}}
		if len(e.PrivateIPs) > 0 {
			a.Details = append(a.Details, ecstypes.KeyValuePair{Name: aws.String("privateIPv4Address"), Value: aws.String(e.PrivateIPs[0])})
		}
		t.Attachments = append(t.Attachments, a)
	}
	if p := o.Parent; p != nil && p.Kind == sgmap.ParentECSService {
		name := cmpOr(p.Name, p.ID[strings.LastIndex(p.ID, "/")+1:])
		t.Group = aws.String("service:" + name)
		t.StartedBy = aws.String("ecs-svc/1234567890123456789")
		i := slices.IndexFunc(r.ECSServices, func(s ecstypes.Service) bool { return aws.ToString(s.ServiceArn) == p.ID })
		if i < 0 {
			r.ECSServices = append(r.ECSServices, ecstypes.Service{ServiceArn: aws.String(p.ID), ServiceName: aws.String(name),
				ClusterArn: str(cluster), LaunchType: t.LaunchType, Status: aws.String("ACTIVE"),
				NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
					Subnets: b.subnetsOf(o), SecurityGroups: b.groupsOf(o)}}})
			i = len(r.ECSServices) - 1
		}
		svc := &r.ECSServices[i]
		svc.RunningCount++
		svc.DesiredCount++
		for _, sn := range b.subnetsOf(o) {
			if !slices.Contains(svc.NetworkConfiguration.AwsvpcConfiguration.Subnets, sn) {
				svc.NetworkConfiguration.AwsvpcConfiguration.Subnets = append(svc.NetworkConfiguration.AwsvpcConfiguration.Subnets, sn)
			}
		}
	}
	r.ECSTasks = append(r.ECSTasks, t)
}
