package awsfake

import (
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

// The owners of a snapshot as the services that own them describe them:
// EC2 instances, load balancers, ECS tasks and services, Lambda, RDS,
// endpoints and NAT gateways.

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
