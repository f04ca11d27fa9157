package awsconv

import (
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// Managed is a managed service that puts ENIs in a VPC and has an owner
// kind of its own: a Redshift cluster, an MSK cluster, an ElastiCache
// cluster, an EFS file system, an OpenSearch domain, an EKS control plane.
// It is made from the SDK types in [Raw] (filled by the live API calls or
// by the AWS CLI's describe-clusters, list-clusters-v2,
// describe-cache-clusters, describe-mount-targets, describe-domains and
// describe-cluster outputs); its ID follows the scheme the ENI-text
// resolution uses (elasticache/<id>, opensearch/<domain>, eks/<name>,
// fs-…, redshift/<id>, the MSK cluster ARN), so both meet in one owner.
type Managed struct {
	Kind      sgmap.OwnerKind
	ID, Name  string
	VPCID     string
	GroupIDs  []string
	SubnetIDs []string
	// InterfaceIDs are the ENIs the service API names (EFS mount targets).
	InterfaceIDs []string
	Detail       map[string]string
}

// EKSNodegroup is an EKS managed node group: its instances are found
// through its Auto Scaling groups and marked as the cluster's nodes.
type EKSNodegroup struct {
	Cluster, Name     string
	AutoScalingGroups []string
}

// addManaged adds the managed services to r and claims the ENIs each
// names. A service whose API names no ENI claims the ENIs the text
// resolution gives to its kind in its VPC with exactly its groups (Redshift
// ENIs say only "RedshiftNetworkInterface").
func addManaged(raw *Raw, r *owners, enis []sgmap.NetworkInterface) {
	for _, m := range managedOf(raw) {
		o := sgmap.Owner{ID: m.ID, Kind: m.Kind, Name: or(m.Name, m.ID), AccountID: raw.AccountID, Region: raw.Region,
			VPCID: m.VPCID, GroupIDs: slices.Clone(m.GroupIDs), InterfaceIDs: slices.Clone(m.InterfaceIDs), Detail: m.Detail}
		r.add(o)
		for _, id := range m.InterfaceIDs {
			r.claim(id, m.ID)
		}
		if len(m.InterfaceIDs) > 0 || len(m.GroupIDs) == 0 {
			continue
		}
		want := slices.Sorted(slices.Values(m.GroupIDs))
		for i := range enis {
			e := &enis[i]
			t := ownerFromTypeAndDescription(e)
			// An ENI whose text names another resource of the kind (EKS
			// and OpenSearch ENIs name their cluster or domain) is that
			// one's, whatever its groups; only an ENI whose text gives no
			// more than the kind (an owner per ENI) is matched by groups.
			named := t != nil && t.ID != m.ID && !strings.HasSuffix(t.ID, "/"+e.ID)
			if t == nil || named || t.Kind != m.Kind || (m.VPCID != "" && e.VPCID != m.VPCID) {
				continue
			}
			if slices.Equal(slices.Sorted(slices.Values(e.GroupIDs)), want) {
				r.claim(e.ID, m.ID)
			}
		}
	}
}

// markEKSNodes records on each instance of a node group's Auto Scaling
// groups which EKS cluster and node group it serves.
func markEKSNodes(raw *Raw, list []sgmap.Owner) {
	byASG := map[string]EKSNodegroup{}
	for _, ng := range raw.EKSNodegroups {
		for _, a := range ng.AutoScalingGroups {
			byASG[a] = ng
		}
	}
	for i := range list {
		o := &list[i]
		if o.Kind != sgmap.OwnerInstance || o.Parent == nil || o.Parent.Kind != sgmap.ParentAutoScalingGroup {
			continue
		}
		if ng, ok := byASG[o.Parent.ID]; ok {
			o.Detail = addDetail(addDetail(o.Detail, "eks_cluster", ng.Cluster), "eks_nodegroup", ng.Name)
		}
	}
}
