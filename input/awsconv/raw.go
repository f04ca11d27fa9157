package awsconv

import (
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elasticachetypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	opensearchtypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	redshifttypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

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

	// Managed services with an owner kind of their own (see [Managed]):
	// ElastiCache, Redshift, MSK (ListClustersV2), EFS, OpenSearch, EKS.
	CacheClusters    []elasticachetypes.CacheCluster
	RedshiftClusters []redshifttypes.Cluster
	MSKClusters      []kafkatypes.Cluster
	// EFSFileSystems only name the file systems of EFSMountTargets (the
	// AWS CLI import has mount targets alone).
	EFSFileSystems  []efstypes.FileSystemDescription
	EFSMountTargets []efstypes.MountTargetDescription
	// EFSMountTargetGroups are each mount target's security groups, by
	// mount target ID (DescribeMountTargetSecurityGroups); without them a
	// mount target's groups are its ENI's.
	EFSMountTargetGroups map[string][]string
	OpenSearchDomains    []opensearchtypes.DomainStatus
	EKSClusters          []ekstypes.Cluster

	// EKS node groups (AWS CLI import only).
	EKSNodegroups []EKSNodegroup

	// Warnings say what could not be fetched for this account and region.
	Warnings []sgmap.Warning
}
