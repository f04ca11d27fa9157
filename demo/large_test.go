package demo

import (
	"bytes"
	"crypto/sha256"
	"net/netip"
	"regexp"
	"slices"
	"testing"

	"github.com/sgmap/sgmap"
)

func mustLarge(t testing.TB) *sgmap.Snapshot {
	t.Helper()
	s, err := Get("large")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func encodeHash(t testing.TB, s *sgmap.Snapshot) [32]byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(buf.Bytes())
}

func TestLarge_Deterministic(t *testing.T) {
	a, b := encodeHash(t, mustLarge(t)), encodeHash(t, mustLarge(t))
	if a != b {
		t.Errorf("two Get(large) calls encode differently: %x vs %x", a, b)
	}
	// Large itself, before normalisation, must not depend on map order either.
	var x, y bytes.Buffer
	if err := Large().Encode(&x); err != nil {
		t.Fatal(err)
	}
	if err := Large().Encode(&y); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("two Large() calls encode differently")
	}
}

func TestLarge_Validates(t *testing.T) {
	if err := Large().Validate(); err != nil {
		t.Fatalf("Large().Validate() = %v", err)
	}
	if err := mustLarge(t).Validate(); err != nil {
		t.Fatalf("Get(large).Validate() = %v", err)
	}
}

func TestLarge_Counts(t *testing.T) {
	s := mustLarge(t)
	rules := 0
	perVPC := map[string]int{}
	for _, g := range s.Groups {
		rules += len(g.Rules)
		perVPC[g.VPCID]++
	}
	if got := len(s.VPCs); got != 3 {
		t.Errorf("VPCs = %d, want 3", got)
	}
	if got := len(s.Groups); got < 600 {
		t.Errorf("groups = %d, want >= 600", got)
	}
	if got := len(s.Interfaces); got < 5000 {
		t.Errorf("ENIs = %d, want >= 5000", got)
	}
	if rules < 8000 {
		t.Errorf("rules = %d, want >= 8000", rules)
	}
	var sizes []int
	for _, v := range s.VPCs {
		if perVPC[v.ID] < 100 {
			t.Errorf("VPC %s has %d groups, want a few hundred", v.Name, perVPC[v.ID])
		}
		sizes = append(sizes, perVPC[v.ID])
	}
	slices.Sort(sizes)
	if len(sizes) == 3 && sizes[2] < sizes[1]*3/2 {
		t.Errorf("group counts per VPC %v: the largest VPC is not clearly the largest", sizes)
	}
}

// TestLarge_Realistic checks the shape of IDs and addresses: AWS-style
// 17-hex-digit IDs, and every private IP inside its ENI's subnet.
func TestLarge_Realistic(t *testing.T) {
	s := mustLarge(t)
	x := sgmap.NewIndex(s)
	idRE := map[string]*regexp.Regexp{
		"sg":  regexp.MustCompile(`^sg-0[0-9a-f]{16}$`),
		"eni": regexp.MustCompile(`^eni-0[0-9a-f]{16}$`),
		"i":   regexp.MustCompile(`^i-0[0-9a-f]{16}$`),
		"sgr": regexp.MustCompile(`^sgr-0[0-9a-f]{16}$`),
	}
	for _, g := range s.Groups {
		if !idRE["sg"].MatchString(g.ID) {
			t.Errorf("group ID %q is not sg-0 + 16 hex digits", g.ID)
		}
		for _, r := range g.Rules {
			if !idRE["sgr"].MatchString(r.ID) {
				t.Errorf("rule ID %q is not sgr-0 + 16 hex digits", r.ID)
			}
		}
	}
	addrs, has6 := 0, false
	distinct := map[netip.Addr]bool{}
	for _, e := range s.Interfaces {
		if !idRE["eni"].MatchString(e.ID) {
			t.Errorf("ENI ID %q is not eni-0 + 16 hex digits", e.ID)
		}
		sn := x.Subnets[e.SubnetID]
		if sn == nil {
			t.Errorf("ENI %s: subnet %q not in snapshot", e.ID, e.SubnetID)
			continue
		}
		for _, ip := range append(slices.Clone(e.PrivateIPs), e.IPv6Addresses...) {
			addrs++
			a := netip.MustParseAddr(ip)
			distinct[a] = true
			if !slices.ContainsFunc(sn.CIDRs, func(c string) bool { return netip.MustParsePrefix(c).Contains(a) }) {
				t.Errorf("ENI %s: IP %s outside its subnet %v", e.ID, ip, sn.CIDRs)
			}
			if a.Is6() {
				has6 = true
			}
		}
		if len(e.PrivateIPs) == 0 {
			t.Errorf("ENI %s has no private IP", e.ID)
		}
	}
	if len(distinct) != addrs {
		t.Errorf("%d distinct addresses for %d assigned: addresses are reused", len(distinct), addrs)
	}
	if !has6 {
		t.Error("no ENI has an IPv6 address")
	}
	for _, o := range s.Owners {
		if o.Kind == sgmap.OwnerInstance && !idRE["i"].MatchString(o.ID) {
			t.Errorf("instance ID %q is not i-0 + 16 hex digits", o.ID)
		}
		for _, id := range o.InterfaceIDs {
			if x.Interfaces[id] == nil {
				t.Errorf("owner %s lists ENI %s, which is not in the snapshot", o.ID, id)
			}
		}
	}
	badName := regexp.MustCompile(`^allow-.*-\d+$`)
	var names []string
	for _, g := range s.Groups {
		names = append(names, g.Name)
	}
	for _, want := range []string{"default", "web-prod", "payments-db", "api-internal-prod", "monitoring"} {
		if !slices.Contains(names, want) {
			t.Errorf("no group named %q", want)
		}
	}
	if !slices.ContainsFunc(names, badName.MatchString) {
		t.Error("no badly named allow-…-<port> group")
	}
}

// TestLarge_Features asserts the demo contains every shape the graph, the
// renderer and the audit must cope with.
func TestLarge_Features(t *testing.T) {
	s := mustLarge(t)
	x := sgmap.NewIndex(s)
	has := map[string]bool{}
	for _, o := range s.Owners {
		has["owner "+string(o.Kind)] = true
		switch {
		case o.Kind == sgmap.OwnerInstance && o.Parent != nil && o.Parent.Kind == sgmap.ParentAutoScalingGroup:
			has["asg instance"] = true
		case o.Kind == sgmap.OwnerInstance && o.Parent == nil:
			has["standalone instance"] = true
		case o.Kind == sgmap.OwnerECSTask && o.Parent != nil && o.Parent.Kind == sgmap.ParentECSService:
			has["ecs task in service"] = true
		}
		if len(x.OwnerInterfaces[o.ID]) == 0 && len(o.GroupIDs) > 0 && len(x.OwnerGroups(o.ID)) > 0 {
			has["owner known by declared groups only"] = true
		}
		if enis := x.OwnerInterfaces[o.ID]; o.Kind == sgmap.OwnerInstance && len(enis) > 1 &&
			!slices.Equal(enis[0].GroupIDs, enis[1].GroupIDs) {
			has["instance with per-ENI group sets"] = true
		}
		if lb := o.LoadBalancer; lb != nil {
			has["lb "+lb.Type] = true
			if len(lb.Listeners) > 0 {
				has["lb listeners"] = true
			}
			for _, tg := range lb.TargetGroups {
				for _, tgt := range tg.Targets {
					if t := x.Owners[tgt.ID]; t != nil && t.Parent != nil && t.Parent.Kind == sgmap.ParentAutoScalingGroup {
						has["target group -> asg instance"] = true
					}
				}
			}
		}
	}
	lambdasPerENI := map[string]int{}
	for _, o := range s.Owners {
		if o.Kind == sgmap.OwnerLambda {
			for _, id := range o.InterfaceIDs {
				lambdasPerENI[id]++
			}
		}
	}
	for _, n := range lambdasPerENI {
		if n > 1 {
			has["shared lambda eni"] = true
		}
	}
	peerings := map[string]bool{}
	for _, p := range s.Peerings {
		peerings[p.ID] = true
	}
	for _, g := range s.Groups {
		for _, r := range g.Rules {
			p := r.Peer
			switch p.Kind {
			case sgmap.PeerGroup:
				switch {
				case p.Value == g.ID:
					has["self reference"] = true
				case p.AccountID != "" && p.AccountID != g.AccountID:
					has["cross-account reference"] = true
				case p.VPCID != "" && p.VPCID != g.VPCID && peerings[p.PeeringID] && !p.Stale && x.Groups[p.Value] != nil:
					has["cross-vpc reference"] = true
				case p.Stale:
					has["stale reference"] = true
				case x.Groups[p.Value] == nil:
					has["dangling reference"] = true
				}
			case sgmap.PeerPrefixList:
				pl := x.PrefixLists[p.Value]
				switch {
				case pl == nil:
				case pl.Name == "com.amazonaws.eu-west-1.s3":
					has["s3 prefix list"] = true
				case pl.Name == "com.amazonaws.eu-west-1.dynamodb":
					has["dynamodb prefix list"] = true
				case pl.AccountID != "AWS":
					has["customer prefix list"] = true
				}
			case sgmap.PeerIPv6:
				has["ipv6 rule"] = true
			}
			switch r.Protocol {
			case sgmap.ProtoICMP:
				has["icmp rule"] = true
			case sgmap.ProtoICMPv6:
				has["icmpv6 rule"] = true
			case sgmap.AllProtocols:
				has["all-traffic rule"] = true
			}
			if r.Description == "" {
				has["rule without description"] = true
			} else {
				has["rule with description"] = true
			}
		}
	}
	for _, e := range s.Interfaces {
		if len(e.GroupIDs) >= 5 {
			has["eni in 5+ groups"] = true
		}
		for _, id := range e.GroupIDs {
			if g := x.Groups[id]; g != nil && g.IsDefault() {
				has["default group in use"] = true
			}
		}
	}
	memberSets := map[string]int{}
	for _, g := range s.Groups {
		m := x.Members[g.ID]
		if len(m) == 0 {
			has["unused group"] = true
			continue
		}
		key := ""
		for _, e := range m {
			key += e.ID + " "
		}
		if memberSets[key]++; memberSets[key] > 1 {
			has["groups with the same members"] = true
		}
	}
	partial, nested := membershipShapes(x)
	has["partial overlap"], has["nested membership"] = partial, nested
	for _, want := range []string{
		"owner instance", "owner load-balancer", "owner ecs-task", "owner lambda", "owner rds",
		"owner vpc-endpoint", "owner nat-gateway", "asg instance", "standalone instance",
		"ecs task in service", "instance with per-ENI group sets", "lb application", "lb network",
		"lb listeners", "target group -> asg instance", "shared lambda eni", "self reference",
		"cross-account reference", "cross-vpc reference", "stale reference", "dangling reference",
		"s3 prefix list", "dynamodb prefix list", "customer prefix list", "ipv6 rule", "icmp rule",
		"icmpv6 rule", "all-traffic rule", "rule without description", "rule with description",
		"partial overlap", "nested membership", "eni in 5+ groups", "default group in use",
		"owner elasticache", "owner other", "owner known by declared groups only", "unused group", "groups with the same members",
	} {
		if !has[want] {
			t.Errorf("large demo has no %s", want)
		}
	}
}

// membershipShapes reports whether two groups partially overlap (share a
// member, neither containing the other) and whether one group's members
// are a strict subset of another's.
func membershipShapes(x *sgmap.Index) (partial, nested bool) {
	common := map[[2]string]int{} // group pair → ENIs in both
	for _, e := range x.Interfaces {
		for i, a := range e.GroupIDs {
			for _, b := range e.GroupIDs[i+1:] {
				common[[2]string{a, b}]++
			}
		}
	}
	for pair, n := range common {
		la, lb := len(x.Members[pair[0]]), len(x.Members[pair[1]])
		switch {
		case n < la && n < lb:
			partial = true
		case n == la && la < lb, n == lb && lb < la:
			nested = true
		}
	}
	return partial, nested
}

func BenchmarkLarge(b *testing.B) {
	for b.Loop() {
		Large()
	}
}

func BenchmarkGetLarge(b *testing.B) {
	for b.Loop() {
		if _, err := Get("large"); err != nil {
			b.Fatal(err)
		}
	}
}
