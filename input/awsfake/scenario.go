package awsfake

import (
	"time"

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
)

// Scenario is what the fake AWS serves: accounts, their regions and the
// resources in each, written as aws-sdk-go-v2 types so that what a test
// puts in is exactly what the SDK hands back to the collector.
type Scenario struct {
	// Accounts[0] is the caller's own account: requests signed with the
	// static credentials of [Server.Config] land there. Other accounts are
	// reached with sts:AssumeRole on their RoleARN.
	Accounts []*Account
	// Latency is added to every call, to measure concurrency.
	Latency time.Duration
	// PageSize caps the page size of an operation
	// ("DescribeNetworkInterfaces": 2), whatever the request asks for, as
	// AWS may return short pages. Without it a request without a size gets
	// everything for EC2 (as AWS does) and the API's default elsewhere.
	PageSize map[string]int
	// Organization, when set, is the organization Accounts[0] manages
	// (organizations.go).
	Organization *Organization
}

// Account is one AWS account of a [Scenario].
type Account struct {
	ID string
	// RoleARN is the role that AssumeRole accepts for this account; empty
	// for the caller's own account.
	RoleARN string
	// ExternalID, when set, must be passed to AssumeRole.
	ExternalID string
	Regions    []*Region
}

// Region is one region of an [Account]: the resources its APIs return.
type Region struct {
	Name string
	// OptInRequired makes every call in the region fail as a region that
	// is not enabled for the account does (AuthFailure / OptInRequired).
	OptInRequired bool

	VPCs               []ec2types.Vpc
	Subnets            []ec2types.Subnet
	SecurityGroups     []ec2types.SecurityGroup
	SecurityGroupRules []ec2types.SecurityGroupRule
	NetworkInterfaces  []ec2types.NetworkInterface
	Instances          []ec2types.Instance
	PrefixLists        []ec2types.ManagedPrefixList
	PrefixListEntries  map[string][]ec2types.PrefixListEntry
	VPCEndpoints       []ec2types.VpcEndpoint
	NATGateways        []ec2types.NatGateway
	Peerings           []ec2types.VpcPeeringConnection
	// StaleGroups are keyed by the VPC whose stale rules they are.
	StaleGroups map[string][]ec2types.StaleSecurityGroup

	LoadBalancers []elbv2types.LoadBalancer
	Listeners     []elbv2types.Listener
	TargetGroups  []elbv2types.TargetGroup
	TargetHealth  map[string][]elbv2types.TargetHealthDescription // by target group ARN
	ClassicLBs    []elbtypes.LoadBalancerDescription

	ECSClusters     []string // cluster ARNs
	ECSServices     []ecstypes.Service
	ECSTasks        []ecstypes.Task
	LambdaFunctions []lambdatypes.FunctionConfiguration
	DBInstances     []rdstypes.DBInstance
	DBClusters      []rdstypes.DBCluster
	CacheClusters   []elasticachetypes.CacheCluster

	RedshiftClusters []redshifttypes.Cluster
	MSKClusters      []kafkatypes.Cluster
	EFSFileSystems   []efstypes.FileSystemDescription
	EFSMountTargets  []efstypes.MountTargetDescription
	// EFSMountTargetGroups are each mount target's security groups, by
	// mount target ID (DescribeMountTargetSecurityGroups).
	EFSMountTargetGroups map[string][]string
	OpenSearchDomains    []opensearchtypes.DomainStatus
	EKSClusters          []ekstypes.Cluster
}

func (s *Scenario) account(id string) *Account {
	for _, a := range s.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func (a *Account) region(name string) *Region {
	for _, r := range a.Regions {
		if r.Name == name {
			return r
		}
	}
	return nil
}
