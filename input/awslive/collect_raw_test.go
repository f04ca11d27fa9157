package awslive_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

func byID[T any](items []T, id func(T) *string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[aws.ToString(id(it))] = it
	}
	return m
}

// TestCollectRaw_Lossless: what the collector fetches is, field for field,
// what the scenario holds: every page and batch arrives, and the fake's
// XML and JSON carry every field the scenarios set through the SDK's own
// deserializers.
func TestCollectRaw_Lossless(t *testing.T) {
	for _, tt := range []struct {
		name string
		scn  *awsfake.Scenario
	}{{"article", awsfake.Article()}, {"large", awsfake.Large()}} {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.name == "large" {
				t.Skip("large scenario")
			}
			want := tt.scn.Accounts[0].Regions[0]
			srv := awsfake.New(t, tt.scn)
			raws, err := awslive.New(srv.Config(want.Name), nil, quiet(awslive.Options{})).CollectRaw(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got := raws[0]
			opts := cmp.Options{cmpopts.IgnoreUnexported(
				ec2types.Vpc{}, ec2types.VpcCidrBlockAssociation{}, ec2types.VpcCidrBlockState{}, ec2types.Tag{},
				ec2types.Subnet{}, ec2types.SecurityGroup{}, ec2types.IpPermission{}, ec2types.IpRange{}, ec2types.Ipv6Range{},
				ec2types.PrefixListId{}, ec2types.UserIdGroupPair{}, ec2types.SecurityGroupRule{}, ec2types.ReferencedSecurityGroup{},
				ec2types.NetworkInterface{}, ec2types.GroupIdentifier{}, ec2types.NetworkInterfacePrivateIpAddress{},
				ec2types.NetworkInterfaceAttachment{}, ec2types.Instance{}, ec2types.InstanceState{}, ec2types.InstanceNetworkInterface{},
				ec2types.InstanceNetworkInterfaceAttachment{}, ec2types.VpcEndpoint{}, ec2types.SecurityGroupIdentifier{},
				ec2types.NatGateway{}, ec2types.NatGatewayAddress{}, ec2types.ManagedPrefixList{}, ec2types.PrefixListEntry{},
				ec2types.VpcPeeringConnection{}, ec2types.VpcPeeringConnectionVpcInfo{}, ec2types.CidrBlock{},
				ec2types.VpcPeeringConnectionStateReason{},
				elbv2types.LoadBalancer{}, elbv2types.LoadBalancerState{}, elbv2types.AvailabilityZone{}, elbv2types.Listener{},
				elbv2types.TargetGroup{}, elbv2types.TargetHealthDescription{}, elbv2types.TargetDescription{}, elbv2types.TargetHealth{},
				ecstypes.Service{}, ecstypes.NetworkConfiguration{}, ecstypes.AwsVpcConfiguration{}, ecstypes.Task{},
				ecstypes.Attachment{}, ecstypes.KeyValuePair{},
				lambdatypes.FunctionConfiguration{}, lambdatypes.VpcConfigResponse{},
				rdstypes.DBInstance{}, rdstypes.VpcSecurityGroupMembership{}, rdstypes.DBSubnetGroup{}, rdstypes.Subnet{},
			), cmpopts.EquateEmpty()}
			check := func(name string, want, got any) {
				t.Helper()
				if diff := cmp.Diff(want, got, opts); diff != "" {
					t.Errorf("%s (-scenario +collected):\n%s", name, diff)
				}
			}
			check("VPCs", byID(want.VPCs, func(v ec2types.Vpc) *string { return v.VpcId }), byID(got.VPCs, func(v ec2types.Vpc) *string { return v.VpcId }))
			check("subnets", byID(want.Subnets, func(v ec2types.Subnet) *string { return v.SubnetId }), byID(got.Subnets, func(v ec2types.Subnet) *string { return v.SubnetId }))
			sg := func(v ec2types.SecurityGroup) *string { return v.GroupId }
			check("groups", byID(want.SecurityGroups, sg), byID(got.SecurityGroups, sg))
			sgr := func(v ec2types.SecurityGroupRule) *string { return v.SecurityGroupRuleId }
			check("rules", byID(want.SecurityGroupRules, sgr), byID(got.SecurityGroupRules, sgr))
			eni := func(v ec2types.NetworkInterface) *string { return v.NetworkInterfaceId }
			check("ENIs", byID(want.NetworkInterfaces, eni), byID(got.NetworkInterfaces, eni))
			in := func(v ec2types.Instance) *string { return v.InstanceId }
			check("instances", byID(want.Instances, in), byID(got.Instances, in))
			ep := func(v ec2types.VpcEndpoint) *string { return v.VpcEndpointId }
			check("endpoints", byID(want.VPCEndpoints, ep), byID(got.VPCEndpoints, ep))
			nat := func(v ec2types.NatGateway) *string { return v.NatGatewayId }
			check("NAT gateways", byID(want.NATGateways, nat), byID(got.NATGateways, nat))
			pl := func(v ec2types.ManagedPrefixList) *string { return v.PrefixListId }
			check("prefix lists", byID(want.PrefixLists, pl), byID(got.PrefixLists, pl))
			for id, entries := range want.PrefixListEntries {
				check("entries of "+id, entries, got.PrefixListEntries[id])
			}
			pcx := func(v ec2types.VpcPeeringConnection) *string { return v.VpcPeeringConnectionId }
			check("peerings", byID(want.Peerings, pcx), byID(got.Peerings, pcx))
			lb := func(v elbv2types.LoadBalancer) *string { return v.LoadBalancerArn }
			check("load balancers", byID(want.LoadBalancers, lb), byID(got.LoadBalancers, lb))
			ls := func(v elbv2types.Listener) *string { return v.ListenerArn }
			check("listeners", byID(want.Listeners, ls), byID(got.Listeners, ls))
			tg := func(v elbv2types.TargetGroup) *string { return v.TargetGroupArn }
			check("target groups", byID(want.TargetGroups, tg), byID(got.TargetGroups, tg))
			check("target health", want.TargetHealth, got.TargetHealth)
			svc := func(v ecstypes.Service) *string { return v.ServiceArn }
			check("ECS services", byID(want.ECSServices, svc), byID(got.ECSServices, svc))
			task := func(v ecstypes.Task) *string { return v.TaskArn }
			check("ECS tasks", byID(want.ECSTasks, task), byID(got.ECSTasks, task))
			fn := func(v lambdatypes.FunctionConfiguration) *string { return v.FunctionName }
			check("Lambda functions", byID(want.LambdaFunctions, fn), byID(got.LambdaFunctions, fn))
			db := func(v rdstypes.DBInstance) *string { return v.DBInstanceIdentifier }
			check("DB instances", byID(want.DBInstances, db), byID(got.DBInstances, db))
		})
	}
}
