package awslive_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	opensearchtypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	redshifttypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

// managedOwner is one owner addManaged puts in a region: its owner ID and
// kind, and the ENI the service's own API or the ENI's text ties to it.
type managedOwner struct {
	id   string
	kind sgmap.OwnerKind
	eni  string
}

// addManaged adds n Redshift clusters, MSK clusters, EFS file systems (two
// mount targets each), OpenSearch domains and EKS clusters to r (a region
// of account), each in r's first group and with an ENI that names it the
// way AWS's do, and returns the owners collection must make of them.
func addManaged(r *awsfake.Region, account string, n int) []managedOwner {
	g := r.SecurityGroups[0]
	vpc, subnet := g.VpcId, r.Subnets[0].SubnetId
	group := []string{aws.ToString(g.GroupId)}
	eni := func(id, desc string, typ ec2types.NetworkInterfaceType) {
		r.NetworkInterfaces = append(r.NetworkInterfaces, ec2types.NetworkInterface{NetworkInterfaceId: aws.String(id),
			Description: aws.String(desc), InterfaceType: typ, RequesterManaged: aws.Bool(true), VpcId: vpc, SubnetId: subnet,
			OwnerId: aws.String(account), PrivateIpAddress: aws.String("10.0.0.250"),
			Groups: []ec2types.GroupIdentifier{{GroupId: g.GroupId, GroupName: g.GroupName}}})
	}
	var want []managedOwner
	for i := range n {
		name := fmt.Sprintf("svc%d", i)
		r.RedshiftClusters = append(r.RedshiftClusters, redshifttypes.Cluster{ClusterIdentifier: aws.String(name), VpcId: vpc,
			NodeType: aws.String("ra3.xlplus"), VpcSecurityGroups: []redshifttypes.VpcSecurityGroupMembership{{VpcSecurityGroupId: g.GroupId}}})
		// Redshift ENIs do not name their cluster: they are matched by
		// VPC and groups, so only one cluster in these groups has one.
		if i == 0 {
			eni("eni-0ed50000000000001", "RedshiftNetworkInterface", ec2types.NetworkInterfaceTypeInterface)
		}
		want = append(want, managedOwner{"redshift/" + name, sgmap.OwnerRedshift, map[bool]string{true: "eni-0ed50000000000001"}[i == 0]})

		arn := fmt.Sprintf("arn:aws:kafka:%s:%s:cluster/%s/0d0a7a01-%04d", r.Name, account, name, i)
		r.MSKClusters = append(r.MSKClusters, kafkatypes.Cluster{ClusterArn: aws.String(arn), ClusterName: aws.String(name),
			ClusterType: kafkatypes.ClusterTypeProvisioned, Provisioned: &kafkatypes.Provisioned{
				BrokerNodeGroupInfo: &kafkatypes.BrokerNodeGroupInfo{ClientSubnets: []string{aws.ToString(subnet)}, SecurityGroups: group}}})
		want = append(want, managedOwner{arn, sgmap.OwnerMSK, ""})

		fs := fmt.Sprintf("fs-0e0f%04d", i)
		r.EFSFileSystems = append(r.EFSFileSystems, efstypes.FileSystemDescription{FileSystemId: aws.String(fs), Name: aws.String(name),
			NumberOfMountTargets: 2})
		for j := range 2 {
			mt, id := fmt.Sprintf("fsmt-0e0f%04d%d", i, j), fmt.Sprintf("eni-0ef50000000000%02d%d", i, j)
			r.EFSMountTargets = append(r.EFSMountTargets, efstypes.MountTargetDescription{MountTargetId: aws.String(mt),
				FileSystemId: aws.String(fs), SubnetId: subnet, VpcId: vpc, NetworkInterfaceId: aws.String(id)})
			if r.EFSMountTargetGroups == nil {
				r.EFSMountTargetGroups = map[string][]string{}
			}
			r.EFSMountTargetGroups[mt] = group
			eni(id, "EFS mount target for "+fs+" ("+mt+")", "efs")
		}
		want = append(want, managedOwner{fs, sgmap.OwnerEFS, fmt.Sprintf("eni-0ef50000000000%02d1", i)})

		r.OpenSearchDomains = append(r.OpenSearchDomains, opensearchtypes.DomainStatus{DomainName: aws.String(name),
			EngineVersion: aws.String("OpenSearch_2.11"), VPCOptions: &opensearchtypes.VPCDerivedInfo{VPCId: vpc,
				SubnetIds: []string{aws.ToString(subnet)}, SecurityGroupIds: group}})
		eni(fmt.Sprintf("eni-0e050000000000%03d", i), "ES "+name, ec2types.NetworkInterfaceTypeInterface)
		want = append(want, managedOwner{"opensearch/" + name, sgmap.OwnerOpenSearch, fmt.Sprintf("eni-0e050000000000%03d", i)})

		r.EKSClusters = append(r.EKSClusters, ekstypes.Cluster{Name: aws.String(name), Version: aws.String("1.31"),
			ResourcesVpcConfig: &ekstypes.VpcConfigResponse{VpcId: vpc, SubnetIds: []string{aws.ToString(subnet)},
				ClusterSecurityGroupId: g.GroupId}})
		eni(fmt.Sprintf("eni-0eec0000000000%03d", i), "Amazon EKS "+name, ec2types.NetworkInterfaceTypeInterface)
		want = append(want, managedOwner{"eks/" + name, sgmap.OwnerEKS, fmt.Sprintf("eni-0eec0000000000%03d", i)})
	}
	return want
}

// checkManaged fails t unless s has every owner of want, of its kind, in
// the group its API declares, owning its ENI (one owner, not one per ENI).
func checkManaged(t *testing.T, s *sgmap.Snapshot, want []managedOwner, group string) {
	t.Helper()
	x := sgmap.NewIndex(s)
	for _, w := range want {
		o := x.Owners[w.id]
		if o == nil {
			t.Errorf("no owner %s", w.id)
			continue
		}
		if o.Kind != w.kind || !slices.Equal(x.OwnerGroups(w.id), []string{group}) {
			t.Errorf("owner %s: kind %s, groups %v; want %s in %s", w.id, o.Kind, x.OwnerGroups(w.id), w.kind, group)
		}
		if w.eni != "" && (x.Interfaces[w.eni] == nil || x.Interfaces[w.eni].OwnerID != w.id) {
			t.Errorf("ENI %s is not owned by %s", w.eni, w.id)
		}
	}
}

// TestCollect_ManagedServices: Redshift (awsquery XML), MSK, EFS,
// OpenSearch and EKS (REST-JSON) through the real SDK clients, against
// short pages everywhere: every page and batch is followed, each service
// becomes an owner of its kind with the details its API gives, and the
// calls are the fewest the APIs allow.
func TestCollect_ManagedServices(t *testing.T) {
	scn := awsfake.Article()
	r := scn.Accounts[0].Regions[0]
	const n = 7 // two DescribeDomains batches
	want := addManaged(r, scn.Accounts[0].ID, n)
	for _, op := range []string{"DescribeClusters", "ListClustersV2", "DescribeFileSystems", "DescribeMountTargets"} {
		scn.PageSize[op] = 1
	}
	srv := awsfake.New(t, scn)
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if len(s.Warnings) != 0 {
		t.Fatalf("warnings: %v", s.Warnings)
	}
	checkManaged(t, s, want, aws.ToString(r.SecurityGroups[0].GroupId))
	x := sgmap.NewIndex(s)
	if o := x.Owners["redshift/svc0"]; o == nil || o.Detail["node_type"] != "ra3.xlplus" {
		t.Errorf("Redshift owner = %+v, want its node type", o)
	}
	if o := x.Owners["fs-0e0f0000"]; o == nil || o.Name != "svc0" || len(o.InterfaceIDs) != 2 {
		t.Errorf("EFS owner = %+v, want the file system's Name tag and both mount targets' ENIs", o)
	}
	if o := x.Owners["eks/svc0"]; o == nil || o.Detail["kubernetes_version"] != "1.31" {
		t.Errorf("EKS owner = %+v, want its Kubernetes version", o)
	}
	for action, calls := range map[string]int{
		"redshift:DescribeClusters":                           n,
		"kafka:ListClustersV2":                                n,
		"elasticfilesystem:DescribeFileSystems":               n,
		"elasticfilesystem:DescribeMountTargets":              2 * n,
		"elasticfilesystem:DescribeMountTargetSecurityGroups": 2 * n,
		"es:ListDomainNames":                                  1,
		"es:DescribeDomains":                                  2,
		"eks:DescribeCluster":                                 n,
	} {
		if st.Calls[action] != calls {
			t.Errorf("%s: %d calls, want %d", action, st.Calls[action], calls)
		}
	}
}

// TestCollect_ManagedThrottled: each managed service's calls throttled
// twice (429 TooManyRequestsException on REST-JSON, 400 Throttling on
// awsquery) are retried by the SDK, and nothing is missing.
func TestCollect_ManagedThrottled(t *testing.T) {
	scn := awsfake.Article()
	r := scn.Accounts[0].Regions[0]
	want := addManaged(r, scn.Accounts[0].ID, 2)
	srv := awsfake.New(t, scn)
	srv.AddFault(awsfake.Fault{API: "redshift", Times: 2, Status: 400, Code: "Throttling"})
	for _, op := range []struct{ api, op string }{{"kafka", "ListClustersV2"}, {"efs", "DescribeFileSystems"},
		{"efs", "DescribeMountTargets"}, {"efs", "DescribeMountTargetSecurityGroups"}, {"opensearch", "ListDomainNames"},
		{"opensearch", "DescribeDomains"}, {"eks", "ListClusters"}, {"eks", "DescribeCluster"}} {
		srv.AddFault(awsfake.Fault{API: op.api, Operation: op.op, Times: 2, Status: 429, Code: "TooManyRequestsException"})
	}
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if len(s.Warnings) != 0 {
		t.Fatalf("warnings: %v", s.Warnings)
	}
	checkManaged(t, s, want, aws.ToString(r.SecurityGroups[0].GroupId))
	if got, calls := srv.Actions()["kafka:ListClustersV2"], st.Calls["kafka:ListClustersV2"]; got != 3 || calls != 1 {
		t.Errorf("ListClustersV2: the fake saw %d requests, sgmap counted %d calls; want 3 attempts of 1 call", got, calls)
	}
}

// TestCollect_ManagedDenied: a managed service whose calls are denied is
// a warning naming the IAM action to grant, not a failure; the rest is
// collected, and the ENIs of a denied service still get owners of its
// kind from their own descriptions (in their own groups).
func TestCollect_ManagedDenied(t *testing.T) {
	tests := []struct {
		api, op, code string
		status        int
		action        string
		owner         string // an owner its ENIs still give, of its kind
	}{
		{"redshift", "DescribeClusters", "AccessDenied", 403, "redshift:DescribeClusters", ""},
		{"kafka", "ListClustersV2", "ForbiddenException", 403, "kafka:ListClustersV2", ""},
		{"efs", "DescribeFileSystems", "AccessDeniedException", 403, "elasticfilesystem:DescribeFileSystems", "fs-0e0f0000"},
		{"efs", "DescribeMountTargetSecurityGroups", "AccessDeniedException", 403,
			"elasticfilesystem:DescribeMountTargetSecurityGroups", "fs-0e0f0000"},
		{"opensearch", "ListDomainNames", "AccessDeniedException", 403, "es:ListDomainNames", "opensearch/svc0"},
		{"eks", "ListClusters", "AccessDeniedException", 403, "eks:ListClusters", "eks/svc0"},
		{"eks", "DescribeCluster", "AccessDeniedException", 403, "eks:DescribeCluster", "eks/svc0"},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			scn := awsfake.Article()
			r := scn.Accounts[0].Regions[0]
			want := addManaged(r, scn.Accounts[0].ID, 1)
			srv := awsfake.New(t, scn)
			srv.AddFault(awsfake.Fault{API: tt.api, Operation: tt.op, Status: tt.status, Code: tt.code})
			s, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{})
			if len(s.Warnings) != 1 || s.Warnings[0].Action != tt.action || s.Warnings[0].Code != tt.code ||
				!contains(s.Warnings[0].Message, "grant "+tt.action) {
				t.Fatalf("warnings = %+v, want one denial naming %s", s.Warnings, tt.action)
			}
			x := sgmap.NewIndex(s)
			var rest []managedOwner
			for _, w := range want {
				if !strings.HasPrefix(tt.action, iamService(w.kind)+":") {
					rest = append(rest, w)
				}
			}
			checkManaged(t, s, rest, aws.ToString(r.SecurityGroups[0].GroupId))
			if tt.owner != "" {
				w := want[slices.IndexFunc(want, func(w managedOwner) bool { return w.id == tt.owner })]
				e, o := x.Interfaces[w.eni], x.Owners[tt.owner]
				if e == nil || e.OwnerID != tt.owner || o == nil || o.Kind != w.kind ||
					!slices.Equal(x.OwnerGroups(tt.owner), []string{aws.ToString(r.SecurityGroups[0].GroupId)}) {
					t.Errorf("ENI %+v, owner %+v: want the ENI owned by %s, of kind %s, in its group, from its description", e, o, tt.owner, w.kind)
				}
			}
		})
	}
}

// iamService is the IAM prefix of the service behind an owner kind.
func iamService(k sgmap.OwnerKind) string {
	return map[sgmap.OwnerKind]string{sgmap.OwnerRedshift: "redshift", sgmap.OwnerMSK: "kafka", sgmap.OwnerEFS: "elasticfilesystem",
		sgmap.OwnerOpenSearch: "es", sgmap.OwnerEKS: "eks"}[k]
}

// TestCollect_ManagedMalformed: a truncated REST-JSON body (EKS
// DescribeCluster) is a "malformed" warning naming the action; the other
// services are still collected.
func TestCollect_ManagedMalformed(t *testing.T) {
	scn := awsfake.Article()
	r := scn.Accounts[0].Regions[0]
	want := addManaged(r, scn.Accounts[0].ID, 1)
	srv := awsfake.New(t, scn)
	srv.AddFault(awsfake.Fault{API: "eks", Operation: "DescribeCluster", Malformed: true})
	s, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if len(s.Warnings) != 1 || s.Warnings[0].Code != "malformed" || s.Warnings[0].Operation != "DescribeCluster" {
		t.Fatalf("warnings = %+v, want one malformed eks:DescribeCluster", s.Warnings)
	}
	var rest []managedOwner
	for _, w := range want {
		if w.kind != sgmap.OwnerEKS {
			rest = append(rest, w)
		}
	}
	checkManaged(t, s, rest, aws.ToString(r.SecurityGroups[0].GroupId))
}
