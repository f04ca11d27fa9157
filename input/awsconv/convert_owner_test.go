package awsconv

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
)

func TestLoadBalancerFromELBv2(t *testing.T) {
	const (
		arn   = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1"
		other = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/other/2"
		tg    = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/3"
	)
	lb := elbv2types.LoadBalancer{LoadBalancerArn: aws.String(arn), LoadBalancerName: aws.String("web"), Type: "application",
		Scheme: "internet-facing", VpcId: aws.String(testVPC), SecurityGroups: []string{"sg-lb"}, DNSName: aws.String("web.example")}
	listeners := []elbv2types.Listener{
		{LoadBalancerArn: aws.String(arn), Port: aws.Int32(443), Protocol: "HTTPS"},
		{LoadBalancerArn: aws.String(other), Port: aws.Int32(80), Protocol: "HTTP"},
	}
	groups := []elbv2types.TargetGroup{
		{TargetGroupArn: aws.String(tg), TargetGroupName: aws.String("web"), Port: aws.Int32(8443), Protocol: "HTTPS",
			TargetType: "instance", HealthCheckPort: aws.String("traffic-port"), LoadBalancerArns: []string{arn}},
		{TargetGroupArn: aws.String("tg-other"), LoadBalancerArns: []string{other}},
	}
	health := map[string][]elbv2types.TargetHealthDescription{tg: {
		{Target: &elbv2types.TargetDescription{Id: aws.String("i-1"), Port: aws.Int32(8443)}},
		{Target: &elbv2types.TargetDescription{Id: aws.String("i-2")}}, // no port: the group's
		{Target: nil},
	}}
	got := loadBalancerFromELBv2(lb, listeners, groups, health, "", "")
	want := sgmap.Owner{ID: arn, Kind: sgmap.OwnerLoadBalancer, Name: "web", AccountID: "111122223333", Region: "eu-west-1",
		VPCID: testVPC, GroupIDs: []string{"sg-lb"},
		LoadBalancer: &sgmap.LoadBalancer{Type: "application", Scheme: "internet-facing", DNSName: "web.example",
			Listeners: []sgmap.Listener{{Protocol: "HTTPS", Port: 443}},
			TargetGroups: []sgmap.TargetGroup{{ID: tg, Name: "web", Protocol: "HTTPS", Port: 8443, TargetType: "instance",
				HealthCheckPort: "traffic-port", Targets: []sgmap.Target{{ID: "i-1", Port: 8443}, {ID: "i-2", Port: 8443}}}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("loadBalancerFromELBv2 (-want +got):\n%s", diff)
	}
}

func TestLoadBalancerFromELB(t *testing.T) {
	lb := elbtypes.LoadBalancerDescription{LoadBalancerName: aws.String("legacy"), VPCId: aws.String(testVPC), Scheme: aws.String("internal"),
		SecurityGroups: []string{"sg-clb"}, Instances: []elbtypes.Instance{{InstanceId: aws.String("i-1")}},
		ListenerDescriptions: []elbtypes.ListenerDescription{
			{Listener: &elbtypes.Listener{Protocol: aws.String("HTTP"), LoadBalancerPort: 80, InstancePort: aws.Int32(8080)}},
			{Listener: &elbtypes.Listener{Protocol: aws.String("TCP"), LoadBalancerPort: 81, InstancePort: aws.Int32(8080)}},
			{Listener: nil},
		}}
	got := loadBalancerFromELB(lb, testAccount, testRegion)
	id := "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/legacy"
	want := sgmap.Owner{ID: id, Kind: sgmap.OwnerLoadBalancer, Name: "legacy", AccountID: testAccount, Region: testRegion,
		VPCID: testVPC, GroupIDs: []string{"sg-clb"},
		LoadBalancer: &sgmap.LoadBalancer{Type: "classic", Scheme: "internal",
			Listeners:    []sgmap.Listener{{Protocol: "HTTP", Port: 80}, {Protocol: "TCP", Port: 81}},
			TargetGroups: []sgmap.TargetGroup{{ID: id, Name: "legacy", TargetType: "instance", Targets: []sgmap.Target{{ID: "i-1", Port: 8080}}}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("loadBalancerFromELB (-want +got):\n%s", diff)
	}
}

func TestTaskFromECS(t *testing.T) {
	const cluster = "arn:aws:ecs:eu-west-1:111122223333:cluster/c"
	services := []ecstypes.Service{
		{ServiceArn: aws.String("arn:svc/api"), ServiceName: aws.String("api"), ClusterArn: aws.String(cluster),
			Deployments:          []ecstypes.Deployment{{Id: aws.String("ecs-svc/42")}},
			NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{SecurityGroups: []string{"sg-api"}}}},
		{ServiceArn: aws.String("arn:svc/api-other-cluster"), ServiceName: aws.String("api"), ClusterArn: aws.String("arn:other")},
	}
	tests := []struct {
		name       string
		task       ecstypes.Task
		wantParent *sgmap.Parent
		wantName   string
		wantGroups []string
	}{
		{"by group", ecstypes.Task{TaskArn: aws.String("arn:aws:ecs:eu-west-1:111122223333:task/c/1"), ClusterArn: aws.String(cluster), Group: aws.String("service:api")},
			&sgmap.Parent{Kind: sgmap.ParentECSService, ID: "arn:svc/api", Name: "api"}, "api", []string{"sg-api"}},
		{"by startedBy", ecstypes.Task{TaskArn: aws.String("t2"), ClusterArn: aws.String(cluster), StartedBy: aws.String("ecs-svc/42")},
			&sgmap.Parent{Kind: sgmap.ParentECSService, ID: "arn:svc/api", Name: "api"}, "api", []string{"sg-api"}},
		{"service not fetched", ecstypes.Task{TaskArn: aws.String("t3"), Group: aws.String("service:worker")},
			&sgmap.Parent{Kind: sgmap.ParentECSService, ID: "worker", Name: "worker"}, "worker", nil},
		{"standalone task named by family", ecstypes.Task{TaskArn: aws.String("t4"), Group: aws.String("family:batch"),
			TaskDefinitionArn: aws.String("arn:aws:ecs:eu-west-1:111122223333:task-definition/batch:7")}, nil, "batch", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := taskFromECS(tt.task, services, testAccount, testRegion)
			if diff := cmp.Diff(tt.wantParent, got.Parent); diff != "" {
				t.Errorf("parent (-want +got):\n%s", diff)
			}
			if got.Name != tt.wantName || !cmp.Equal(got.GroupIDs, tt.wantGroups) {
				t.Errorf("name %q groups %v, want %q %v", got.Name, got.GroupIDs, tt.wantName, tt.wantGroups)
			}
		})
	}
}

// TestConvert_RDSCluster checks that Aurora instances share their cluster's
// ENIs (same subnets, same groups) and that a cluster without fetched
// instances stands in for them.
func TestConvert_RDSCluster(t *testing.T) {
	db := func(id, cluster string) rdstypes.DBInstance {
		return rdstypes.DBInstance{DBInstanceIdentifier: aws.String(id), DBClusterIdentifier: aws.String(cluster), Engine: aws.String("aurora-postgresql"),
			VpcSecurityGroups: []rdstypes.VpcSecurityGroupMembership{{VpcSecurityGroupId: aws.String("sg-db")}},
			DBSubnetGroup:     &rdstypes.DBSubnetGroup{VpcId: aws.String(testVPC), Subnets: []rdstypes.Subnet{{SubnetIdentifier: aws.String("subnet-1")}}}}
	}
	raw := &Raw{AccountID: testAccount, Region: testRegion,
		SecurityGroups: []ec2types.SecurityGroup{group("sg-db")},
		NetworkInterfaces: []ec2types.NetworkInterface{
			eni("eni-1", "subnet-1", "RDSNetworkInterface", "interface", "amazon-rds", "sg-db"),
			eni("eni-2", "subnet-1", "RDSNetworkInterface", "interface", "amazon-rds", "sg-db"),
		},
		DBInstances: []rdstypes.DBInstance{db("orders-1", "orders"), db("orders-2", "orders")},
		DBClusters: []rdstypes.DBCluster{
			{DBClusterIdentifier: aws.String("orders"), VpcSecurityGroups: []rdstypes.VpcSecurityGroupMembership{{VpcSecurityGroupId: aws.String("sg-db")}}},
			{DBClusterIdentifier: aws.String("serverless"), VpcSecurityGroups: []rdstypes.VpcSecurityGroupMembership{{VpcSecurityGroupId: aws.String("sg-db")}}},
		},
	}
	s := mustConvert(t, raw)
	owners := ownersByID(s)
	if _, ok := owners["orders"]; ok {
		t.Error("cluster orders is an owner although its instances are")
	}
	if o, ok := owners["serverless"]; !ok || o.VPCID != testVPC || !cmp.Equal(o.GroupIDs, []string{"sg-db"}) {
		t.Errorf("cluster serverless = %+v, want an owner in %s with sg-db", o, testVPC)
	}
	for _, id := range []string{"orders-1", "orders-2"} {
		if got := owners[id].InterfaceIDs; !cmp.Equal(got, []string{"eni-1", "eni-2"}) {
			t.Errorf("%s InterfaceIDs = %v, want both cluster ENIs", id, got)
		}
	}
	if got := interfaceOwners(s); got["eni-1"] != "orders-1" || got["eni-2"] != "orders-1" {
		t.Errorf("ENI owners = %v, want the first instance", got)
	}
}

// TestConvert_SeveralRaws checks accounts, regions and de-duplication
// across raws.
func TestConvert_SeveralRaws(t *testing.T) {
	a := &Raw{AccountID: testAccount, Region: testRegion, SecurityGroups: []ec2types.SecurityGroup{group("sg-a")},
		Warnings: []sgmap.Warning{{Service: "ecs", Operation: "ListClusters", Code: "AccessDeniedException", Message: "denied"}}}
	dup := group("sg-a")
	dup.GroupName = aws.String("second copy")
	b := &Raw{AccountID: "444455556666", Region: "us-east-1", SecurityGroups: []ec2types.SecurityGroup{dup, {GroupId: aws.String("sg-novpc")}, {GroupName: aws.String("no-id")}}}
	s := mustConvert(t, a, nil, b)
	if !cmp.Equal(s.Accounts, []string{testAccount, "444455556666"}) {
		t.Errorf("accounts = %v", s.Accounts)
	}
	if !cmp.Equal(s.Regions, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("regions = %v", s.Regions)
	}
	// A group without a VPC is an EC2-Classic group: kept, in the
	// ec2-classic pseudo-VPC; one without an ID cannot be kept.
	if len(s.Groups) != 2 || s.Groups[0].Name != "sg-a-name" || s.Groups[1].ID != "sg-novpc" || s.Groups[1].VPCID != sgmap.ClassicVPC {
		t.Errorf("groups = %+v, want sg-a once, first copy, and sg-novpc in %s", s.Groups, sgmap.ClassicVPC)
	}
	var denied, noID bool
	for _, w := range s.Warnings {
		denied = denied || w.Code == "AccessDeniedException"
		noID = noID || (w.Code == "invalid-data" && strings.Contains(w.Message, "without an ID"))
		if strings.Contains(w.Message, "sg-novpc") {
			t.Errorf("warning about the EC2-Classic group: %s", w.Message)
		}
	}
	if !denied || !noID {
		t.Errorf("warnings = %+v, want the raw's warning copied and one about the group without an ID", s.Warnings)
	}
	if !s.TakenAt.Equal(testTime) || s.SchemaVersion != sgmap.SchemaVersion {
		t.Errorf("taken_at %v schema %q", s.TakenAt, s.SchemaVersion)
	}
}

func TestConvert_OrphanTargetGroups(t *testing.T) {
	raw := &Raw{AccountID: testAccount, Region: testRegion, TargetGroups: []elbv2types.TargetGroup{
		{TargetGroupArn: aws.String("tg-1"), TargetGroupName: aws.String("web"), LoadBalancerArns: []string{"arn:lb-not-fetched"}},
		{TargetGroupArn: aws.String("tg-2"), TargetGroupName: aws.String("unattached")},
	}}
	s := mustConvert(t, raw)
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Message, "web") || strings.Contains(s.Warnings[0].Message, "unattached") {
		t.Errorf("warnings = %+v, want one naming web only", s.Warnings)
	}
}
