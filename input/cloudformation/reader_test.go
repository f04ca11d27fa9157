package cloudformation

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

var fixed = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func mustRead(t *testing.T, opt Options, paths ...string) *sgmap.Snapshot {
	t.Helper()
	opt.TakenAt = fixed
	s, err := ReadPaths(paths, opt)
	if err != nil {
		t.Fatalf("ReadPaths(%v): %v", paths, err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return s
}

func group(t *testing.T, s *sgmap.Snapshot, id string) *sgmap.SecurityGroup {
	t.Helper()
	for i := range s.Groups {
		if s.Groups[i].ID == id {
			return &s.Groups[i]
		}
	}
	t.Fatalf("no group %s among %v", id, groupIDs(s))
	return nil
}

func groupIDs(s *sgmap.Snapshot) []string {
	var out []string
	for _, g := range s.Groups {
		out = append(out, g.ID)
	}
	return out
}

func owner(t *testing.T, s *sgmap.Snapshot, id string) *sgmap.Owner {
	t.Helper()
	for i := range s.Owners {
		if s.Owners[i].ID == id {
			return &s.Owners[i]
		}
	}
	t.Fatalf("no owner %s", id)
	return nil
}

// ruleSet renders a group's rules as "ingress tcp/443 0.0.0.0/0" lines.
func ruleSet(g *sgmap.SecurityGroup) []string {
	var out []string
	for _, r := range g.Rules {
		out = append(out, string(r.Direction)+" "+r.Service().Label()+" "+r.Peer.String())
	}
	slices.Sort(out)
	return out
}

func hasWarning(s *sgmap.Snapshot, sub string) bool {
	for _, w := range s.Warnings {
		if strings.Contains(w.Message, sub) {
			return true
		}
	}
	return false
}

// TestRead_ParamsChangeThePicture: the same template drawn with its
// defaults and with -param Env=prod EnableBastion=true differs where its
// conditions, Fn::If, Fn::Sub, Fn::Join and Fn::FindInMap say.
func TestRead_ParamsChangeThePicture(t *testing.T) {
	path := filepath.Join("testdata", "conditions.yaml")
	dev := mustRead(t, Options{}, path)
	prod := mustRead(t, Options{Params: map[string]string{"Env": "prod", "EnableBastion": "true"}}, path)

	tests := []struct {
		name  string
		s     *sgmap.Snapshot
		app   []string
		db    []string
		name_ string
	}{
		{"defaults", dev, []string{
			"egress All traffic 0.0.0.0/0", "egress TCP 9100 cfn:import/shared:MonitoringGroup",
			"ingress TCP 8080 10.20.0.0/16", "ingress TCP 8443 10.20.0.0/16"},
			[]string{"egress All traffic 127.0.0.1/32", "ingress TCP 5432 cfn:conditions/AppGroup"}, "dev-app"},
		{"prod with bastion", prod, []string{
			"egress All traffic 0.0.0.0/0", "egress TCP 9100 cfn:import/shared:MonitoringGroup",
			"ingress TCP 22 cfn:conditions/BastionGroup", "ingress TCP 443 0.0.0.0/0", "ingress TCP 8443 192.0.2.0/24"},
			[]string{"egress All traffic 127.0.0.1/32", "ingress TCP 6432 cfn:conditions/AppGroup"}, "prod-app"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := group(t, tt.s, "cfn:conditions/AppGroup")
			if d := cmp.Diff(tt.app, ruleSet(app)); d != "" {
				t.Errorf("AppGroup rules (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.db, ruleSet(group(t, tt.s, "cfn:conditions/DbGroup"))); d != "" {
				t.Errorf("DbGroup rules (-want +got):\n%s", d)
			}
			if app.Name != tt.name_ {
				t.Errorf("AppGroup name = %q, want %q (GroupName: !Join)", app.Name, tt.name_)
			}
			if app.VPCID != "cfn:conditions/Vpc" {
				t.Errorf("AppGroup VPC = %q, want it through !GetAtt DbGroup.VpcId", app.VPCID)
			}
		})
	}
	if n := len(dev.Groups); n != 2 {
		t.Errorf("defaults: %d groups (%v), want 2: BastionGroup's condition is false", n, groupIDs(dev))
	}
	if got := owner(t, prod, "cfn:conditions/App").GroupIDs; !slices.Equal(got, []string{"cfn:conditions/AppGroup", "cfn:conditions/BastionGroup"}) {
		t.Errorf("prod App groups = %v, want AppGroup and BastionGroup (!If … AWS::NoValue)", got)
	}
	if got := owner(t, dev, "cfn:conditions/App").GroupIDs; !slices.Equal(got, []string{"cfn:conditions/AppGroup"}) {
		t.Errorf("dev App groups = %v, want AppGroup only", got)
	}
	if len(dev.Owners) != 2 || len(prod.Owners) != 3 {
		t.Errorf("owners: dev %d, prod %d; want 2 and 3 (the Bastion instance)", len(dev.Owners), len(prod.Owners))
	}
	if !hasWarning(dev, "Fn::ImportValue shared:MonitoringGroup is exported by no template read") {
		t.Errorf("no warning for the unresolved import: %v", dev.Warnings)
	}
}

// TestRead_UnknownParameterWarns: a -param no template declares is named.
func TestRead_UnknownParameterWarns(t *testing.T) {
	s := mustRead(t, Options{Params: map[string]string{"Nope": "1"}}, filepath.Join("testdata", "conditions.yaml"))
	if !hasWarning(s, "-param Nope: no root template declares") {
		t.Errorf("warnings = %v", s.Warnings)
	}
}

// TestRead_ImportResolvedAcrossTemplates: an export of one template read
// resolves another's Fn::ImportValue, so the two stacks share the group.
func TestRead_ImportResolvedAcrossTemplates(t *testing.T) {
	dir := mustSharedData(t, "aws-cloudformation-templates")
	s := mustRead(t, Options{Params: map[string]string{"StackName": "ECS_FargateLaunchType_clusters_public-vpc"}},
		filepath.Join(dir, "ECS_FargateLaunchType_clusters_public-vpc.yaml"),
		filepath.Join(dir, "ECS_FargateLaunchType_services_public-service.yaml"))
	svc := owner(t, s, "cfn:ECS_FargateLaunchType_services_public-service/Service")
	want := []string{"cfn:ECS_FargateLaunchType_clusters_public-vpc/FargateContainerSecurityGroup"}
	if !slices.Equal(svc.GroupIDs, want) {
		t.Errorf("service groups = %v, want %v (import resolved against the cluster's export)", svc.GroupIDs, want)
	}
	if svc.VPCID != "cfn:ECS_FargateLaunchType_clusters_public-vpc/VPC" {
		t.Errorf("service VPC = %q", svc.VPCID)
	}
}

// TestRead_JSONAndYAMLAgree: the JSON and YAML editions of one template
// give the same snapshot, lines apart.
func TestRead_JSONAndYAMLAgree(t *testing.T) {
	dir := mustSharedData(t, "aws-cloudformation-templates")
	y := mustRead(t, Options{}, filepath.Join(dir, "ECS_FargateLaunchType_clusters_private-vpc.yaml"))
	j := mustRead(t, Options{}, filepath.Join(dir, "ECS_FargateLaunchType_clusters_private-vpc.json"))
	if len(y.Groups) == 0 {
		t.Fatal("no groups")
	}
	if d := cmp.Diff(withoutLocations(y), withoutLocations(j)); d != "" {
		t.Errorf("YAML and JSON differ (-yaml +json):\n%s", d)
	}
}

// TestRead_NoValueRemovesVpcConfig: a Lambda whose VpcConfig a condition
// removes is not in a VPC, and no owner; long-form Fn::GetAtt "A.B" works.
func TestRead_NoValueRemovesVpcConfig(t *testing.T) {
	const tpl = `Parameters:
  InVpc: {Type: String, Default: "no"}
Conditions:
  UseVpc: !Equals [!Ref InVpc, "yes"]
Resources:
  G:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: g, VpcId: vpc-1}
  F:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig: !If [UseVpc, {SecurityGroupIds: [{"Fn::GetAtt": "G.GroupId"}], SubnetIds: [subnet-1]}, !Ref AWS::NoValue]
`
	for _, tt := range []struct {
		param  string
		owners int
	}{{"no", 0}, {"yes", 1}} {
		s, err := Read([]File{{Name: "f.yaml", Data: []byte(tpl)}}, Options{TakenAt: fixed, Params: map[string]string{"InVpc": tt.param}})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Owners) != tt.owners {
			t.Errorf("InVpc=%s: %d owners, want %d", tt.param, len(s.Owners), tt.owners)
		}
		if tt.owners == 1 && (len(s.Owners[0].GroupIDs) != 1 || s.Owners[0].GroupIDs[0] != "cfn:f/G") {
			t.Errorf("InVpc=yes: groups %v, want [cfn:f/G]", s.Owners[0].GroupIDs)
		}
	}
}

// TestRead_ClassicELBWithoutGroups: in a VPC a classic load balancer
// without groups is in the VPC's default group; in the default VPC, in the
// group AWS creates for it, which admits its listener ports.
func TestRead_ClassicELBWithoutGroups(t *testing.T) {
	const tpl = `Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
  InVpc:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties: {Subnets: [!Ref Sub], Listeners: [{LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS}]}
  Classic:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties: {Listeners: [{LoadBalancerPort: "80", InstancePort: "80", Protocol: HTTP}]}
`
	s, err := Read([]File{{Name: "elb.yaml", Data: []byte(tpl)}}, Options{TakenAt: fixed})
	if err != nil {
		t.Fatal(err)
	}
	if got := owner(t, s, "cfn:elb/InVpc").GroupIDs; len(got) != 1 || got[0] != "cfn:elb/Vpc.DefaultSecurityGroup" {
		t.Errorf("InVpc groups = %v, want the VPC's default group", got)
	}
	src := group(t, s, "cfn:elb/Classic.SourceSecurityGroup")
	if d := cmp.Diff([]string{"egress All traffic 0.0.0.0/0", "ingress TCP 80 0.0.0.0/0"}, ruleSet(src)); d != "" {
		t.Errorf("source group rules (-want +got):\n%s", d)
	}
	if src.VPCID != defaultVPC {
		t.Errorf("source group VPC = %q", src.VPCID)
	}
}
