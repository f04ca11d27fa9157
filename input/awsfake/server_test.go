package awsfake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap/input/awsfake"
)

func TestServer_EC2Pagination(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	c := ec2.NewFromConfig(srv.Config("eu-west-1"))
	var names []string
	rules := 0
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("DescribeSecurityGroups: %v", err)
		}
		for _, g := range out.SecurityGroups {
			names = append(names, aws.ToString(g.GroupName)+": "+aws.ToString(g.Description)[:10])
			rules += len(g.IpPermissions) + len(g.IpPermissionsEgress)
		}
	}
	want := []string{"game-servers-production: Production", "lb-game-production: Applicatio", "monitoring: Prometheus"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	if rules != 8 {
		t.Errorf("rules = %d, want 8", rules)
	}
	if got := srv.Actions()["ec2:DescribeSecurityGroups"]; got != 2 {
		t.Errorf("DescribeSecurityGroups calls = %d, want 2 pages", got)
	}

	var enis []string
	pe := ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{})
	for pe.HasMorePages() {
		out, err := pe.NextPage(t.Context())
		if err != nil {
			t.Fatalf("DescribeNetworkInterfaces: %v", err)
		}
		for _, e := range out.NetworkInterfaces {
			enis = append(enis, aws.ToString(e.NetworkInterfaceId)+" "+aws.ToString(e.Groups[0].GroupName))
		}
	}
	if len(enis) != 8 || enis[0] != "eni-0a1b2c3d4e5f60101 game-servers-production" {
		t.Errorf("ENIs = %q", enis)
	}
}

func TestServer_OtherProtocols(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	cfg := srv.Config("eu-west-1")
	ctx := t.Context()

	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Account) != "123456789012" {
		t.Fatalf("GetCallerIdentity = %v, %v", id, err)
	}
	lbs, err := elbv2.NewFromConfig(cfg).DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{})
	if err != nil || len(lbs.LoadBalancers) != 1 || len(lbs.LoadBalancers[0].SecurityGroups) != 1 || lbs.LoadBalancers[0].Type != "application" {
		t.Fatalf("DescribeLoadBalancers = %+v, %v", lbs, err)
	}
	ec := ecs.NewFromConfig(cfg)
	tasks, err := ec.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String("monitoring")})
	if err != nil || len(tasks.TaskArns) != 1 || tasks.NextToken == nil {
		t.Fatalf("ListTasks = %+v, %v (want one task and a next page)", tasks, err)
	}
	desc, err := ec.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String("monitoring"), Tasks: tasks.TaskArns})
	if err != nil || len(desc.Tasks) != 1 {
		t.Fatalf("DescribeTasks = %+v, %v", desc, err)
	}
	if got := desc.Tasks[0].Attachments[0].Details[1]; aws.ToString(got.Value) != "eni-0a1b2c3d4e5f60201" {
		t.Errorf("task attachment detail = %s=%s", aws.ToString(got.Name), aws.ToString(got.Value))
	}
	if _, err := lambda.NewFromConfig(cfg).ListFunctions(ctx, &lambda.ListFunctionsInput{}); err != nil {
		t.Errorf("ListFunctions: %v", err)
	}
	if _, err := rds.NewFromConfig(cfg).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{}); err != nil {
		t.Errorf("DescribeDBInstances: %v", err)
	}
}

func TestServer_Faults(t *testing.T) {
	tests := []struct {
		name     string
		fault    awsfake.Fault
		call     func(ctx context.Context, cfg aws.Config) error
		wantCode string
	}{
		{"ec2 denied", awsfake.Fault{API: "ec2", Status: 403, Code: "UnauthorizedOperation"},
			func(ctx context.Context, cfg aws.Config) error {
				_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
				return err
			}, "UnauthorizedOperation"},
		{"ecs denied", awsfake.Fault{API: "ecs", Status: 400, Code: "AccessDeniedException"},
			func(ctx context.Context, cfg aws.Config) error {
				_, err := ecs.NewFromConfig(cfg).ListClusters(ctx, &ecs.ListClustersInput{})
				return err
			}, "AccessDeniedException"},
		{"elbv2 denied", awsfake.Fault{API: "elbv2", Status: 403, Code: "AccessDenied"},
			func(ctx context.Context, cfg aws.Config) error {
				_, err := elbv2.NewFromConfig(cfg).DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{})
				return err
			}, "AccessDenied"},
		{"lambda denied", awsfake.Fault{API: "lambda", Status: 403, Code: "AccessDeniedException"},
			func(ctx context.Context, cfg aws.Config) error {
				_, err := lambda.NewFromConfig(cfg).ListFunctions(ctx, &lambda.ListFunctionsInput{})
				return err
			}, "AccessDeniedException"},
		{"bad page size", awsfake.Fault{},
			func(ctx context.Context, cfg aws.Config) error {
				_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(2000)})
				return err
			}, "InvalidParameterValue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awsfake.New(t, awsfake.Article())
			if tt.fault.Code != "" {
				srv.AddFault(tt.fault)
			}
			err := tt.call(t.Context(), srv.Config("eu-west-1"))
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tt.wantCode {
				t.Errorf("error = %v, want API error %s", err, tt.wantCode)
			}
		})
	}
}

func TestServer_ThrottleThenSuccess(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	srv.AddFault(awsfake.Fault{Operation: "DescribeVpcs", Status: 503, Code: "RequestLimitExceeded", Times: 2})
	out, err := ec2.NewFromConfig(srv.Config("eu-west-1")).DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{})
	if err != nil || len(out.Vpcs) != 1 {
		t.Fatalf("DescribeVpcs = %v, %v; want success after retries", out, err)
	}
	if got := srv.Actions()["ec2:DescribeVpcs"]; got != 3 {
		t.Errorf("DescribeVpcs hits = %d, want 3 (2 throttled + 1)", got)
	}
}

func TestServer_Malformed(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	srv.AddFault(awsfake.Fault{Operation: "DescribeSubnets", Malformed: true})
	_, err := ec2.NewFromConfig(srv.Config("eu-west-1")).DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{})
	var de *smithy.DeserializationError
	if !errors.As(err, &de) {
		t.Errorf("DescribeSubnets error = %v, want a deserialization error", err)
	}
}

func TestLarge_Sizes(t *testing.T) {
	scn := awsfake.Large()
	if len(scn.Accounts) != 1 || len(scn.Accounts[0].Regions) != 1 {
		t.Fatalf("Large has %d accounts", len(scn.Accounts))
	}
	r := scn.Accounts[0].Regions[0]
	got := map[string]int{"groups": len(r.SecurityGroups), "rules": len(r.SecurityGroupRules), "enis": len(r.NetworkInterfaces),
		"instances": len(r.Instances), "tasks": len(r.ECSTasks), "services": len(r.ECSServices), "clusters": len(r.ECSClusters),
		"lbs": len(r.LoadBalancers), "tgs": len(r.TargetGroups), "listeners": len(r.Listeners), "lambdas": len(r.LambdaFunctions),
		"dbs": len(r.DBInstances), "endpoints": len(r.VPCEndpoints), "nats": len(r.NATGateways), "prefix lists": len(r.PrefixLists),
		"peerings": len(r.Peerings), "vpcs": len(r.VPCs)}
	want := map[string]int{"groups": 600, "rules": 8400, "enis": 5000, "instances": 3000, "tasks": 1500, "services": 30,
		"clusters": 3, "lbs": 20, "tgs": 40, "listeners": 40, "lambdas": 50, "dbs": 100, "endpoints": 50, "nats": 6,
		"prefix lists": 5, "peerings": 1, "vpcs": 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Large sizes (-want +got):\n%s", diff)
	}
}
