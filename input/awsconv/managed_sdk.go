package awsconv

import (
	"cmp"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elasticachetypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	opensearchtypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	redshifttypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/sgmap/sgmap"
)

// managedOf converts raw's managed services from their SDK types, one
// entry per owner: the mount targets of one EFS file system merge into it.
func managedOf(raw *Raw) []Managed {
	var all []Managed
	add := func(m Managed, ok bool) {
		if ok {
			all = mergeManaged(all, m)
		}
	}
	for _, c := range raw.CacheClusters {
		add(managedFromCacheCluster(c))
	}
	for _, c := range raw.RedshiftClusters {
		add(managedFromRedshift(c))
	}
	for _, c := range raw.MSKClusters {
		add(managedFromMSK(c))
	}
	names := map[string]string{}
	for _, fs := range raw.EFSFileSystems {
		names[aws.ToString(fs.FileSystemId)] = aws.ToString(fs.Name)
	}
	for _, t := range raw.EFSMountTargets {
		add(managedFromMountTarget(t, raw.EFSMountTargetGroups[aws.ToString(t.MountTargetId)], names[aws.ToString(t.FileSystemId)]))
	}
	for _, d := range raw.OpenSearchDomains {
		add(managedFromOpenSearch(d))
	}
	for _, c := range raw.EKSClusters {
		add(managedFromEKS(c))
	}
	return all
}

// mergeManaged adds m, merging it into an entry with the same ID.
func mergeManaged(list []Managed, m Managed) []Managed {
	i := slices.IndexFunc(list, func(x Managed) bool { return x.ID == m.ID })
	if i < 0 {
		return append(list, m)
	}
	x := &list[i]
	x.VPCID = cmp.Or(x.VPCID, m.VPCID)
	x.GroupIDs = sortedUnique(append(x.GroupIDs, m.GroupIDs...))
	x.SubnetIDs = sortedUnique(append(x.SubnetIDs, m.SubnetIDs...))
	x.InterfaceIDs = sortedUnique(append(x.InterfaceIDs, m.InterfaceIDs...))
	return list
}

// sortedUnique is s sorted, without repeats or empty strings.
func sortedUnique(s []string) []string {
	s = slices.DeleteFunc(slices.Clone(s), func(x string) bool { return x == "" })
	slices.Sort(s)
	return slices.Compact(s)
}

// managedFromCacheCluster converts an ElastiCache cluster. Its ENIs say
// "ElastiCache <cluster-id>", which names the same owner.
func managedFromCacheCluster(c elasticachetypes.CacheCluster) (Managed, bool) {
	id := aws.ToString(c.CacheClusterId)
	m := Managed{Kind: sgmap.OwnerElastiCache, ID: "elasticache/" + id, Name: id,
		Detail: details("service", "elasticache", "engine", aws.ToString(c.Engine), "replication_group", aws.ToString(c.ReplicationGroupId))}
	for _, g := range c.SecurityGroups {
		m.GroupIDs = append(m.GroupIDs, aws.ToString(g.SecurityGroupId))
	}
	m.GroupIDs = sortedUnique(m.GroupIDs)
	return m, id != ""
}

// managedFromRedshift converts a Redshift cluster; its ENIs say only
// "RedshiftNetworkInterface" and are matched by VPC and groups.
func managedFromRedshift(c redshifttypes.Cluster) (Managed, bool) {
	id := aws.ToString(c.ClusterIdentifier)
	m := Managed{Kind: sgmap.OwnerRedshift, ID: "redshift/" + id, Name: id, VPCID: aws.ToString(c.VpcId),
		Detail: details("service", "redshift", "node_type", aws.ToString(c.NodeType))}
	for _, g := range c.VpcSecurityGroups {
		m.GroupIDs = append(m.GroupIDs, aws.ToString(g.VpcSecurityGroupId))
	}
	m.GroupIDs = sortedUnique(m.GroupIDs)
	return m, id != ""
}

// managedFromMSK converts an MSK cluster (provisioned or serverless).
func managedFromMSK(c kafkatypes.Cluster) (Managed, bool) {
	arn := aws.ToString(c.ClusterArn)
	m := Managed{Kind: sgmap.OwnerMSK, ID: arn, Name: aws.ToString(c.ClusterName), Detail: details("service", "kafka")}
	if p := c.Provisioned; p != nil && p.BrokerNodeGroupInfo != nil {
		m.GroupIDs = append(m.GroupIDs, p.BrokerNodeGroupInfo.SecurityGroups...)
		m.SubnetIDs = append(m.SubnetIDs, p.BrokerNodeGroupInfo.ClientSubnets...)
	}
	if c.Serverless != nil {
		for _, v := range c.Serverless.VpcConfigs {
			m.GroupIDs = append(m.GroupIDs, v.SecurityGroupIds...)
			m.SubnetIDs = append(m.SubnetIDs, v.SubnetIds...)
		}
	}
	m.GroupIDs, m.SubnetIDs = sortedUnique(m.GroupIDs), sortedUnique(m.SubnetIDs)
	return m, arn != ""
}

// managedFromMountTarget converts one mount target into its file system
// (named name, when it has a Name tag), with groups when they are known.
func managedFromMountTarget(t efstypes.MountTargetDescription, groups []string, name string) (Managed, bool) {
	id := aws.ToString(t.FileSystemId)
	return Managed{Kind: sgmap.OwnerEFS, ID: id, Name: or(name, id), VPCID: aws.ToString(t.VpcId),
		GroupIDs:     sortedUnique(groups),
		SubnetIDs:    sortedUnique([]string{aws.ToString(t.SubnetId)}),
		InterfaceIDs: sortedUnique([]string{aws.ToString(t.NetworkInterfaceId)}),
		Detail:       details("service", "efs")}, id != ""
}

// managedFromOpenSearch converts an OpenSearch domain. A domain outside a
// VPC has no ENIs or groups: nothing to draw.
func managedFromOpenSearch(d opensearchtypes.DomainStatus) (Managed, bool) {
	name := aws.ToString(d.DomainName)
	m := Managed{Kind: sgmap.OwnerOpenSearch, ID: "opensearch/" + name, Name: name,
		Detail: details("service", "opensearch", "engine", aws.ToString(d.EngineVersion))}
	v := d.VPCOptions
	if v != nil {
		m.VPCID, m.GroupIDs, m.SubnetIDs = aws.ToString(v.VPCId), sortedUnique(v.SecurityGroupIds), sortedUnique(v.SubnetIds)
	}
	return m, name != "" && v != nil
}

// managedFromEKS converts an EKS cluster's control plane: its groups are
// the ones given at creation and the cluster security group.
func managedFromEKS(c ekstypes.Cluster) (Managed, bool) {
	name := aws.ToString(c.Name)
	m := Managed{Kind: sgmap.OwnerEKS, ID: "eks/" + name, Name: name,
		Detail: details("service", "eks", "kubernetes_version", aws.ToString(c.Version))}
	if v := c.ResourcesVpcConfig; v != nil {
		m.VPCID = aws.ToString(v.VpcId)
		m.GroupIDs = sortedUnique(append(slices.Clone(v.SecurityGroupIds), aws.ToString(v.ClusterSecurityGroupId)))
		m.SubnetIDs = sortedUnique(v.SubnetIds)
	}
	return m, name != ""
}
