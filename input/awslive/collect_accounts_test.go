package awslive_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

const (
	otherAccount = "210987654321"
	otherRole    = "arn:aws:iam::210987654321:role/sgmap-read"
	otherVPC     = "vpc-0f0e0d0c0b0a09080"
)

// tinyRegion is one VPC with one group and one RDS ENI in account.
func tinyRegion(account, vpc string) *awsfake.Region {
	s := &sgmap.Snapshot{Accounts: []string{account}, Regions: []string{"eu-west-1"},
		VPCs:    []sgmap.VPC{{ID: vpc, AccountID: account, Region: "eu-west-1", CIDRs: []string{"10.9.0.0/16"}}},
		Subnets: []sgmap.Subnet{{ID: "subnet-0f0e0d0c0b0a00001", VPCID: vpc, CIDRs: []string{"10.9.1.0/24"}}},
		Groups: []sgmap.SecurityGroup{{ID: "sg-0f0e0d0c0b0a00001", Name: "orders-db", Description: "Orders database",
			VPCID: vpc, AccountID: account, Region: "eu-west-1", Rules: []sgmap.Rule{{ID: "sgr-0f0e0d0c0b0a00001",
				Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 5432, ToPort: 5432, Description: "app",
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "10.9.0.0/16"}}}}},
		Interfaces: []sgmap.NetworkInterface{{ID: "eni-0f0e0d0c0b0a00001", AccountID: account, Region: "eu-west-1", VPCID: vpc,
			SubnetID: "subnet-0f0e0d0c0b0a00001", Description: "RDSNetworkInterface", InterfaceType: "interface",
			RequesterID: "amazon-rds", RequesterManaged: true, Status: "in-use", PrivateIPs: []string{"10.9.1.5"},
			GroupIDs: []string{"sg-0f0e0d0c0b0a00001"}}},
	}
	return awsfake.FromSnapshot(s).Accounts[0].Regions[0]
}

func TestCollect_AssumeRole(t *testing.T) {
	scn := awsfake.Article()
	scn.Accounts = append(scn.Accounts, &awsfake.Account{ID: otherAccount, RoleARN: otherRole, ExternalID: "ext-42",
		Regions: []*awsfake.Region{tinyRegion(otherAccount, otherVPC)}})
	srv := awsfake.New(t, scn)

	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{RoleARNs: []string{otherRole}, ExternalID: "ext-42"})
	if diff := cmp.Diff([]string{otherAccount}, s.Accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	if len(s.Groups) != 1 || s.Groups[0].AccountID != otherAccount || len(s.Interfaces) != 1 {
		t.Errorf("collected %d groups, %d ENIs from the role's account; want 1, 1", len(s.Groups), len(s.Interfaces))
	}
	var assumed int
	for _, c := range srv.Calls() {
		switch {
		case c.Operation == "AssumeRole":
			assumed++
			if got := c.Params.Get("ExternalId"); got != "ext-42" {
				t.Errorf("AssumeRole ExternalId = %q, want ext-42", got)
			}
			if got := c.Params.Get("RoleArn"); got != otherRole {
				t.Errorf("AssumeRole RoleArn = %q", got)
			}
		case c.API != "sts" && c.Account != otherAccount:
			t.Errorf("%s called in account %q, want every call in the assumed account", c.Action(), c.Account)
		}
	}
	if assumed != 1 || st.Calls["sts:AssumeRole"] != 1 {
		t.Errorf("AssumeRole called %d times (stats %d), want once for all regions and APIs", assumed, st.Calls["sts:AssumeRole"])
	}

	// A second role that cannot be assumed is a warning; the first
	// account is still collected.
	srv.Reset()
	s, _ = mustCollect(t, srv, "eu-west-1", awslive.Options{ExternalID: "ext-42",
		RoleARNs: []string{otherRole, "arn:aws:iam::333333333333:role/gone"}})
	if len(s.Warnings) != 1 || s.Warnings[0].Action != "sts:AssumeRole" || s.Warnings[0].AccountID != "333333333333" {
		t.Errorf("warnings = %+v, want one sts:AssumeRole warning for 333333333333", s.Warnings)
	}
	if len(s.Groups) != 1 {
		t.Errorf("groups = %d, want the assumable account's 1", len(s.Groups))
	}

	// The wrong external ID is refused by STS.
	_, err := awslive.New(srv.Config("eu-west-1"), nil, quiet(awslive.Options{RoleARNs: []string{otherRole}, ExternalID: "wrong"})).Collect(t.Context())
	if sgmap.ErrorCode(err) != sgmap.EFORBIDDEN {
		t.Errorf("wrong external ID: err = %v, want EFORBIDDEN", err)
	}
}

func TestCollect_VPCFilter(t *testing.T) {
	scn := awsfake.Article()
	r, tiny := scn.Accounts[0].Regions[0], tinyRegion("123456789012", otherVPC)
	r.VPCs = append(r.VPCs, tiny.VPCs...)
	r.Subnets = append(r.Subnets, tiny.Subnets...)
	r.SecurityGroups = append(r.SecurityGroups, tiny.SecurityGroups...)
	r.SecurityGroupRules = append(r.SecurityGroupRules, tiny.SecurityGroupRules...)
	r.NetworkInterfaces = append(r.NetworkInterfaces, tiny.NetworkInterfaces...)
	srv := awsfake.New(t, scn)

	all, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if len(all.VPCs) != 2 || len(all.Groups) != 4 || len(all.Interfaces) != 9 {
		t.Fatalf("unfiltered: %d VPCs, %d groups, %d ENIs; want 2, 4, 9", len(all.VPCs), len(all.Groups), len(all.Interfaces))
	}
	srv.Reset()
	s, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{VPCIDs: []string{otherVPC}})
	if len(s.VPCs) != 1 || s.VPCs[0].ID != otherVPC || len(s.Groups) != 1 || len(s.Interfaces) != 1 {
		t.Errorf("-vpc %s: %d VPCs, %d groups, %d ENIs; want 1, 1, 1", otherVPC, len(s.VPCs), len(s.Groups), len(s.Interfaces))
	}
	for _, o := range s.Owners {
		if o.VPCID != otherVPC {
			t.Errorf("owner %s of VPC %s kept", o.ID, o.VPCID)
		}
	}
	for _, g := range s.Groups {
		for _, rule := range g.Rules {
			if rule.ID != "sgr-0f0e0d0c0b0a00001" {
				t.Errorf("rule %s of another VPC kept", rule.ID)
			}
		}
	}
	// Rules are asked for the kept groups only.
	for _, c := range srv.Calls() {
		if c.Operation == "DescribeSecurityGroupRules" &&
			(c.Params.Get("Filter.1.Name") != "group-id" || c.Params.Get("Filter.1.Value.1") != "sg-0f0e0d0c0b0a00001" || c.Params.Get("Filter.1.Value.2") != "") {
			t.Errorf("DescribeSecurityGroupRules not limited to the kept group: %v", c.Params)
		}
	}
	// Where EC2 has a vpc-id filter, AWS does the filtering.
	for _, c := range srv.Calls() {
		if c.Operation == "DescribeNetworkInterfaces" || c.Operation == "DescribeSecurityGroups" || c.Operation == "DescribeInstances" {
			if c.Params.Get("Filter.1.Name") != "vpc-id" || c.Params.Get("Filter.1.Value.1") != otherVPC {
				t.Errorf("%s sent without the vpc-id filter: %v", c.Operation, c.Params)
			}
		}
	}
}

// TestIAMPolicy runs a collection that exercises every code path that
// calls AWS (all regions, prefix-list entries, stale groups, listeners,
// target health, ECS batches) and checks that the IAM actions it used are
// exactly those of docs/iam-policy.json, all read-only. sts:GetCallerIdentity
// needs no permission and sts:AssumeRole is granted to the caller, not to
// the collecting role, so neither belongs in the policy (the multi-account
// test checks AssumeRole is the only extra call).
func TestIAMPolicy(t *testing.T) {
	statements := readPolicy(t, "../../docs/iam-policy.json")
	var inPolicy []string
	for _, st := range statements {
		if st.Effect != "Allow" || st.Resource != "*" {
			t.Errorf("statement %+v: want Effect Allow on Resource *", st)
		}
		inPolicy = append(inPolicy, st.Action...)
	}
	for _, a := range inPolicy {
		_, op, _ := strings.Cut(a, ":")
		if !strings.HasPrefix(op, "Describe") && !strings.HasPrefix(op, "List") && !strings.HasPrefix(op, "Get") {
			t.Errorf("policy action %s is not read-only (Describe*/List*/Get*)", a)
		}
	}

	scn := awsfake.Article()
	r := scn.Accounts[0].Regions[0]
	r.PrefixLists = append(r.PrefixLists, ec2types.ManagedPrefixList{PrefixListId: aws.String("pl-0a1b2c3d4e5f60001"),
		PrefixListName: aws.String("offices"), OwnerId: aws.String("123456789012"), AddressFamily: aws.String("IPv4")})
	r.PrefixListEntries = map[string][]ec2types.PrefixListEntry{"pl-0a1b2c3d4e5f60001": {{Cidr: aws.String("192.0.2.0/24")}}}
	r.Peerings = append(r.Peerings, ec2types.VpcPeeringConnection{VpcPeeringConnectionId: aws.String("pcx-0a1b2c3d4e5f60001"),
		RequesterVpcInfo: &ec2types.VpcPeeringConnectionVpcInfo{VpcId: r.VPCs[0].VpcId, OwnerId: aws.String("123456789012"), Region: aws.String("eu-west-1")},
		AccepterVpcInfo:  &ec2types.VpcPeeringConnectionVpcInfo{VpcId: aws.String(otherVPC), OwnerId: aws.String(otherAccount), Region: aws.String("eu-west-1")}})
	addManaged(r, scn.Accounts[0].ID, 1)
	srv := awsfake.New(t, scn)
	s, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{Regions: []string{"all"}})
	if len(s.Warnings) != 0 {
		t.Fatalf("warnings: %v", s.Warnings)
	}
	var used []string
	for action := range srv.Actions() {
		if !strings.HasPrefix(action, "sts:") {
			used = append(used, action)
		}
	}
	slices.Sort(used)
	slices.Sort(inPolicy)
	if diff := cmp.Diff(inPolicy, used); diff != "" {
		t.Errorf("IAM actions: docs/iam-policy.json (-) vs called by a full collection (+):\n%s", diff)
	}
}

// TestCollect_AccountsTimesRegions: two roles, every enabled region of
// each (DescribeRegions per account), all collected into one snapshot.
func TestCollect_AccountsTimesRegions(t *testing.T) {
	scn := &awsfake.Scenario{}
	var roles []string
	for i, id := range []string{"210987654321", "333344445555"} {
		role := "arn:aws:iam::" + id + ":role/sgmap"
		roles = append(roles, role)
		a := &awsfake.Account{ID: id, RoleARN: role}
		for j, region := range []string{"eu-west-1", "us-east-2"} {
			r := tinyRegion(id, fmt.Sprintf("vpc-0f0e0d0c0b0a0%04d", i*10+j))
			r.Name = region
			a.Regions = append(a.Regions, r)
		}
		a.Regions = append(a.Regions, &awsfake.Region{Name: "ap-east-1", OptInRequired: true})
		scn.Accounts = append(scn.Accounts, a)
	}
	// The caller's own account, which is not collected when roles are given.
	scn.Accounts = append([]*awsfake.Account{{ID: "123456789012", Regions: []*awsfake.Region{{Name: "eu-west-1"}}}}, scn.Accounts...)
	srv := awsfake.New(t, scn)
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{RoleARNs: roles, Regions: []string{"all"}})
	if diff := cmp.Diff([]string{"210987654321", "333344445555"}, s.Accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"eu-west-1", "us-east-2"}, s.Regions); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	if len(s.VPCs) != 4 || len(s.Warnings) != 0 || st.Accounts != 2 || st.Regions != 2 {
		t.Errorf("%d VPCs, warnings %v, stats %d accounts %d regions; want 4, none, 2, 2", len(s.VPCs), s.Warnings, st.Accounts, st.Regions)
	}
	if got := srv.Actions(); got["ec2:DescribeRegions"] != 2 || got["sts:AssumeRole"] != 2 || got["ec2:DescribeVpcs"] != 4 {
		t.Errorf("DescribeRegions %d, AssumeRole %d, DescribeVpcs %d; want 2, 2, 4",
			got["ec2:DescribeRegions"], got["sts:AssumeRole"], got["ec2:DescribeVpcs"])
	}
}
