package awscli

import (
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elasticachetypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	opensearchtypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	redshifttypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/sgmap/sgmap/input/awsconv"
)

// The AWS CLI outputs of managed services with an owner kind of their own
// (awsconv.Managed) decode into the SDK types the live collector fills,
// and awsconv converts both alike. EKS node groups, which only the import
// reads, decode into the few members sgmap uses.

type eksNodegroup struct {
	NodegroupName, ClusterName string
	Resources                  *struct {
		AutoScalingGroups []struct{ Name string }
	}
}

// managedDecoders extend decoders with the managed services' outputs.
var managedDecoders = map[string]func(f *fileRaw, v any, where string) error{
	"Clusters":         listInto(func(f *fileRaw) *[]redshifttypes.Cluster { return &f.raw.RedshiftClusters }),
	"ClusterInfoList":  decodeMSKClusters,
	"CacheClusters":    listInto(func(f *fileRaw) *[]elasticachetypes.CacheCluster { return &f.raw.CacheClusters }),
	"MountTargets":     listInto(func(f *fileRaw) *[]efstypes.MountTargetDescription { return &f.raw.EFSMountTargets }),
	"DomainStatusList": listInto(func(f *fileRaw) *[]opensearchtypes.DomainStatus { return &f.raw.OpenSearchDomains }),
	"DomainStatus":     listInto(func(f *fileRaw) *[]opensearchtypes.DomainStatus { return &f.raw.OpenSearchDomains }), // describe-domain
	"cluster":          listInto(func(f *fileRaw) *[]ekstypes.Cluster { return &f.raw.EKSClusters }),                   // eks describe-cluster
	"nodegroup":        decodeNodegroups,                                                                               // eks describe-nodegroup
}

// singleObjectKeys are outputs of describe-one commands: an object, not a
// list, under the key.
var singleObjectKeys = map[string]bool{"DomainStatus": true, "cluster": true, "nodegroup": true}

func init() {
	for k, d := range managedDecoders {
		decoders[k] = d
	}
}

// mskV1 is what `aws kafka list-clusters` (v1) has where list-clusters-v2
// has Provisioned.BrokerNodeGroupInfo.
type mskV1 struct {
	BrokerNodeGroupInfo *kafkatypes.BrokerNodeGroupInfo
}

// decodeMSKClusters decodes list-clusters-v2 output into the SDK type, and
// list-clusters (v1) output into it too, as a provisioned cluster.
func decodeMSKClusters(f *fileRaw, v any, where string) error {
	var v2 []kafkatypes.Cluster
	var v1 []mskV1
	tmp := &fileRaw{}
	if err := listInto(func(*fileRaw) *[]kafkatypes.Cluster { return &v2 })(tmp, v, where); err != nil {
		return err
	}
	f.dropped, f.recognised = append(f.dropped, tmp.dropped...), f.recognised+tmp.recognised
	if err := listInto(func(*fileRaw) *[]mskV1 { return &v1 })(&fileRaw{}, v, where); err != nil || len(v1) != len(v2) {
		f.raw.MSKClusters = append(f.raw.MSKClusters, v2...)
		return nil
	}
	for i, c := range v2 {
		if c.Provisioned == nil && c.Serverless == nil && v1[i].BrokerNodeGroupInfo != nil {
			c.Provisioned = &kafkatypes.Provisioned{BrokerNodeGroupInfo: v1[i].BrokerNodeGroupInfo}
		}
		f.raw.MSKClusters = append(f.raw.MSKClusters, c)
	}
	return nil
}

func decodeNodegroups(f *fileRaw, v any, where string) error {
	var items []eksNodegroup
	tmp := &fileRaw{}
	if err := listInto(func(*fileRaw) *[]eksNodegroup { return &items })(tmp, v, where); err != nil {
		return err
	}
	f.dropped = append(f.dropped, tmp.dropped...)
	for _, n := range items {
		ng := awsconv.EKSNodegroup{Cluster: n.ClusterName, Name: n.NodegroupName}
		if n.Resources != nil {
			for _, a := range n.Resources.AutoScalingGroups {
				ng.AutoScalingGroups = append(ng.AutoScalingGroups, a.Name)
			}
		}
		f.raw.EKSNodegroups = append(f.raw.EKSNodegroups, ng)
		f.recognised++
	}
	return nil
}
