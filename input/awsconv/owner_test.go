package awsconv

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/sgmap/sgmap"
)

// TestOwnerFromText covers every description and interface-type pattern of
// dependencies.md §3.1 and §3.3.
func TestOwnerFromText(t *testing.T) {
	const albARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
	tests := []struct {
		name, desc, typ, requester string
		wantKind                   sgmap.OwnerKind
		wantID, wantName           string
		wantService                string // Detail["service"] of OwnerOther
	}{
		{name: "ALB", desc: "ELB app/web/50dc6c495c0c9188", typ: "interface", requester: "amazon-elb",
			wantKind: sgmap.OwnerLoadBalancer, wantID: albARN, wantName: "web"},
		{name: "NLB by type", desc: "ELB net/game-nlb/7f3c2a1b9d8e6f50", typ: "network_load_balancer",
			wantKind: sgmap.OwnerLoadBalancer, wantID: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/game-nlb/7f3c2a1b9d8e6f50", wantName: "game-nlb"},
		{name: "GWLB", desc: "ELB gwy/inspect/0123456789abcdef", typ: "gateway_load_balancer",
			wantKind: sgmap.OwnerLoadBalancer, wantID: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/gwy/inspect/0123456789abcdef", wantName: "inspect"},
		{name: "NLB type without description", typ: "network_load_balancer", wantKind: sgmap.OwnerLoadBalancer, wantID: "load-balancer/eni-t"},
		{name: "classic ELB", desc: "ELB new-life-001", typ: "interface", requester: "amazon-elb",
			wantKind: sgmap.OwnerLoadBalancer, wantID: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/new-life-001", wantName: "new-life-001"},
		{name: "ELB-like text from a user is not a classic ELB", desc: "ELB my notes", typ: "interface"},
		{name: "NAT gateway, API spelling", desc: "Interface for NAT Gateway nat-0123456789abcdef0", typ: "nat_gateway",
			wantKind: sgmap.OwnerNATGateway, wantID: "nat-0123456789abcdef0"},
		{name: "NAT gateway, SDK enum spelling", desc: "Interface for NAT Gateway nat-0123456789abcdef0", typ: "natGateway",
			wantKind: sgmap.OwnerNATGateway, wantID: "nat-0123456789abcdef0"},
		{name: "NAT gateway by description only", desc: "Interface for NAT Gateway nat-0aa", typ: "interface",
			wantKind: sgmap.OwnerNATGateway, wantID: "nat-0aa"},
		{name: "NAT gateway type, odd description", desc: "something", typ: "nat_gateway",
			wantKind: sgmap.OwnerNATGateway, wantID: "nat-gateway/eni-t"},
		{name: "interface endpoint", desc: "VPC Endpoint Interface vpce-0123456789abcdef0", typ: "vpc_endpoint",
			wantKind: sgmap.OwnerVPCEndpoint, wantID: "vpce-0123456789abcdef0"},
		{name: "interface endpoint, type interface", desc: "VPC Endpoint Interface vpce-0abc", typ: "interface",
			wantKind: sgmap.OwnerVPCEndpoint, wantID: "vpce-0abc"},
		{name: "GWLB endpoint", desc: "VPC Endpoint Interface vpce-0def", typ: "gateway_load_balancer_endpoint",
			wantKind: sgmap.OwnerVPCEndpoint, wantID: "vpce-0def"},
		{name: "Lambda", desc: "AWS Lambda VPC ENI-my-func-0f0e0d0c-1111-2222-3333-444455556666", typ: "lambda", requester: "AROAEXAMPLE:my-func",
			wantKind: sgmap.OwnerLambda, wantID: "my-func", wantName: "my-func"},
		{name: "Lambda by requester only", typ: "lambda", requester: "AROAEXAMPLE:other-func",
			wantKind: sgmap.OwnerLambda, wantID: "other-func", wantName: "other-func"},
		{name: "Lambda old style, type interface", desc: "AWS Lambda VPC ENI-legacy-0f0e0d0c-1111-2222-3333-444455556666", typ: "interface",
			wantKind: sgmap.OwnerLambda, wantID: "legacy", wantName: "legacy"},
		{name: "ECS awsvpc task", desc: "arn:aws:ecs:eu-west-1:111122223333:attachment/4c1d7a2e-0b3f-4e5a-9c8d-7e6f5a4b3c21", typ: "interface",
			wantKind: sgmap.OwnerECSTask, wantID: "arn:aws:ecs:eu-west-1:111122223333:attachment/4c1d7a2e-0b3f-4e5a-9c8d-7e6f5a4b3c21", wantName: "ECS task"},
		{name: "RDS", desc: "RDSNetworkInterface", typ: "interface", requester: "amazon-rds",
			wantKind: sgmap.OwnerRDS, wantID: "rds/eni-t", wantName: "RDS"},
		{name: "RDS by requester", desc: "", typ: "interface", requester: "amazon-rds",
			wantKind: sgmap.OwnerRDS, wantID: "rds/eni-t", wantName: "RDS"},
		{name: "Redshift", desc: "RedshiftNetworkInterface", typ: "interface",
			wantKind: sgmap.OwnerRedshift, wantID: "redshift/eni-t", wantName: "redshift", wantService: "redshift"},
		{name: "EFS", desc: "EFS mount target for fs-0123abcd (fsmt-0456ef01)", typ: "interface",
			wantKind: sgmap.OwnerEFS, wantID: "fs-0123abcd", wantName: "fs-0123abcd", wantService: "efs"},
		{name: "EFS type", typ: "efs", wantKind: sgmap.OwnerEFS, wantID: "efs/eni-t", wantName: "efs", wantService: "efs"},
		{name: "ElastiCache", desc: "ElastiCache sessions-001", typ: "interface", requester: "amazon-elasticache",
			wantKind: sgmap.OwnerElastiCache, wantID: "elasticache/sessions-001", wantName: "sessions-001", wantService: "elasticache"},
		{name: "OpenSearch", desc: "ES logs", typ: "interface", requester: "amazon-elasticsearch",
			wantKind: sgmap.OwnerOpenSearch, wantID: "opensearch/logs", wantName: "logs", wantService: "opensearch"},
		{name: "EKS control plane", desc: "Amazon EKS prod", typ: "interface",
			wantKind: sgmap.OwnerEKS, wantID: "eks/prod", wantName: "prod", wantService: "eks"},
		{name: "EKS VPC CNI secondary ENI", desc: "aws-K8S-i-0123456789abcdef0", typ: "interface",
			wantKind: sgmap.OwnerInstance, wantID: "i-0123456789abcdef0"},
		{name: "Directory Service", desc: "AWS created network interface for directory d-9067123456", typ: "interface",
			wantKind: sgmap.OwnerOther, wantID: "directory-service/eni-t", wantName: "directory-service", wantService: "directory-service"},
		{name: "WorkSpaces", desc: "Created By Amazon Workspaces for AWS Account ID 111122223333", typ: "interface",
			wantKind: sgmap.OwnerOther, wantID: "workspaces/eni-t", wantName: "workspaces", wantService: "workspaces"},
		{name: "SageMaker notebook", desc: "[Do not delete] Network Interface created to access resources in your VPC for SageMaker Notebook Instance nb", typ: "interface",
			wantKind: sgmap.OwnerOther, wantID: "sagemaker/eni-t", wantName: "sagemaker", wantService: "sagemaker"},
		{name: "SageMaker Studio", desc: "[DO NOT DELETE] ENI managed by SageMaker for Studio Domain(d-abc) - 1", typ: "interface",
			wantKind: sgmap.OwnerOther, wantID: "sagemaker/eni-t", wantName: "sagemaker", wantService: "sagemaker"},
		{name: "Glue", desc: "Attached to Glue using role: arn:aws:iam::111122223333:role/glue", typ: "interface",
			wantKind: sgmap.OwnerOther, wantID: "glue/eni-t", wantName: "glue", wantService: "glue"},
		{name: "DataSync", desc: "datasync agent", typ: "interface",
			wantKind: sgmap.OwnerOther, wantID: "datasync/eni-t", wantName: "datasync", wantService: "datasync"},
		{name: "transit gateway", typ: "transit_gateway",
			wantKind: sgmap.OwnerOther, wantID: "transit-gateway/eni-t", wantName: "transit-gateway", wantService: "transit-gateway"},
		{name: "API Gateway", typ: "api_gateway_managed",
			wantKind: sgmap.OwnerOther, wantID: "api-gateway/eni-t", wantName: "api-gateway", wantService: "api-gateway"},
		{name: "operator principal", typ: "interface", requester: "eks.amazonaws.com",
			wantKind: sgmap.OwnerEKS, wantID: "eks/eni-t", wantName: "eks", wantService: "eks"},
		{name: "unknown type and text: no owner", desc: "my own ENI", typ: "interface"},
		{name: "account ID requester alone: no owner", typ: "interface", requester: "123456789012"},
		{name: "trunk without attachment: no owner", typ: "trunk"},
		{name: "hostile text: no owner", desc: "\"]; node [label=<b>x</b>] // \u202e ☠"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &sgmap.NetworkInterface{ID: "eni-t", AccountID: "111122223333", Region: "eu-west-1", VPCID: testVPC,
				Description: tt.desc, InterfaceType: tt.typ, RequesterID: tt.requester}
			got := ownerFromText(e)
			if tt.wantKind == "" {
				if got != nil {
					t.Errorf("ownerFromText(%q, %q) = %+v, want nil", tt.desc, tt.typ, got)
				}
				return
			}
			if got == nil {
				t.Fatalf("ownerFromText(%q, %q) = nil, want %s %s", tt.desc, tt.typ, tt.wantKind, tt.wantID)
			}
			if got.Kind != tt.wantKind || got.ID != tt.wantID || got.Name != tt.wantName {
				t.Errorf("ownerFromText(%q, %q) = %s %q %q, want %s %q %q", tt.desc, tt.typ, got.Kind, got.ID, got.Name, tt.wantKind, tt.wantID, tt.wantName)
			}
			if got.Detail["service"] != tt.wantService {
				t.Errorf("ownerFromText(%q, %q) service = %q, want %q", tt.desc, tt.typ, got.Detail["service"], tt.wantService)
			}
			if got.VPCID != testVPC || got.Detail["resolved_from"] == "" {
				t.Errorf("ownerFromText(%q, %q) VPC %q resolved_from %q", tt.desc, tt.typ, got.VPCID, got.Detail["resolved_from"])
			}
		})
	}
}

// TestConvert_OwnerResolutionOrder checks that joins through the service
// APIs win over what the ENI's text says, and the attachment over both.
func TestConvert_OwnerResolutionOrder(t *testing.T) {
	const (
		albARN  = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
		taskARN = "arn:aws:ecs:eu-west-1:111122223333:task/c/abc"
	)
	attached := eni("eni-inst", "subnet-1", "aws-K8S-i-0other", "interface", "", "sg-a")
	attached.Attachment = &ec2types.NetworkInterfaceAttachment{InstanceId: aws.String("i-1")}
	orphanAttached := eni("eni-inst2", "subnet-1", "", "interface", "", "sg-a")
	orphanAttached.Attachment = &ec2types.NetworkInterfaceAttachment{InstanceId: aws.String("i-unlisted")}
	raw := &Raw{AccountID: testAccount, Region: testRegion,
		SecurityGroups: []ec2types.SecurityGroup{group("sg-a"), group("sg-db")},
		NetworkInterfaces: []ec2types.NetworkInterface{
			attached, orphanAttached,
			eni("eni-alb", "subnet-1", "ELB app/web/50dc6c495c0c9188", "interface", "amazon-elb", "sg-a"),
			eni("eni-clb", "subnet-1", "ELB legacy", "interface", "amazon-elb", "sg-a"),
			eni("eni-task", "subnet-1", "arn:aws:ecs:eu-west-1:111122223333:attachment/x", "interface", "578734482556", "sg-a"),
			eni("eni-nat", "subnet-1", "Interface for NAT Gateway nat-1", "nat_gateway", "", ""),
			eni("eni-vpce", "subnet-1", "VPC Endpoint Interface vpce-1", "vpc_endpoint", "", "sg-a"),
			eni("eni-db", "subnet-2", "RDSNetworkInterface", "interface", "amazon-rds", "sg-db"),
			eni("eni-db-other", "subnet-2", "RDSNetworkInterface", "interface", "amazon-rds", "sg-a"),
			eni("eni-none", "subnet-1", "my ENI", "interface", "", "sg-a"),
		},
		Instances: []ec2types.Instance{{InstanceId: aws.String("i-1"), VpcId: aws.String(testVPC),
			Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String("web-1")}, {Key: aws.String(asgTag), Value: aws.String("web-asg")}}}},
		LoadBalancers: []elbv2types.LoadBalancer{{LoadBalancerArn: aws.String(albARN), LoadBalancerName: aws.String("web"),
			Type: "application", VpcId: aws.String(testVPC), SecurityGroups: []string{"sg-a"}}},
		ClassicLBs: []elbtypes.LoadBalancerDescription{{LoadBalancerName: aws.String("legacy"), VPCId: aws.String(testVPC)}},
		ECSTasks: []ecstypes.Task{{TaskArn: aws.String(taskARN), Group: aws.String("service:api"), LastStatus: aws.String("RUNNING"),
			Attachments: []ecstypes.Attachment{{Type: aws.String("ElasticNetworkInterface"),
				Details: []ecstypes.KeyValuePair{{Name: aws.String("networkInterfaceId"), Value: aws.String("eni-task")}}}}}},
		NATGateways: []ec2types.NatGateway{{NatGatewayId: aws.String("nat-1"), VpcId: aws.String(testVPC),
			NatGatewayAddresses: []ec2types.NatGatewayAddress{{NetworkInterfaceId: aws.String("eni-nat")}}}},
		VPCEndpoints: []ec2types.VpcEndpoint{{VpcEndpointId: aws.String("vpce-1"), VpcId: aws.String(testVPC),
			ServiceName: aws.String("com.amazonaws.eu-west-1.ecr.api"), NetworkInterfaceIds: []string{"eni-vpce"}}},
		DBInstances: []rdstypes.DBInstance{{DBInstanceIdentifier: aws.String("orders"),
			VpcSecurityGroups: []rdstypes.VpcSecurityGroupMembership{{VpcSecurityGroupId: aws.String("sg-db")}},
			DBSubnetGroup:     &rdstypes.DBSubnetGroup{VpcId: aws.String(testVPC), Subnets: []rdstypes.Subnet{{SubnetIdentifier: aws.String("subnet-2")}}}}},
	}
	s := mustConvert(t, raw)
	want := map[string]string{
		"eni-inst":     "i-1",
		"eni-inst2":    "i-unlisted",
		"eni-alb":      albARN,
		"eni-clb":      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/legacy",
		"eni-task":     taskARN,
		"eni-nat":      "nat-1",
		"eni-vpce":     "vpce-1",
		"eni-db":       "orders",
		"eni-db-other": "rds/eni-db-other", // group set differs: not "orders"
		"eni-none":     "",
	}
	got := interfaceOwners(s)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("owner of %s = %q, want %q", id, got[id], w)
		}
	}
	owners := ownersByID(s)
	if p := owners["i-1"].Parent; p == nil || p.Kind != sgmap.ParentAutoScalingGroup || p.ID != "web-asg" {
		t.Errorf("i-1 parent = %+v, want autoscaling-group web-asg", p)
	}
	if o := owners["i-1"]; o.Name != "web-1" || o.Kind != sgmap.OwnerInstance {
		t.Errorf("i-1 = %q %q", o.Kind, o.Name)
	}
	if p := owners[taskARN].Parent; p == nil || p.Kind != sgmap.ParentECSService || p.Name != "api" {
		t.Errorf("task parent = %+v, want ecs-service api", p)
	}
	if o := owners[taskARN]; o.VPCID != testVPC || o.Name != "api" {
		t.Errorf("task VPC %q name %q, want %q from its ENI and %q from its service", o.VPCID, o.Name, testVPC, "api")
	}
	if o := owners["vpce-1"]; o.Name != "com.amazonaws.eu-west-1.ecr.api" {
		t.Errorf("endpoint name = %q, want its service name", o.Name)
	}
	if o := owners[albARN]; len(o.InterfaceIDs) != 1 || o.InterfaceIDs[0] != "eni-alb" {
		t.Errorf("ALB InterfaceIDs = %v, want [eni-alb]", o.InterfaceIDs)
	}
}
