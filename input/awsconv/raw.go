package awsconv

import (
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elasticachetypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/sgmap/sgmap"
)

// Raw is what one account and region returned, as aws-sdk-go-v2 types. It is
// the seam between fetching and converting: the live collector fills it from
// the AWS APIs, `sgmap import` fills it by decoding AWS CLI JSON (whose member
// names are the SDK's field names), and [Convert] turns Raws into one
// [sgmap.Snapshot]. Every list holds all pages.
type Raw struct {
	AccountID string
	Region    string

	// EC2
	VPCs               []ec2types.Vpc
	Subnets            []ec2types.Subnet
	SecurityGroups     []ec2types.SecurityGroup
	SecurityGroupRules []ec2types.SecurityGroupRule // preferred over IpPermissions: rule IDs
	NetworkInterfaces  []ec2types.NetworkInterface
	Instances          []ec2types.Instance
	PrefixLists        []ec2types.ManagedPrefixList
	PrefixListEntries  map[string][]ec2types.PrefixListEntry // by prefix list ID
	VPCEndpoints       []ec2types.VpcEndpoint
	NATGateways        []ec2types.NatGateway
	Peerings           []ec2types.VpcPeeringConnection
	StaleGroups        []ec2types.StaleSecurityGroup

	// Elastic Load Balancing
	LoadBalancers []elbv2types.LoadBalancer
	Listeners     []elbv2types.Listener
	TargetGroups  []elbv2types.TargetGroup
	TargetHealth  map[string][]elbv2types.TargetHealthDescription // by target group ARN
	ClassicLBs    []elbtypes.LoadBalancerDescription

	// ECS, Lambda, RDS
	ECSServices     []ecstypes.Service
	ECSTasks        []ecstypes.Task
	LambdaFunctions []lambdatypes.FunctionConfiguration
	DBInstances     []rdstypes.DBInstance
	DBClusters      []rdstypes.DBCluster

	// ElastiCache
	CacheClusters []elasticachetypes.CacheCluster

	// Managed services with an owner kind of their own, and EKS node
	// groups (AWS CLI import only; see [Managed]).
	Managed       []Managed
	EKSNodegroups []EKSNodegroup

	// Warnings say what could not be fetched for this account and region.
	Warnings []sgmap.Warning
}
