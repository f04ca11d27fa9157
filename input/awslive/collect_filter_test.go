package awslive

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/sgmap/sgmap/input/awsconv"
)

// TestFilterVPCs builds one of everything in a kept VPC ("vpc-keep") and
// in another ("vpc-drop") and checks that exactly the first survive.
func TestFilterVPCs(t *testing.T) {
	s := aws.String
	raw := &awsconv.Raw{}
	for _, v := range []string{"vpc-keep", "vpc-drop"} {
		sn, sg, eni := "subnet-"+v, "sg-"+v, "eni-"+v
		raw.VPCs = append(raw.VPCs, ec2types.Vpc{VpcId: s(v)})
		raw.Subnets = append(raw.Subnets, ec2types.Subnet{SubnetId: s(sn), VpcId: s(v)})
		raw.SecurityGroups = append(raw.SecurityGroups, ec2types.SecurityGroup{GroupId: s(sg), VpcId: s(v)})
		raw.SecurityGroupRules = append(raw.SecurityGroupRules, ec2types.SecurityGroupRule{GroupId: s(sg)})
		raw.NetworkInterfaces = append(raw.NetworkInterfaces, ec2types.NetworkInterface{NetworkInterfaceId: s(eni), VpcId: s(v)})
		raw.Instances = append(raw.Instances, ec2types.Instance{VpcId: s(v)})
		raw.VPCEndpoints = append(raw.VPCEndpoints, ec2types.VpcEndpoint{VpcId: s(v)})
		raw.NATGateways = append(raw.NATGateways, ec2types.NatGateway{VpcId: s(v)})
		raw.Peerings = append(raw.Peerings, ec2types.VpcPeeringConnection{
			RequesterVpcInfo: &ec2types.VpcPeeringConnectionVpcInfo{VpcId: s(v)}, AccepterVpcInfo: &ec2types.VpcPeeringConnectionVpcInfo{VpcId: s("vpc-x")}})
		raw.StaleGroups = append(raw.StaleGroups, ec2types.StaleSecurityGroup{VpcId: s(v)})
		raw.LoadBalancers = append(raw.LoadBalancers, elbv2types.LoadBalancer{VpcId: s(v)})
		raw.TargetGroups = append(raw.TargetGroups, elbv2types.TargetGroup{VpcId: s(v)})
		raw.ClassicLBs = append(raw.ClassicLBs, elbtypes.LoadBalancerDescription{VPCId: s(v)})
		raw.LambdaFunctions = append(raw.LambdaFunctions, lambdatypes.FunctionConfiguration{VpcConfig: &lambdatypes.VpcConfigResponse{VpcId: s(v)}})
		raw.DBInstances = append(raw.DBInstances, rdstypes.DBInstance{DBSubnetGroup: &rdstypes.DBSubnetGroup{VpcId: s(v)}})
		raw.DBClusters = append(raw.DBClusters, rdstypes.DBCluster{VpcSecurityGroups: []rdstypes.VpcSecurityGroupMembership{{VpcSecurityGroupId: s(sg)}}})
		raw.ECSTasks = append(raw.ECSTasks, ecstypes.Task{Attachments: []ecstypes.Attachment{{Details: []ecstypes.KeyValuePair{
			{Name: s("networkInterfaceId"), Value: s(eni)}}}}})
		raw.ECSServices = append(raw.ECSServices, ecstypes.Service{NetworkConfiguration: &ecstypes.NetworkConfiguration{
			AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{Subnets: []string{sn}}}})
	}
	// Not in any VPC: a Lambda outside VPCs is dropped, a Lambda target
	// group (no VPC) is kept.
	raw.LambdaFunctions = append(raw.LambdaFunctions, lambdatypes.FunctionConfiguration{})
	raw.TargetGroups = append(raw.TargetGroups, elbv2types.TargetGroup{TargetType: elbv2types.TargetTypeEnumLambda})

	filterVPCs(raw, []string{"vpc-keep"})
	counts := map[string][2]int{
		"VPCs": {len(raw.VPCs), 1}, "Subnets": {len(raw.Subnets), 1}, "SecurityGroups": {len(raw.SecurityGroups), 1},
		"SecurityGroupRules": {len(raw.SecurityGroupRules), 1}, "NetworkInterfaces": {len(raw.NetworkInterfaces), 1},
		"Instances": {len(raw.Instances), 1}, "VPCEndpoints": {len(raw.VPCEndpoints), 1}, "NATGateways": {len(raw.NATGateways), 1},
		"Peerings": {len(raw.Peerings), 1}, "StaleGroups": {len(raw.StaleGroups), 1}, "LoadBalancers": {len(raw.LoadBalancers), 1},
		"TargetGroups": {len(raw.TargetGroups), 2}, "ClassicLBs": {len(raw.ClassicLBs), 1}, "LambdaFunctions": {len(raw.LambdaFunctions), 1},
		"DBInstances": {len(raw.DBInstances), 1}, "DBClusters": {len(raw.DBClusters), 1}, "ECSTasks": {len(raw.ECSTasks), 1},
		"ECSServices": {len(raw.ECSServices), 1},
	}
	for name, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%s after filter = %d, want %d", name, c[0], c[1])
		}
	}
	if aws.ToString(raw.NetworkInterfaces[0].NetworkInterfaceId) != "eni-vpc-keep" || aws.ToString(raw.SecurityGroupRules[0].GroupId) != "sg-vpc-keep" {
		t.Errorf("the wrong items survived: %v", raw.NetworkInterfaces)
	}
}
