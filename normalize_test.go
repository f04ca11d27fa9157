package sgmap_test

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

var testTime = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// normalizeRule runs one rule through Snapshot.Normalize.
func normalizeRule(r sgmap.Rule) sgmap.Rule {
	s := &sgmap.Snapshot{Groups: []sgmap.SecurityGroup{{ID: "sg-1", VPCID: "vpc-1", Rules: []sgmap.Rule{r}}}}
	s.Normalize()
	return s.Groups[0].Rules[0]
}

func TestNormalize_Rule(t *testing.T) {
	v4 := func(c string) sgmap.Peer { return sgmap.Peer{Kind: sgmap.PeerIPv4, Value: c} }
	v6 := func(c string) sgmap.Peer { return sgmap.Peer{Kind: sgmap.PeerIPv6, Value: c} }
	group := sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-2"}
	rule := func(proto string, from, to int32, p sgmap.Peer) sgmap.Rule {
		return sgmap.Rule{Direction: sgmap.Ingress, Protocol: proto, FromPort: from, ToPort: to, Peer: p}
	}
	tests := []struct {
		name    string
		in, out sgmap.Rule
	}{
		{"protocol 6 is tcp", rule("6", 443, 443, group), rule("tcp", 443, 443, group)},
		{"protocol 17 is udp", rule("17", 53, 53, group), rule("udp", 53, 53, group)},
		{"protocol 1 is icmp", rule("1", 8, -1, group), rule("icmp", 8, -1, group)},
		{"protocol 58 is icmpv6", rule("58", -1, -1, group), rule("icmpv6", -1, -1, group)},
		{"upper case and spaces", rule(" TCP ", 22, 22, group), rule("tcp", 22, 22, group)},
		{"ICMPv6 spelling", rule("ICMPv6", 128, -1, group), rule("icmpv6", 128, -1, group)},
		{"all is -1", rule("all", 0, 65535, group), rule("-1", -1, -1, group)},
		{"empty protocol is -1", rule("", 0, 0, group), rule("-1", -1, -1, group)},
		{"-1 ports are ignored", rule("-1", 0, 65535, group), rule("-1", -1, -1, group)},
		{"-1 kept", rule("-1", -1, -1, group), rule("-1", -1, -1, group)},
		{"tcp -1/-1 is all ports", rule("tcp", -1, -1, group), rule("tcp", 0, 65535, group)},
		{"udp -1/-1 is all ports", rule("udp", -1, -1, group), rule("udp", 0, 65535, group)},
		{"tcp range kept", rule("tcp", 1024, 65535, group), rule("tcp", 1024, 65535, group)},
		{"icmp ports kept", rule("icmp", 3, 4, group), rule("icmp", 3, 4, group)},
		{"other protocol ignores ports", rule("50", 10, 20, group), rule("50", -1, -1, group)},
		{"ipv4 CIDR masked", rule("tcp", 22, 22, v4("10.0.0.5/16")), rule("tcp", 22, 22, v4("10.0.0.0/16"))},
		{"AWS's own example", rule("tcp", 22, 22, v4("100.68.0.18/18")), rule("tcp", 22, 22, v4("100.68.0.0/18"))},
		{"ipv4 host kept", rule("tcp", 22, 22, v4("10.0.0.5/32")), rule("tcp", 22, 22, v4("10.0.0.5/32"))},
		{"ipv6 CIDR masked", rule("tcp", 22, 22, v6("2001:db8::1/64")), rule("tcp", 22, 22, v6("2001:db8::/64"))},
		{"ipv6 spelled long", rule("tcp", 22, 22, v6("2001:0DB8:0000::/48")), rule("tcp", 22, 22, v6("2001:db8::/48"))},
		{"CIDR with spaces", rule("tcp", 22, 22, v4(" 10.1.2.3/8 ")), rule("tcp", 22, 22, v4("10.0.0.0/8"))},
		{"bad CIDR left for Validate", rule("tcp", 22, 22, v4("10.0.0.0/33")), rule("tcp", 22, 22, v4("10.0.0.0/33"))},
		{"group value untouched", rule("tcp", 22, 22, sgmap.Peer{Kind: sgmap.PeerGroup, Value: "10.0.0.5/16"}),
			rule("tcp", 22, 22, sgmap.Peer{Kind: sgmap.PeerGroup, Value: "10.0.0.5/16"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.out, normalizeRule(tt.in)); diff != "" {
				t.Errorf("Normalize(%+v) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestNormalize_MergesAndSortsRules(t *testing.T) {
	web := sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-web"}
	in := []sgmap.Rule{
		{Direction: sgmap.Egress, Protocol: "-1", FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: web},
		{Direction: sgmap.Ingress, Protocol: "6", FromPort: 443, ToPort: 443, Peer: web}, // the same rule spelled differently
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 80, ToPort: 80, Peer: web},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 80, ToPort: 80, Peer: web, Description: "kept: says why"},
		{ID: "sgr-2", Direction: sgmap.Ingress, Protocol: "udp", FromPort: 53, ToPort: 53, Peer: web},
		{ID: "sgr-1", Direction: sgmap.Ingress, Protocol: "udp", FromPort: 53, ToPort: 53, Peer: web},
	}
	want := []sgmap.Rule{
		{Direction: sgmap.Egress, Protocol: "-1", FromPort: -1, ToPort: -1, Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 80, ToPort: 80, Peer: web},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 80, ToPort: 80, Peer: web, Description: "kept: says why"},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: web},
		{ID: "sgr-1", Direction: sgmap.Ingress, Protocol: "udp", FromPort: 53, ToPort: 53, Peer: web},
		{ID: "sgr-2", Direction: sgmap.Ingress, Protocol: "udp", FromPort: 53, ToPort: 53, Peer: web},
	}
	s := &sgmap.Snapshot{Groups: []sgmap.SecurityGroup{{ID: "sg-1", VPCID: "vpc-1", Rules: in}}}
	s.Normalize()
	if diff := cmp.Diff(want, s.Groups[0].Rules); diff != "" {
		t.Errorf("normalised rules mismatch (-want +got):\n%s", diff)
	}
}

// TestNormalize_KeepsRulesThatDifferInPeerDetail checks that merging
// identical rules does not drop a rule that differs only in what is known
// about its peer (stale, peered VPC).
func TestNormalize_KeepsRulesThatDifferInPeerDetail(t *testing.T) {
	peer := sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-ef6fba8b", VPCID: "vpc-7a20e51f", PeeringID: "pcx-b04deed9"}
	stale := peer
	stale.Stale = true
	r := sgmap.Rule{Direction: sgmap.Egress, Protocol: "tcp", FromPort: 22, ToPort: 22, Peer: peer}
	rs := r
	rs.Peer = stale
	for _, order := range [][]sgmap.Rule{{r, rs}, {rs, r}} {
		s := &sgmap.Snapshot{Groups: []sgmap.SecurityGroup{{ID: "sg-1", VPCID: "vpc-1", Rules: order}}}
		s.Normalize()
		if diff := cmp.Diff([]sgmap.Rule{r, rs}, s.Groups[0].Rules); diff != "" {
			t.Errorf("normalised rules mismatch (-want +got):\n%s", diff)
		}
	}
}

func TestNormalize_Lists(t *testing.T) {
	s := &sgmap.Snapshot{
		Accounts: []string{"222", "111", "222"},
		Regions:  []string{"us-east-1", "eu-west-1"},
		VPCs: []sgmap.VPC{{ID: "vpc-b", CIDRs: []string{"10.1.0.0/16", "10.0.0.7/16", "10.0.0.0/16"}},
			{ID: "vpc-a"}},
		Subnets: []sgmap.Subnet{{ID: "subnet-b", VPCID: "vpc-a"}, {ID: "subnet-a", VPCID: "vpc-a", CIDRs: []string{"10.0.1.9/24"}}},
		Interfaces: []sgmap.NetworkInterface{
			{ID: "eni-b", VPCID: "vpc-a", GroupIDs: []string{"sg-2", "sg-1", "sg-2"}, PrivateIPs: []string{"10.0.0.9", "10.0.0.1"}},
			{ID: "eni-a", VPCID: "vpc-a"},
		},
		Owners: []sgmap.Owner{{ID: "i-b", Kind: sgmap.OwnerInstance, InterfaceIDs: []string{"eni-b", "eni-a", "eni-b"}},
			{ID: "arn:lb", Kind: sgmap.OwnerLoadBalancer, LoadBalancer: &sgmap.LoadBalancer{
				Listeners:    []sgmap.Listener{{Protocol: "HTTPS", Port: 443}, {Protocol: "HTTP", Port: 80}},
				TargetGroups: []sgmap.TargetGroup{{ID: "tg-b", Targets: []sgmap.Target{{ID: "i-2", Port: 80}, {ID: "i-1", Port: 80}}}, {ID: "tg-a"}}}}},
		PrefixLists: []sgmap.PrefixList{{ID: "pl-1", Entries: []sgmap.PrefixListEntry{{CIDR: "10.2.0.0/16"}, {CIDR: "10.0.0.0/16"}}}},
		Peerings:    []sgmap.PeeringConnection{{ID: "pcx-b"}, {ID: "pcx-a"}},
	}
	s.Normalize()
	want := &sgmap.Snapshot{
		SchemaVersion: sgmap.SchemaVersion,
		Accounts:      []string{"111", "222"},
		Regions:       []string{"eu-west-1", "us-east-1"},
		VPCs:          []sgmap.VPC{{ID: "vpc-a", CIDRs: []string{}}, {ID: "vpc-b", CIDRs: []string{"10.0.0.0/16", "10.1.0.0/16"}}},
		Subnets:       []sgmap.Subnet{{ID: "subnet-a", VPCID: "vpc-a", CIDRs: []string{"10.0.1.0/24"}}, {ID: "subnet-b", VPCID: "vpc-a", CIDRs: []string{}}},
		Interfaces: []sgmap.NetworkInterface{
			{ID: "eni-a", VPCID: "vpc-a"},
			// Private IPs keep their order: the primary comes first.
			{ID: "eni-b", VPCID: "vpc-a", GroupIDs: []string{"sg-1", "sg-2"}, PrivateIPs: []string{"10.0.0.9", "10.0.0.1"}},
		},
		Owners: []sgmap.Owner{
			{ID: "arn:lb", Kind: sgmap.OwnerLoadBalancer, LoadBalancer: &sgmap.LoadBalancer{
				Listeners:    []sgmap.Listener{{Protocol: "HTTP", Port: 80}, {Protocol: "HTTPS", Port: 443}},
				TargetGroups: []sgmap.TargetGroup{{ID: "tg-a"}, {ID: "tg-b", Targets: []sgmap.Target{{ID: "i-1", Port: 80}, {ID: "i-2", Port: 80}}}}}},
			{ID: "i-b", Kind: sgmap.OwnerInstance, InterfaceIDs: []string{"eni-a", "eni-b"}},
		},
		PrefixLists: []sgmap.PrefixList{{ID: "pl-1", Entries: []sgmap.PrefixListEntry{{CIDR: "10.0.0.0/16"}, {CIDR: "10.2.0.0/16"}}}},
		Peerings:    []sgmap.PeeringConnection{{ID: "pcx-a"}, {ID: "pcx-b"}},
	}
	if diff := cmp.Diff(want, s, cmpEmpty); diff != "" {
		t.Errorf("Normalize mismatch (-want +got):\n%s", diff)
	}
}

// cmpEmpty treats nil and empty slices and maps alike: JSON encodes an
// omitempty nil and an empty list the same way.
var cmpEmpty = cmp.FilterValues(func(x, y any) bool {
	return isEmpty(x) && isEmpty(y)
}, cmp.Comparer(func(_, _ any) bool { return true }))

func isEmpty(x any) bool {
	switch v := x.(type) {
	case []string:
		return len(v) == 0
	}
	return false
}

func mustEncode(t testing.TB, s *sgmap.Snapshot) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestNormalize_Idempotent(t *testing.T) {
	s := demo.Large()
	s.Normalize()
	once := mustEncode(t, s)
	s.Normalize()
	if !bytes.Equal(once, mustEncode(t, s)) {
		t.Error("normalising twice changes the encoding")
	}
	if !bytes.Equal(once, mustEncode(t, s)) {
		t.Error("encoding twice gives different bytes")
	}
}

// TestNormalize_ShuffledInputSameBytes is the determinism contract: the same
// facts in any order encode to the same bytes.
func TestNormalize_ShuffledInputSameBytes(t *testing.T) {
	for _, name := range demo.Names() {
		t.Run(name, func(t *testing.T) {
			s, err := demo.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s.Warnings = []sgmap.Warning{
				{Service: "ecs", Operation: "DescribeTasks", Code: "AccessDenied", Message: "cluster a"},
				{Service: "ecs", Operation: "DescribeTasks", Code: "AccessDenied", Message: "cluster b"},
				{Service: "ecs", Operation: "DescribeTasks", Code: "Throttling", Message: "cluster a"},
				{Service: "lambda", Operation: "ListFunctions", Message: "denied"},
			}
			s.Peerings = append(s.Peerings, sgmap.PeeringConnection{ID: "pcx-0123456789abcdef0",
				Requester: sgmap.PeeringSide{VPCID: "vpc-1", CIDRs: []string{"10.1.0.0/16", "10.0.0.0/16"}},
				Accepter:  sgmap.PeeringSide{VPCID: "vpc-2", CIDRs: []string{"2001:db8::/56", "10.2.0.0/16"}}})
			s.Normalize()
			want := mustEncode(t, s)
			rng := rand.New(rand.NewPCG(7, 8))
			rounds := 3
			if name == "large" {
				rounds = 1 // 9,000 rules: one shuffle is plenty, and it is the slow one
			}
			for range rounds {
				shuffleSnapshot(rng, s)
				s.Normalize()
				if got := mustEncode(t, s); !bytes.Equal(got, want) {
					t.Fatalf("shuffled snapshot encodes differently: first difference at byte %d", firstDiff(got, want))
				}
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// shuffleSnapshot reorders every list whose order carries no meaning.
// Private IPs keep their order (primary first).
func shuffleSnapshot(rng *rand.Rand, s *sgmap.Snapshot) {
	shuffle(rng, s.Accounts)
	shuffle(rng, s.Regions)
	shuffle(rng, s.VPCs)
	for i := range s.VPCs {
		shuffle(rng, s.VPCs[i].CIDRs)
	}
	shuffle(rng, s.Subnets)
	shuffle(rng, s.Groups)
	for i := range s.Groups {
		shuffle(rng, s.Groups[i].Rules)
	}
	shuffle(rng, s.Interfaces)
	for i := range s.Interfaces {
		shuffle(rng, s.Interfaces[i].GroupIDs)
	}
	shuffle(rng, s.Owners)
	for i := range s.Owners {
		o := &s.Owners[i]
		shuffle(rng, o.InterfaceIDs)
		shuffle(rng, o.GroupIDs)
		if lb := o.LoadBalancer; lb != nil {
			shuffle(rng, lb.Listeners)
			shuffle(rng, lb.TargetGroups)
			for j := range lb.TargetGroups {
				shuffle(rng, lb.TargetGroups[j].Targets)
			}
		}
	}
	shuffle(rng, s.PrefixLists)
	for i := range s.PrefixLists {
		shuffle(rng, s.PrefixLists[i].Entries)
	}
	shuffle(rng, s.Peerings)
	for i := range s.Peerings {
		shuffle(rng, s.Peerings[i].Requester.CIDRs)
		shuffle(rng, s.Peerings[i].Accepter.CIDRs)
	}
	shuffle(rng, s.Warnings)
}

func shuffle[T any](rng *rand.Rand, xs []T) {
	rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

func TestNormalize_DefaultsSchemaVersion(t *testing.T) {
	s := &sgmap.Snapshot{TakenAt: testTime}
	s.Normalize()
	if s.SchemaVersion != sgmap.SchemaVersion {
		t.Errorf("SchemaVersion = %q, want %q", s.SchemaVersion, sgmap.SchemaVersion)
	}
	s = &sgmap.Snapshot{SchemaVersion: "1.7"}
	s.Normalize()
	if s.SchemaVersion != "1.7" {
		t.Errorf("Normalize changed SchemaVersion 1.7 to %q", s.SchemaVersion)
	}
}
