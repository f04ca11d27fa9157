package awsconv

import (
	"strconv"
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

// asgTag is the tag EC2 Auto Scaling puts on the instances it launches.
const asgTag = "aws:autoscaling:groupName"

// instanceFromEC2 converts an instance; its InterfaceIDs are the ENIs
// DescribeInstances lists for it, and its parent is its Auto Scaling group.
func instanceFromEC2(i ec2types.Instance, account, region string) sgmap.Owner {
	o := sgmap.Owner{
		ID:        aws.ToString(i.InstanceId),
		Kind:      sgmap.OwnerInstance,
		AccountID: account,
		Region:    region,
		VPCID:     aws.ToString(i.VpcId),
		Tags:      tagsFromEC2(i.Tags),
	}
	o.Name = o.Tags["Name"]
	if asg := o.Tags[asgTag]; asg != "" {
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentAutoScalingGroup, ID: asg, Name: asg}
	}
	for _, e := range i.NetworkInterfaces {
		o.InterfaceIDs = appendUnique(o.InterfaceIDs, aws.ToString(e.NetworkInterfaceId))
	}
	for _, g := range i.SecurityGroups {
		o.GroupIDs = appendUnique(o.GroupIDs, aws.ToString(g.GroupId))
	}
	o.Detail = details("instance_type", string(i.InstanceType))
	if i.State != nil {
		o.Detail = addDetail(o.Detail, "state", string(i.State.Name))
	}
	return o
}

// loadBalancerFromELBv2 converts an ALB, NLB or GWLB with its listeners and
// target groups; targets come from DescribeTargetHealth, by target group ARN.
func loadBalancerFromELBv2(lb elbv2types.LoadBalancer, listeners []elbv2types.Listener, groups []elbv2types.TargetGroup,
	health map[string][]elbv2types.TargetHealthDescription, account, region string) sgmap.Owner {
	arn := aws.ToString(lb.LoadBalancerArn)
	o := sgmap.Owner{
		ID:        arn,
		Kind:      sgmap.OwnerLoadBalancer,
		Name:      aws.ToString(lb.LoadBalancerName),
		AccountID: or(arnAccount(arn), account),
		Region:    or(arnRegion(arn), region),
		VPCID:     aws.ToString(lb.VpcId),
		GroupIDs:  appendUnique(nil, lb.SecurityGroups...),
		LoadBalancer: &sgmap.LoadBalancer{
			Type:    string(lb.Type),
			Scheme:  string(lb.Scheme),
			DNSName: aws.ToString(lb.DNSName),
		},
	}
	for _, l := range listeners {
		if aws.ToString(l.LoadBalancerArn) == arn {
			o.LoadBalancer.Listeners = append(o.LoadBalancer.Listeners, sgmap.Listener{Protocol: string(l.Protocol), Port: aws.ToInt32(l.Port)})
		}
	}
	for _, tg := range groups {
		for _, a := range tg.LoadBalancerArns {
			if a == arn {
				o.LoadBalancer.TargetGroups = append(o.LoadBalancer.TargetGroups, targetGroupFromELBv2(tg, health[aws.ToString(tg.TargetGroupArn)]))
				break
			}
		}
	}
	return o
}

func targetGroupFromELBv2(tg elbv2types.TargetGroup, health []elbv2types.TargetHealthDescription) sgmap.TargetGroup {
	out := sgmap.TargetGroup{
		ID:              aws.ToString(tg.TargetGroupArn),
		Name:            aws.ToString(tg.TargetGroupName),
		Protocol:        string(tg.Protocol),
		Port:            aws.ToInt32(tg.Port),
		TargetType:      string(tg.TargetType),
		HealthCheckPort: aws.ToString(tg.HealthCheckPort),
	}
	for _, h := range health {
		if h.Target == nil || aws.ToString(h.Target.Id) == "" {
			continue
		}
		out.Targets = append(out.Targets, sgmap.Target{ID: aws.ToString(h.Target.Id), Port: int32Or(h.Target.Port, out.Port)})
	}
	return out
}

// classicARN is the ARN of a classic load balancer, which the API does not
// return.
func classicARN(account, region, name string) string {
	return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":loadbalancer/" + name
}

// loadBalancerFromELB converts a classic load balancer. Its instances become
// one target group (named after the balancer) with a target per instance
// and instance port.
func loadBalancerFromELB(lb elbtypes.LoadBalancerDescription, account, region string) sgmap.Owner {
	name := aws.ToString(lb.LoadBalancerName)
	id := classicARN(account, region, name)
	o := sgmap.Owner{
		ID:        id,
		Kind:      sgmap.OwnerLoadBalancer,
		Name:      name,
		AccountID: account,
		Region:    region,
		VPCID:     aws.ToString(lb.VPCId),
		GroupIDs:  appendUnique(nil, lb.SecurityGroups...),
		LoadBalancer: &sgmap.LoadBalancer{
			Type:    "classic",
			Scheme:  aws.ToString(lb.Scheme),
			DNSName: aws.ToString(lb.DNSName),
		},
	}
	tg := sgmap.TargetGroup{ID: id, Name: name, TargetType: "instance"}
	var ports []int32
	for _, ld := range lb.ListenerDescriptions {
		if l := ld.Listener; l != nil {
			o.LoadBalancer.Listeners = append(o.LoadBalancer.Listeners, sgmap.Listener{Protocol: aws.ToString(l.Protocol), Port: l.LoadBalancerPort})
			if p := aws.ToInt32(l.InstancePort); p != 0 && !containsInt(ports, p) {
				ports = append(ports, p)
			}
		}
	}
	for _, inst := range lb.Instances {
		for _, p := range ports {
			tg.Targets = append(tg.Targets, sgmap.Target{ID: aws.ToString(inst.InstanceId), Port: p})
		}
	}
	if len(tg.Targets) > 0 {
		o.LoadBalancer.TargetGroups = []sgmap.TargetGroup{tg}
	}
	return o
}

func containsInt(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// taskFromECS converts an ECS task. Its ENI comes from its
// ElasticNetworkInterface attachment; its parent is the service named by its
// group (service:<name>) or the service whose deployment started it.
func taskFromECS(t ecstypes.Task, services []ecstypes.Service, account, region string) sgmap.Owner {
	arn := aws.ToString(t.TaskArn)
	o := sgmap.Owner{
		ID:        arn,
		Kind:      sgmap.OwnerECSTask,
		AccountID: or(arnAccount(arn), account),
		Region:    or(arnRegion(arn), region),
		Tags:      tagsFromECS(t.Tags),
	}
	cluster := aws.ToString(t.ClusterArn)
	o.Detail = details("cluster", cluster, "launch_type", string(t.LaunchType), "last_status", aws.ToString(t.LastStatus),
		"task_definition", aws.ToString(t.TaskDefinitionArn))
	for _, a := range t.Attachments {
		if aws.ToString(a.Type) != "ElasticNetworkInterface" {
			continue
		}
		for _, d := range a.Details {
			if aws.ToString(d.Name) == "networkInterfaceId" {
				o.InterfaceIDs = appendUnique(o.InterfaceIDs, aws.ToString(d.Value))
			}
		}
	}
	svcName, ok := strings.CutPrefix(aws.ToString(t.Group), "service:")
	if !ok {
		svcName = "" // family:<name> for tasks run outside a service
	}
	var svc *ecstypes.Service
	for i := range services {
		s := &services[i]
		if c := aws.ToString(s.ClusterArn); c != "" && cluster != "" && c != cluster {
			continue
		}
		if svcName != "" && aws.ToString(s.ServiceName) == svcName {
			svc = s
			break
		}
		for _, d := range s.Deployments {
			if id := aws.ToString(d.Id); id != "" && id == aws.ToString(t.StartedBy) {
				svc = s
			}
		}
	}
	if svc != nil {
		svcName = aws.ToString(svc.ServiceName)
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentECSService, ID: or(aws.ToString(svc.ServiceArn), svcName), Name: svcName}
		if nc := svc.NetworkConfiguration; nc != nil && nc.AwsvpcConfiguration != nil {
			o.GroupIDs = appendUnique(nil, nc.AwsvpcConfiguration.SecurityGroups...)
		}
	} else if svcName != "" {
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentECSService, ID: svcName, Name: svcName}
	}
	o.Name = or(o.Tags["Name"], or(svcName, taskFamily(aws.ToString(t.TaskDefinitionArn))))
	return o
}

// taskFamily returns "web" for arn:…:task-definition/web:3.
func taskFamily(arn string) string {
	_, fam, ok := strings.Cut(arn, ":task-definition/")
	if !ok {
		return ""
	}
	fam, _, _ = strings.Cut(fam, ":")
	return fam
}

func tagsFromECS(tags []ecstypes.Tag) map[string]string {
	return tagMap(tags, func(t ecstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// functionFromLambda converts a Lambda function attached to a VPC; ok is
// false for functions outside any VPC. Its ENIs are matched later by subnet
// and group set, because Hyperplane ENIs are shared.
func functionFromLambda(f lambdatypes.FunctionConfiguration, account, region string) (o sgmap.Owner, ok bool) {
	vc := f.VpcConfig
	if vc == nil || (aws.ToString(vc.VpcId) == "" && len(vc.SubnetIds) == 0) {
		return o, false
	}
	arn := aws.ToString(f.FunctionArn)
	o = sgmap.Owner{
		ID:        aws.ToString(f.FunctionName),
		Kind:      sgmap.OwnerLambda,
		Name:      aws.ToString(f.FunctionName),
		AccountID: or(arnAccount(arn), account),
		Region:    or(arnRegion(arn), region),
		VPCID:     aws.ToString(vc.VpcId),
		GroupIDs:  appendUnique(nil, vc.SecurityGroupIds...),
		Detail:    details("runtime", string(f.Runtime), "arn", arn),
	}
	return o, true
}

// dbInstanceFromRDS converts an RDS DB instance and returns the subnets of
// its DB subnet group, for matching its ENIs.
func dbInstanceFromRDS(d rdstypes.DBInstance, account, region string) (sgmap.Owner, []string) {
	arn := aws.ToString(d.DBInstanceArn)
	o := sgmap.Owner{
		ID:        aws.ToString(d.DBInstanceIdentifier),
		Kind:      sgmap.OwnerRDS,
		AccountID: or(arnAccount(arn), account),
		Region:    or(arnRegion(arn), region),
		Tags:      tagsFromRDS(d.TagList),
	}
	o.Name = or(o.Tags["Name"], o.ID)
	for _, g := range d.VpcSecurityGroups {
		o.GroupIDs = appendUnique(o.GroupIDs, aws.ToString(g.VpcSecurityGroupId))
	}
	var subnets []string
	if sg := d.DBSubnetGroup; sg != nil {
		o.VPCID = aws.ToString(sg.VpcId)
		for _, s := range sg.Subnets {
			subnets = appendUnique(subnets, aws.ToString(s.SubnetIdentifier))
		}
	}
	o.Detail = details("engine", aws.ToString(d.Engine), "status", aws.ToString(d.DBInstanceStatus),
		"cluster", aws.ToString(d.DBClusterIdentifier))
	if e := d.Endpoint; e != nil && aws.ToString(e.Address) != "" {
		o.Detail = addDetail(o.Detail, "endpoint", aws.ToString(e.Address)+":"+strconv.Itoa(int(aws.ToInt32(e.Port))))
	}
	return o, subnets
}

// dbClusterFromRDS converts an RDS (Aurora) cluster. Convert keeps it only
// when none of its member instances were fetched: otherwise the instances
// stand for it.
func dbClusterFromRDS(c rdstypes.DBCluster, account, region string) sgmap.Owner {
	arn := aws.ToString(c.DBClusterArn)
	o := sgmap.Owner{
		ID:        aws.ToString(c.DBClusterIdentifier),
		Kind:      sgmap.OwnerRDS,
		AccountID: or(arnAccount(arn), account),
		Region:    or(arnRegion(arn), region),
		Tags:      tagsFromRDS(c.TagList),
	}
	o.Name = or(o.Tags["Name"], o.ID)
	for _, g := range c.VpcSecurityGroups {
		o.GroupIDs = appendUnique(o.GroupIDs, aws.ToString(g.VpcSecurityGroupId))
	}
	o.Detail = details("engine", aws.ToString(c.Engine), "status", aws.ToString(c.Status),
		"endpoint", aws.ToString(c.Endpoint), "db_subnet_group", aws.ToString(c.DBSubnetGroup))
	return o
}

func tagsFromRDS(tags []rdstypes.Tag) map[string]string {
	return tagMap(tags, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// endpointFromEC2 converts a VPC endpoint; gateway endpoints have no ENIs
// and no groups but are kept, so that prefix-list rules can name them.
func endpointFromEC2(e ec2types.VpcEndpoint, account, region string) sgmap.Owner {
	o := sgmap.Owner{
		ID:           aws.ToString(e.VpcEndpointId),
		Kind:         sgmap.OwnerVPCEndpoint,
		AccountID:    or(aws.ToString(e.OwnerId), account),
		Region:       region,
		VPCID:        aws.ToString(e.VpcId),
		Tags:         tagsFromEC2(e.Tags),
		InterfaceIDs: appendUnique(nil, e.NetworkInterfaceIds...),
		Detail:       details("service_name", aws.ToString(e.ServiceName), "type", string(e.VpcEndpointType), "state", string(e.State)),
	}
	o.Name = or(o.Tags["Name"], aws.ToString(e.ServiceName))
	for _, g := range e.Groups {
		o.GroupIDs = appendUnique(o.GroupIDs, aws.ToString(g.GroupId))
	}
	return o
}

// natGatewayFromEC2 converts a NAT gateway; its ENIs are those of its
// addresses.
func natGatewayFromEC2(n ec2types.NatGateway, account, region string) sgmap.Owner {
	o := sgmap.Owner{
		ID:        aws.ToString(n.NatGatewayId),
		Kind:      sgmap.OwnerNATGateway,
		AccountID: account,
		Region:    region,
		VPCID:     aws.ToString(n.VpcId),
		Tags:      tagsFromEC2(n.Tags),
		Detail:    details("connectivity_type", string(n.ConnectivityType), "state", string(n.State)),
	}
	o.Name = o.Tags["Name"]
	for _, a := range n.NatGatewayAddresses {
		o.InterfaceIDs = appendUnique(o.InterfaceIDs, aws.ToString(a.NetworkInterfaceId))
	}
	return o
}

// details builds a Detail map from key, value pairs, leaving out empty
// values; it returns nil when all are empty.
func details(kv ...string) map[string]string {
	var m map[string]string
	for i := 0; i+1 < len(kv); i += 2 {
		m = addDetail(m, kv[i], kv[i+1])
	}
	return m
}

func addDetail(m map[string]string, k, v string) map[string]string {
	if v == "" {
		return m
	}
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// arnAccount returns the account field of an ARN, or "".
func arnAccount(arn string) string { return arnField(arn, 4) }

// arnRegion returns the region field of an ARN, or "".
func arnRegion(arn string) string { return arnField(arn, 3) }

func arnField(arn string, i int) string {
	if !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[i]
}
