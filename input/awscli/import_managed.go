package awscli

import (
	"cmp"
	"slices"

	elasticachetypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsconv"
)

// The AWS CLI outputs of managed services with an owner kind of their own
// (awsconv.Managed), decoded into the few members sgmap uses; ElastiCache,
// which sgmap also collects live, into the SDK type.

type redshiftCluster struct {
	ClusterIdentifier string
	VpcId             string
	NodeType          string
	VpcSecurityGroups []struct{ VpcSecurityGroupId string }
}

type mskVPC struct {
	ClientSubnets  []string
	SecurityGroups []string
}

type mskCluster struct {
	ClusterArn, ClusterName string
	BrokerNodeGroupInfo     *mskVPC // list-clusters
	Provisioned             *struct {
		BrokerNodeGroupInfo *mskVPC
	} // list-clusters-v2
	Serverless *struct {
		VpcConfigs []struct{ SubnetIds, SecurityGroupIds []string }
	}
}

type mountTarget struct {
	MountTargetId, FileSystemId, SubnetId, VpcId, NetworkInterfaceId string
}

type openSearchDomain struct {
	DomainName, EngineVersion string
	VPCOptions                *struct {
		VPCId                       string
		SubnetIds, SecurityGroupIds []string
	}
}

type eksCluster struct {
	Name, Version      string
	ResourcesVpcConfig *struct {
		VpcId, ClusterSecurityGroupId string
		SubnetIds, SecurityGroupIds   []string
	}
}

type eksNodegroup struct {
	NodegroupName, ClusterName string
	Resources                  *struct {
		AutoScalingGroups []struct{ Name string }
	}
}

// managedDecoders extend decoders with the managed services' outputs.
var managedDecoders = map[string]func(f *fileRaw, v any, where string) error{
	"Clusters":         managedInto(redshiftManaged),
	"ClusterInfoList":  managedInto(mskManaged),
	"CacheClusters":    listInto(func(f *fileRaw) *[]elasticachetypes.CacheCluster { return &f.raw.CacheClusters }),
	"MountTargets":     managedInto(efsManaged),
	"DomainStatusList": managedInto(openSearchManaged),
	"DomainStatus":     managedInto(openSearchManaged), // describe-domain
	"cluster":          managedInto(eksManaged),        // eks describe-cluster
	"nodegroup":        decodeNodegroups,               // eks describe-nodegroup
}

// singleObjectKeys are outputs of describe-one commands: an object, not a
// list, under the key.
var singleObjectKeys = map[string]bool{"DomainStatus": true, "cluster": true, "nodegroup": true}

func init() {
	for k, d := range managedDecoders {
		decoders[k] = d
	}
}

// managedInto decodes a list of T and appends what conv makes of each item.
func managedInto[T any](conv func(T) (awsconv.Managed, bool)) func(f *fileRaw, v any, where string) error {
	return func(f *fileRaw, v any, where string) error {
		var items []T
		tmp := &fileRaw{}
		if err := listInto(func(*fileRaw) *[]T { return &items })(tmp, v, where); err != nil {
			return err
		}
		f.dropped = append(f.dropped, tmp.dropped...)
		for _, it := range items {
			if m, ok := conv(it); ok {
				f.raw.Managed = mergeManaged(f.raw.Managed, m)
				f.recognised++
			}
		}
		return nil
	}
}

// mergeManaged adds m, merging it into an entry with the same ID (the
// mount targets of one file system).
func mergeManaged(list []awsconv.Managed, m awsconv.Managed) []awsconv.Managed {
	i := slices.IndexFunc(list, func(x awsconv.Managed) bool { return x.ID == m.ID })
	if i < 0 {
		return append(list, m)
	}
	x := &list[i]
	x.VPCID = cmp.Or(x.VPCID, m.VPCID)
	x.GroupIDs = uniq(append(x.GroupIDs, m.GroupIDs...))
	x.SubnetIDs = uniq(append(x.SubnetIDs, m.SubnetIDs...))
	x.InterfaceIDs = uniq(append(x.InterfaceIDs, m.InterfaceIDs...))
	return list
}

func uniq(s []string) []string {
	s = slices.DeleteFunc(s, func(x string) bool { return x == "" })
	slices.Sort(s)
	return slices.Compact(s)
}

func redshiftManaged(c redshiftCluster) (awsconv.Managed, bool) {
	m := awsconv.Managed{Kind: sgmap.OwnerRedshift, ID: "redshift/" + c.ClusterIdentifier, Name: c.ClusterIdentifier, VPCID: c.VpcId,
		Detail: details("service", "redshift", "node_type", c.NodeType)}
	for _, g := range c.VpcSecurityGroups {
		m.GroupIDs = append(m.GroupIDs, g.VpcSecurityGroupId)
	}
	m.GroupIDs = uniq(m.GroupIDs)
	return m, c.ClusterIdentifier != ""
}

func mskManaged(c mskCluster) (awsconv.Managed, bool) {
	m := awsconv.Managed{Kind: sgmap.OwnerMSK, ID: c.ClusterArn, Name: c.ClusterName, Detail: details("service", "kafka")}
	b := c.BrokerNodeGroupInfo
	if c.Provisioned != nil && c.Provisioned.BrokerNodeGroupInfo != nil {
		b = c.Provisioned.BrokerNodeGroupInfo
	}
	if b != nil {
		m.GroupIDs, m.SubnetIDs = uniq(b.SecurityGroups), uniq(b.ClientSubnets)
	}
	if c.Serverless != nil {
		for _, v := range c.Serverless.VpcConfigs {
			m.GroupIDs, m.SubnetIDs = uniq(append(m.GroupIDs, v.SecurityGroupIds...)), uniq(append(m.SubnetIDs, v.SubnetIds...))
		}
	}
	return m, c.ClusterArn != ""
}

func efsManaged(t mountTarget) (awsconv.Managed, bool) {
	return awsconv.Managed{Kind: sgmap.OwnerEFS, ID: t.FileSystemId, Name: t.FileSystemId, VPCID: t.VpcId,
		SubnetIDs: uniq([]string{t.SubnetId}), InterfaceIDs: uniq([]string{t.NetworkInterfaceId}),
		Detail: details("service", "efs")}, t.FileSystemId != ""
}

func openSearchManaged(d openSearchDomain) (awsconv.Managed, bool) {
	m := awsconv.Managed{Kind: sgmap.OwnerOpenSearch, ID: "opensearch/" + d.DomainName, Name: d.DomainName,
		Detail: details("service", "opensearch", "engine", d.EngineVersion)}
	if v := d.VPCOptions; v != nil {
		m.VPCID, m.GroupIDs, m.SubnetIDs = v.VPCId, uniq(v.SecurityGroupIds), uniq(v.SubnetIds)
	}
	// A domain outside a VPC has no ENIs or groups: nothing to draw.
	return m, d.DomainName != "" && d.VPCOptions != nil
}

func eksManaged(c eksCluster) (awsconv.Managed, bool) {
	m := awsconv.Managed{Kind: sgmap.OwnerEKS, ID: "eks/" + c.Name, Name: c.Name,
		Detail: details("service", "eks", "kubernetes_version", c.Version)}
	if v := c.ResourcesVpcConfig; v != nil {
		m.VPCID = v.VpcId
		m.GroupIDs = uniq(append(slices.Clone(v.SecurityGroupIds), v.ClusterSecurityGroupId))
		m.SubnetIDs = uniq(v.SubnetIds)
	}
	return m, c.Name != ""
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

// details builds a Detail map from key, value pairs, leaving out empty
// values.
func details(kv ...string) map[string]string {
	out := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}
