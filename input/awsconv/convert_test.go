package awsconv

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
)

const (
	testAccount = "111122223333"
	testRegion  = "eu-west-1"
	testVPC     = "vpc-1"
)

var testTime = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

func TestSecurityGroupFromEC2(t *testing.T) {
	tests := []struct {
		name string
		in   ec2types.SecurityGroup
		want []sgmap.Rule
	}{
		{
			name: "one permission, many peers, one rule each",
			in: ec2types.SecurityGroup{GroupId: aws.String("sg-a"), VpcId: aws.String(testVPC), OwnerId: aws.String(testAccount),
				IpPermissions: []ec2types.IpPermission{{
					IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
					IpRanges:         []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("players")}, {CidrIp: aws.String("10.0.0.0/16")}},
					Ipv6Ranges:       []ec2types.Ipv6Range{{CidrIpv6: aws.String("::/0")}},
					PrefixListIds:    []ec2types.PrefixListId{{PrefixListId: aws.String("pl-1"), Description: aws.String("s3")}},
					UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String("sg-b"), UserId: aws.String(testAccount)}},
				}},
			},
			want: []sgmap.Rule{
				{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "players"},
				{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "10.0.0.0/16"}},
				{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerIPv6, Value: "::/0"}},
				{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: "pl-1"}, Description: "s3"},
				{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-b"}},
			},
		},
		{
			name: "all traffic without ports, egress",
			in: ec2types.SecurityGroup{GroupId: aws.String("sg-a"), VpcId: aws.String(testVPC), OwnerId: aws.String(testAccount),
				IpPermissionsEgress: []ec2types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}},
			},
			want: []sgmap.Rule{{Direction: sgmap.Egress, Protocol: "-1", FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}}},
		},
		{
			name: "cross-account, peered and stale references",
			in: ec2types.SecurityGroup{GroupId: aws.String("sg-a"), VpcId: aws.String(testVPC), OwnerId: aws.String(testAccount),
				IpPermissions: []ec2types.IpPermission{{
					IpProtocol: aws.String("icmp"), FromPort: aws.Int32(8), ToPort: aws.Int32(-1),
					UserIdGroupPairs: []ec2types.UserIdGroupPair{
						{GroupId: aws.String("sg-x"), UserId: aws.String("999988887777")},
						{GroupId: aws.String("sg-p"), UserId: aws.String(testAccount), VpcId: aws.String("vpc-2"),
							VpcPeeringConnectionId: aws.String("pcx-1"), PeeringStatus: aws.String("active")},
						{GroupId: aws.String("sg-gone")},
					},
				}},
			},
			want: []sgmap.Rule{
				{Direction: sgmap.Ingress, Protocol: "icmp", FromPort: 8, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-x", AccountID: "999988887777"}},
				{Direction: sgmap.Ingress, Protocol: "icmp", FromPort: 8, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-p", VPCID: "vpc-2", PeeringID: "pcx-1", PeeringStatus: "active"}},
				{Direction: sgmap.Ingress, Protocol: "icmp", FromPort: 8, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-gone", Stale: true}},
			},
		},
		{
			name: "no rules gives an empty list, not nil",
			in:   ec2types.SecurityGroup{GroupId: aws.String("sg-a"), VpcId: aws.String(testVPC)},
			want: []sgmap.Rule{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := securityGroupFromEC2(tt.in, testAccount, testRegion)
			if diff := cmp.Diff(tt.want, got.Rules); diff != "" {
				t.Errorf("securityGroupFromEC2 rules (-want +got):\n%s", diff)
			}
			if got.AccountID == "" || got.Region != testRegion || got.VPCID != testVPC {
				t.Errorf("securityGroupFromEC2 = account %q region %q vpc %q", got.AccountID, got.Region, got.VPCID)
			}
		})
	}
}

func TestRuleFromEC2(t *testing.T) {
	tests := []struct {
		name string
		in   ec2types.SecurityGroupRule
		want sgmap.Rule
	}{
		{
			name: "cidr ingress with id and description",
			in: ec2types.SecurityGroupRule{SecurityGroupRuleId: aws.String("sgr-1"), IpProtocol: aws.String("tcp"),
				FromPort: aws.Int32(22), ToPort: aws.Int32(22), CidrIpv4: aws.String("203.0.113.0/24"), Description: aws.String("office"), IsEgress: aws.Bool(false)},
			want: sgmap.Rule{ID: "sgr-1", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "203.0.113.0/24"}, Description: "office"},
		},
		{
			name: "egress all traffic to ipv6",
			in: ec2types.SecurityGroupRule{SecurityGroupRuleId: aws.String("sgr-2"), IpProtocol: aws.String("-1"),
				FromPort: aws.Int32(-1), ToPort: aws.Int32(-1), CidrIpv6: aws.String("::/0"), IsEgress: aws.Bool(true)},
			want: sgmap.Rule{ID: "sgr-2", Direction: sgmap.Egress, Protocol: "-1", FromPort: -1, ToPort: -1,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv6, Value: "::/0"}},
		},
		{
			name: "prefix list",
			in: ec2types.SecurityGroupRule{SecurityGroupRuleId: aws.String("sgr-3"), IpProtocol: aws.String("tcp"),
				FromPort: aws.Int32(443), ToPort: aws.Int32(443), PrefixListId: aws.String("pl-63a5400a"), IsEgress: aws.Bool(true)},
			want: sgmap.Rule{ID: "sgr-3", Direction: sgmap.Egress, Protocol: "tcp", FromPort: 443, ToPort: 443,
				Peer: sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: "pl-63a5400a"}},
		},
		{
			name: "referenced group in another account",
			in: ec2types.SecurityGroupRule{SecurityGroupRuleId: aws.String("sgr-4"), GroupOwnerId: aws.String(testAccount), IpProtocol: aws.String("udp"),
				FromPort: aws.Int32(53), ToPort: aws.Int32(53),
				ReferencedGroupInfo: &ec2types.ReferencedSecurityGroup{GroupId: aws.String("sg-dns"), UserId: aws.String("999988887777")}},
			want: sgmap.Rule{ID: "sgr-4", Direction: sgmap.Ingress, Protocol: "udp", FromPort: 53, ToPort: 53,
				Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-dns", AccountID: "999988887777"}},
		},
		{
			name: "self reference, same account",
			in: ec2types.SecurityGroupRule{SecurityGroupRuleId: aws.String("sgr-5"), GroupId: aws.String("sg-a"), GroupOwnerId: aws.String(testAccount),
				IpProtocol: aws.String("-1"), ReferencedGroupInfo: &ec2types.ReferencedSecurityGroup{GroupId: aws.String("sg-a"), UserId: aws.String(testAccount)}},
			want: sgmap.Rule{ID: "sgr-5", Direction: sgmap.Ingress, Protocol: "-1", FromPort: -1, ToPort: -1,
				Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-a"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ruleFromEC2(tt.in, testAccount, testVPC)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ruleFromEC2 (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInterfaceFromEC2(t *testing.T) {
	in := ec2types.NetworkInterface{
		NetworkInterfaceId: aws.String("eni-1"), VpcId: aws.String(testVPC), SubnetId: aws.String("subnet-1"),
		InterfaceType: "interface", Status: "in-use", Description: aws.String(`<script>alert("x")</script>`),
		Groups:           []ec2types.GroupIdentifier{{GroupId: aws.String("sg-b")}, {GroupId: aws.String("sg-a")}},
		PrivateIpAddress: aws.String("10.0.0.5"),
		PrivateIpAddresses: []ec2types.NetworkInterfacePrivateIpAddress{
			{PrivateIpAddress: aws.String("10.0.0.9"), Primary: aws.Bool(false), Association: &ec2types.NetworkInterfaceAssociation{PublicIp: aws.String("198.51.100.2")}},
			{PrivateIpAddress: aws.String("10.0.0.5"), Primary: aws.Bool(true)},
		},
		Association:   &ec2types.NetworkInterfaceAssociation{PublicIp: aws.String("198.51.100.1")},
		Ipv6Addresses: []ec2types.NetworkInterfaceIpv6Address{{Ipv6Address: aws.String("2001:db8::1")}},
		TagSet:        []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String("x")}},
	}
	got := interfaceFromEC2(in, testAccount, testRegion)
	want := sgmap.NetworkInterface{ID: "eni-1", AccountID: testAccount, Region: testRegion, VPCID: testVPC, SubnetID: "subnet-1",
		Description: `<script>alert("x")</script>`, InterfaceType: "interface", Status: "in-use",
		PrivateIPs: []string{"10.0.0.5", "10.0.0.9"}, PublicIPs: []string{"198.51.100.1", "198.51.100.2"},
		IPv6Addresses: []string{"2001:db8::1"}, GroupIDs: []string{"sg-b", "sg-a"}, Tags: map[string]string{"Name": "x"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("interfaceFromEC2 (-want +got):\n%s", diff)
	}
}

// mustConvert converts raws and fails the test on error.
func mustConvert(t *testing.T, raws ...*Raw) *sgmap.Snapshot {
	t.Helper()
	s, err := Convert(raws, testTime)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return s
}

func eni(id, subnet, desc, typ, requester string, groups ...string) ec2types.NetworkInterface {
	e := ec2types.NetworkInterface{NetworkInterfaceId: aws.String(id), VpcId: aws.String(testVPC), SubnetId: aws.String(subnet),
		Description: aws.String(desc), InterfaceType: ec2types.NetworkInterfaceType(typ), PrivateIpAddress: aws.String("10.0.0.1")}
	if requester != "" {
		e.RequesterId, e.RequesterManaged = aws.String(requester), aws.Bool(true)
	}
	for _, g := range groups {
		e.Groups = append(e.Groups, ec2types.GroupIdentifier{GroupId: aws.String(g)})
	}
	return e
}

func group(id string) ec2types.SecurityGroup {
	return ec2types.SecurityGroup{GroupId: aws.String(id), GroupName: aws.String(id + "-name"), VpcId: aws.String(testVPC), OwnerId: aws.String(testAccount)}
}

func ownersByID(s *sgmap.Snapshot) map[string]sgmap.Owner {
	m := map[string]sgmap.Owner{}
	for _, o := range s.Owners {
		m[o.ID] = o
	}
	return m
}

func interfaceOwners(s *sgmap.Snapshot) map[string]string {
	m := map[string]string{}
	for _, e := range s.Interfaces {
		m[e.ID] = e.OwnerID
	}
	return m
}

func TestConvert_PrefersSecurityGroupRules(t *testing.T) {
	g := group("sg-a")
	g.IpPermissions = []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80),
		IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}
	other := group("sg-b")
	other.IpPermissions = g.IpPermissions
	raw := &Raw{AccountID: testAccount, Region: testRegion, SecurityGroups: []ec2types.SecurityGroup{g, other},
		SecurityGroupRules: []ec2types.SecurityGroupRule{
			{SecurityGroupRuleId: aws.String("sgr-1"), GroupId: aws.String("sg-a"), IpProtocol: aws.String("tcp"),
				FromPort: aws.Int32(80), ToPort: aws.Int32(80), CidrIpv4: aws.String("0.0.0.0/0"), Description: aws.String("web")},
			{SecurityGroupRuleId: aws.String("sgr-9"), GroupId: aws.String("sg-orphan"), IpProtocol: aws.String("-1"), CidrIpv4: aws.String("0.0.0.0/0")},
		}}
	s := mustConvert(t, raw)
	if len(s.Groups) != 2 {
		t.Fatalf("got %d groups, want 2", len(s.Groups))
	}
	if got := s.Groups[0].Rules; len(got) != 1 || got[0].ID != "sgr-1" || got[0].Description != "web" {
		t.Errorf("sg-a rules = %+v, want the one DescribeSecurityGroupRules row sgr-1", got)
	}
	if got := s.Groups[1].Rules; len(got) != 1 || got[0].ID != "" || got[0].FromPort != 80 {
		t.Errorf("sg-b rules = %+v, want the exploded IpPermissions rule", got)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Message, "sg-orphan") {
		t.Errorf("warnings = %+v, want one naming sg-orphan", s.Warnings)
	}
}

func TestConvert_StaleGroups(t *testing.T) {
	g := group("sg-a")
	g.IpPermissions = []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
		UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String("sg-peer"), UserId: aws.String(testAccount), VpcId: aws.String("vpc-2"), VpcPeeringConnectionId: aws.String("pcx-1")}}}}
	raw := &Raw{AccountID: testAccount, Region: testRegion, SecurityGroups: []ec2types.SecurityGroup{g},
		StaleGroups: []ec2types.StaleSecurityGroup{{GroupId: aws.String("sg-a"), StaleIpPermissions: []ec2types.StaleIpPermission{{
			UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String("sg-peer")}}}}}}}
	s := mustConvert(t, raw)
	if p := s.Groups[0].Rules[0].Peer; !p.Stale || p.VPCID != "vpc-2" || p.PeeringID != "pcx-1" {
		t.Errorf("peer = %+v, want stale, peered via pcx-1 to vpc-2", p)
	}
}

func TestConvert_SharedLambdaENI(t *testing.T) {
	fn := func(name string, subnets, groups []string) lambdaFunc {
		return lambdaFunc{name, subnets, groups}
	}
	raw := &Raw{AccountID: testAccount, Region: testRegion,
		SecurityGroups: []ec2types.SecurityGroup{group("sg-a"), group("sg-b")},
		NetworkInterfaces: []ec2types.NetworkInterface{
			eni("eni-1", "subnet-1", "AWS Lambda VPC ENI-alpha-0f0e0d0c-1111-2222-3333-444455556666", "lambda", "AROAEXAMPLE:alpha", "sg-a"),
			eni("eni-2", "subnet-2", "AWS Lambda VPC ENI-alpha-0f0e0d0c-1111-2222-3333-777788889999", "lambda", "AROAEXAMPLE:alpha", "sg-a"),
			eni("eni-3", "subnet-1", "AWS Lambda VPC ENI-gamma-0f0e0d0c-1111-2222-3333-444455556666", "lambda", "AROAEXAMPLE:gamma", "sg-a", "sg-b"),
			eni("eni-4", "subnet-9", "AWS Lambda VPC ENI-deleted-fn-0f0e0d0c-1111-2222-3333-444455556666", "lambda", "", "sg-a"),
		},
		LambdaFunctions: lambdaFuncs(
			fn("alpha", []string{"subnet-1", "subnet-2"}, []string{"sg-a"}),
			fn("beta", []string{"subnet-1"}, []string{"sg-a"}), // shares eni-1 with alpha
			fn("gamma", []string{"subnet-1"}, []string{"sg-b", "sg-a"}),
			fn("delta", []string{"subnet-3"}, []string{"sg-b"}), // no ENI: keeps GroupIDs
		),
	}
	s := mustConvert(t, raw)
	owners := ownersByID(s)
	wantIfaces := map[string][]string{
		"alpha": {"eni-1", "eni-2"}, "beta": {"eni-1"}, "gamma": {"eni-3"}, "delta": nil,
		"deleted-fn": {"eni-4"}, // resolved from its description only
	}
	for id, want := range wantIfaces {
		o, ok := owners[id]
		if !ok {
			t.Errorf("no owner %q", id)
			continue
		}
		if diff := cmp.Diff(want, o.InterfaceIDs); diff != "" {
			t.Errorf("owner %s InterfaceIDs (-want +got):\n%s", id, diff)
		}
		if o.Kind != sgmap.OwnerLambda {
			t.Errorf("owner %s kind = %q, want lambda", id, o.Kind)
		}
	}
	if got := owners["delta"].GroupIDs; !cmp.Equal(got, []string{"sg-b"}) {
		t.Errorf("delta GroupIDs = %v, want [sg-b]", got)
	}
	wantOwner := map[string]string{"eni-1": "alpha", "eni-2": "alpha", "eni-3": "gamma", "eni-4": "deleted-fn"}
	if diff := cmp.Diff(wantOwner, interfaceOwners(s)); diff != "" {
		t.Errorf("ENI owners (-want +got):\n%s", diff)
	}
	x := sgmap.NewIndex(s)
	if got := x.OwnerGroups("beta"); !cmp.Equal(got, []string{"sg-a"}) {
		t.Errorf("OwnerGroups(beta) = %v, want [sg-a] through the shared ENI", got)
	}
}

type lambdaFunc struct {
	name            string
	subnets, groups []string
}

func lambdaFuncs(fns ...lambdaFunc) []lambdatypes.FunctionConfiguration {
	var out []lambdatypes.FunctionConfiguration
	for _, f := range fns {
		out = append(out, lambdatypes.FunctionConfiguration{FunctionName: aws.String(f.name),
			FunctionArn: aws.String("arn:aws:lambda:" + testRegion + ":" + testAccount + ":function:" + f.name),
			VpcConfig:   &lambdatypes.VpcConfigResponse{VpcId: aws.String(testVPC), SubnetIds: f.subnets, SecurityGroupIds: f.groups}})
	}
	return out
}
