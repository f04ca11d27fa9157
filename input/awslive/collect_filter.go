package awslive

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/sgmap/sgmap/input/awsconv"
)

// filterVPCs keeps only what belongs to the given VPCs. EC2 calls were
// already filtered by AWS where the API has a vpc-id filter; this covers
// the APIs without one (rules, peerings, ECS, Lambda, RDS, classic ELB)
// and makes the result independent of that.
func filterVPCs(raw *awsconv.Raw, vpcs []string) {
	in := func(p *string) bool { return slices.Contains(vpcs, aws.ToString(p)) }
	raw.VPCs = slices.DeleteFunc(raw.VPCs, func(v ec2types.Vpc) bool { return !in(v.VpcId) })
	raw.Subnets = slices.DeleteFunc(raw.Subnets, func(s ec2types.Subnet) bool { return !in(s.VpcId) })
	raw.SecurityGroups = slices.DeleteFunc(raw.SecurityGroups, func(g ec2types.SecurityGroup) bool { return !in(g.VpcId) })
	groups := map[string]bool{}
	for _, g := range raw.SecurityGroups {
		groups[aws.ToString(g.GroupId)] = true
	}
	subnets := map[string]bool{}
	for _, s := range raw.Subnets {
		subnets[aws.ToString(s.SubnetId)] = true
	}
	raw.SecurityGroupRules = slices.DeleteFunc(raw.SecurityGroupRules, func(r ec2types.SecurityGroupRule) bool {
		return !groups[aws.ToString(r.GroupId)]
	})
	raw.NetworkInterfaces = slices.DeleteFunc(raw.NetworkInterfaces, func(e ec2types.NetworkInterface) bool { return !in(e.VpcId) })
	enis := map[string]bool{}
	for _, e := range raw.NetworkInterfaces {
		enis[aws.ToString(e.NetworkInterfaceId)] = true
	}
	raw.Instances = slices.DeleteFunc(raw.Instances, func(i ec2types.Instance) bool { return !in(i.VpcId) })
	raw.VPCEndpoints = slices.DeleteFunc(raw.VPCEndpoints, func(e ec2types.VpcEndpoint) bool { return !in(e.VpcId) })
	raw.NATGateways = slices.DeleteFunc(raw.NATGateways, func(n ec2types.NatGateway) bool { return !in(n.VpcId) })
	raw.Peerings = slices.DeleteFunc(raw.Peerings, func(p ec2types.VpcPeeringConnection) bool {
		return (p.RequesterVpcInfo == nil || !in(p.RequesterVpcInfo.VpcId)) && (p.AccepterVpcInfo == nil || !in(p.AccepterVpcInfo.VpcId))
	})
	raw.StaleGroups = slices.DeleteFunc(raw.StaleGroups, func(g ec2types.StaleSecurityGroup) bool { return !in(g.VpcId) })
	raw.LoadBalancers = slices.DeleteFunc(raw.LoadBalancers, func(lb elbv2types.LoadBalancer) bool { return !in(lb.VpcId) })
	raw.TargetGroups = slices.DeleteFunc(raw.TargetGroups, func(tg elbv2types.TargetGroup) bool { return tg.VpcId != nil && !in(tg.VpcId) })
	raw.ClassicLBs = slices.DeleteFunc(raw.ClassicLBs, func(lb elbtypes.LoadBalancerDescription) bool { return !in(lb.VPCId) })
	raw.LambdaFunctions = slices.DeleteFunc(raw.LambdaFunctions, func(f lambdatypes.FunctionConfiguration) bool {
		return f.VpcConfig == nil || !in(f.VpcConfig.VpcId)
	})
	raw.DBInstances = slices.DeleteFunc(raw.DBInstances, func(db rdstypes.DBInstance) bool {
		return db.DBSubnetGroup == nil || !in(db.DBSubnetGroup.VpcId)
	})
	raw.DBClusters = slices.DeleteFunc(raw.DBClusters, func(c rdstypes.DBCluster) bool {
		return !slices.ContainsFunc(c.VpcSecurityGroups, func(m rdstypes.VpcSecurityGroupMembership) bool {
			return groups[aws.ToString(m.VpcSecurityGroupId)]
		})
	})
	raw.ECSTasks = slices.DeleteFunc(raw.ECSTasks, func(t ecstypes.Task) bool {
		for _, a := range t.Attachments {
			for _, d := range a.Details {
				switch aws.ToString(d.Name) {
				case "networkInterfaceId":
					if enis[aws.ToString(d.Value)] {
						return false
					}
				case "subnetId":
					if subnets[aws.ToString(d.Value)] {
						return false
					}
				}
			}
		}
		return true
	})
	raw.ECSServices = slices.DeleteFunc(raw.ECSServices, func(s ecstypes.Service) bool {
		if s.NetworkConfiguration == nil || s.NetworkConfiguration.AwsvpcConfiguration == nil {
			return true
		}
		return !slices.ContainsFunc(s.NetworkConfiguration.AwsvpcConfiguration.Subnets, func(id string) bool { return subnets[id] })
	})
}
