package sgmap_test

import (
	"slices"
	"testing"

	"github.com/sgmap/sgmap"
)

func svc(proto string, from, to int32) sgmap.Service {
	return sgmap.Service{Protocol: proto, FromPort: from, ToPort: to}
}

// TestServiceLabel covers every row of DESIGN.md's label table, then the
// cases around it.
func TestServiceLabel(t *testing.T) {
	tests := []struct {
		name string
		svc  sgmap.Service
		want string
	}{
		// DESIGN.md, "Edges".
		{"tcp single port", svc("tcp", 8443, 8443), "TCP 8443"},
		{"tcp range", svc("tcp", 8000, 8999), "TCP 8000-8999"},
		{"tcp all ports", svc("tcp", 0, 65535), "All TCP"},
		{"udp single port", svc("udp", 53, 53), "UDP 53"},
		{"icmp type any code", svc("icmp", 8, -1), "ICMP 8/any"},
		{"icmp all", svc("icmp", -1, -1), "All ICMP"},
		{"all traffic", svc("-1", -1, -1), "All traffic"},
		{"protocol number", svc("50", -1, -1), "Protocol 50"},
		// Around the table.
		{"udp all ports", svc("udp", 0, 65535), "All UDP"},
		{"tcp ephemeral range", svc("tcp", 1024, 65535), "TCP 1024-65535"},
		{"tcp port 0 only", svc("tcp", 0, 0), "TCP 0"},
		{"tcp -1/-1 before normalisation", svc("tcp", -1, -1), "All TCP"},
		{"icmp type and code", svc("icmp", 3, 4), "ICMP 3/4"},
		{"icmp type 0 code 0", svc("icmp", 0, 0), "ICMP 0/0"},
		{"icmpv6 all", svc("icmpv6", -1, -1), "All ICMPv6"},
		{"icmpv6 echo request", svc("icmpv6", 128, -1), "ICMPv6 128/any"},
		{"icmpv6 type and code", svc("icmpv6", 1, 4), "ICMPv6 1/4"},
		{"all traffic ignores ports", svc("-1", 0, 65535), "All traffic"},
		{"protocol number ignores ports", svc("47", 10, 20), "Protocol 47"},
		{"un-normalised protocol number 6", svc("6", 80, 80), "Protocol 6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.svc.Label(); got != tt.want {
				t.Errorf("%+v.Label() = %q, want %q", tt.svc, got, tt.want)
			}
		})
	}
}

// TestRuleLabel_PeerIndependent checks that a rule's label depends on its
// protocol and ports only: the same service to an IPv4, IPv6, prefix-list
// or group peer labels the same.
func TestRuleLabel_PeerIndependent(t *testing.T) {
	peers := []sgmap.Peer{
		{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"},
		{Kind: sgmap.PeerIPv6, Value: "::/0"},
		{Kind: sgmap.PeerIPv6, Value: "2001:db8::/64"},
		{Kind: sgmap.PeerPrefixList, Value: "pl-6da54004"},
		{Kind: sgmap.PeerGroup, Value: "sg-0123456789abcdef0", AccountID: "444455556666"},
	}
	for _, s := range []sgmap.Service{svc("tcp", 443, 443), svc("icmpv6", -1, -1), svc("-1", -1, -1)} {
		want := s.Label()
		for _, p := range peers {
			r := sgmap.Rule{Direction: sgmap.Ingress, Protocol: s.Protocol, FromPort: s.FromPort, ToPort: s.ToPort, Peer: p}
			if got := r.Service().Label(); got != want {
				t.Errorf("rule %s to %s: label %q, want %q", s.Label(), p, got, want)
			}
		}
	}
}

func TestJoinServices(t *testing.T) {
	tests := []struct {
		name string
		svcs []sgmap.Service
		want string
	}{
		// DESIGN.md: two rules tcp 80 and tcp 443 between the same pair.
		{"two tcp ports", []sgmap.Service{svc("tcp", 80, 80), svc("tcp", 443, 443)}, "TCP 80, 443"},
		{"sorted numerically, not as text", []sgmap.Service{svc("tcp", 443, 443), svc("tcp", 80, 80), svc("tcp", 8080, 8080)}, "TCP 80, 443, 8080"},
		{"one service", []sgmap.Service{svc("udp", 53, 53)}, "UDP 53"},
		{"none", nil, ""},
		{"duplicates", []sgmap.Service{svc("tcp", 443, 443), svc("tcp", 443, 443)}, "TCP 443"},
		{"covered port left out", []sgmap.Service{svc("tcp", 443, 443), svc("tcp", 400, 500)}, "TCP 400-500"},
		{"overlapping ranges merged", []sgmap.Service{svc("tcp", 8000, 8100), svc("tcp", 8050, 8999)}, "TCP 8000-8999"},
		// Adjacent is not overlapping: the label lists what the rules say.
		{"adjacent ranges kept apart", []sgmap.Service{svc("tcp", 8000, 8099), svc("tcp", 8100, 8199)}, "TCP 8000-8099, 8100-8199"},
		{"adjacent single ports kept apart", []sgmap.Service{svc("tcp", 9090, 9090), svc("tcp", 9091, 9091)}, "TCP 9090, 9091"},
		{"overlapping ranges merged", []sgmap.Service{svc("tcp", 8000, 8100), svc("tcp", 8100, 8199)}, "TCP 8000-8199"},
		{"gap kept", []sgmap.Service{svc("tcp", 8000, 8099), svc("tcp", 8101, 8199)}, "TCP 8000-8099, 8101-8199"},
		{"port under all tcp", []sgmap.Service{svc("tcp", 443, 443), svc("tcp", 0, 65535)}, "All TCP"},
		{"anything under all traffic", []sgmap.Service{svc("tcp", 443, 443), svc("udp", 53, 53), svc("-1", -1, -1)}, "All traffic"},
		{"all traffic first", []sgmap.Service{svc("-1", -1, -1), svc("icmp", 8, -1)}, "All traffic"},
		{"all tcp does not cover udp", []sgmap.Service{svc("udp", 53, 53), svc("tcp", 0, 65535)}, "All TCP; UDP 53"},
		{"protocols in order tcp udp icmp icmpv6 numbers",
			[]sgmap.Service{svc("50", -1, -1), svc("icmpv6", -1, -1), svc("icmp", 8, -1), svc("udp", 53, 53), svc("tcp", 443, 443)},
			"TCP 443; UDP 53; ICMP 8/any; All ICMPv6; Protocol 50"},
		{"protocol numbers numerically", []sgmap.Service{svc("132", -1, -1), svc("47", -1, -1), svc("50", -1, -1)}, "Protocol 47; Protocol 50; Protocol 132"},
		{"same protocol number twice", []sgmap.Service{svc("50", -1, -1), svc("50", -1, -1)}, "Protocol 50"},
		{"icmp types", []sgmap.Service{svc("icmp", 8, -1), svc("icmp", 0, -1), svc("icmp", 3, 4)}, "ICMP 0/any, 3/4, 8/any"},
		{"icmp code under its type", []sgmap.Service{svc("icmp", 8, 0), svc("icmp", 8, -1)}, "ICMP 8/any"},
		{"icmp type under all icmp", []sgmap.Service{svc("icmp", 8, -1), svc("icmp", -1, -1)}, "All ICMP"},
		{"icmp and icmpv6 apart", []sgmap.Service{svc("icmpv6", 128, -1), svc("icmp", 8, -1)}, "ICMP 8/any; ICMPv6 128/any"},
		{"all udp and tcp ports", []sgmap.Service{svc("udp", 0, 65535), svc("tcp", 22, 22), svc("tcp", 3389, 3389)}, "TCP 22, 3389; All UDP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.svcs)
			if got := sgmap.JoinServices(tt.svcs); got != tt.want {
				t.Errorf("JoinServices(%v) = %q, want %q", tt.svcs, got, tt.want)
			}
			if !slices.Equal(in, tt.svcs) {
				t.Errorf("JoinServices changed its argument: %v, was %v", tt.svcs, in)
			}
		})
	}
}

// TestJoinServices_OrderIndependent checks the label does not depend on the
// order of the rules behind an edge.
func TestJoinServices_OrderIndependent(t *testing.T) {
	svcs := []sgmap.Service{svc("tcp", 80, 80), svc("udp", 53, 53), svc("tcp", 443, 443), svc("icmp", 8, -1),
		svc("tcp", 8000, 8080), svc("tcp", 8081, 8081), svc("50", -1, -1), svc("icmpv6", 128, 0)}
	want := sgmap.JoinServices(svcs)
	if want != "TCP 80, 443, 8000-8080, 8081; UDP 53; ICMP 8/any; ICMPv6 128/0; Protocol 50" {
		t.Fatalf("JoinServices = %q", want)
	}
	for i := range svcs {
		rot := append(slices.Clone(svcs[i:]), svcs[:i]...)
		slices.Reverse(rot)
		if got := sgmap.JoinServices(rot); got != want {
			t.Errorf("JoinServices(%v) = %q, want %q", rot, got, want)
		}
	}
}

func TestServiceCovers(t *testing.T) {
	tests := []struct {
		s, o sgmap.Service
		want bool
	}{
		{svc("-1", -1, -1), svc("tcp", 443, 443), true},
		{svc("-1", -1, -1), svc("50", -1, -1), true},
		{svc("tcp", 0, 65535), svc("tcp", 443, 443), true},
		{svc("tcp", 0, 65535), svc("udp", 53, 53), false},
		{svc("tcp", 0, 65535), svc("-1", -1, -1), false},
		{svc("tcp", 80, 90), svc("tcp", 85, 85), true},
		{svc("tcp", 80, 90), svc("tcp", 80, 90), true},
		{svc("tcp", 80, 90), svc("tcp", 85, 95), false},
		{svc("tcp", 80, 90), svc("tcp", 0, 65535), false},
		{svc("tcp", 443, 443), svc("udp", 443, 443), false},
		{svc("icmp", -1, -1), svc("icmp", 8, 0), true},
		{svc("icmp", 8, -1), svc("icmp", 8, 0), true},
		{svc("icmp", 8, -1), svc("icmp", 3, -1), false},
		{svc("icmp", 8, 0), svc("icmp", 8, -1), false},
		{svc("icmp", 8, 0), svc("icmp", 8, 0), true},
		{svc("icmp", -1, -1), svc("icmpv6", 128, -1), false},
		{svc("50", -1, -1), svc("50", -1, -1), true},
		{svc("50", -1, -1), svc("47", -1, -1), false},
	}
	for _, tt := range tests {
		if got := tt.s.Covers(tt.o); got != tt.want {
			t.Errorf("%s.Covers(%s) = %v, want %v", tt.s.Label(), tt.o.Label(), got, tt.want)
		}
	}
}

func TestServiceAllPorts(t *testing.T) {
	tests := []struct {
		s    sgmap.Service
		want bool
	}{
		{svc("tcp", 0, 65535), true},
		{svc("tcp", -1, -1), true},
		{svc("tcp", 1, 65535), false},
		{svc("udp", 0, 65534), false},
		{svc("icmp", -1, -1), true},
		{svc("icmp", 8, -1), false},
		{svc("icmpv6", -1, -1), true},
		{svc("-1", -1, -1), true},
		{svc("50", -1, -1), true},
	}
	for _, tt := range tests {
		if got := tt.s.AllPorts(); got != tt.want {
			t.Errorf("%+v.AllPorts() = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestCompareServices(t *testing.T) {
	want := []sgmap.Service{
		svc("-1", -1, -1),
		svc("tcp", 22, 22), svc("tcp", 80, 80), svc("tcp", 80, 8080), svc("tcp", 443, 443),
		svc("udp", 53, 53),
		svc("icmp", -1, -1), svc("icmp", 8, -1), svc("icmp", 8, 0),
		svc("icmpv6", 128, -1),
		svc("47", -1, -1), svc("50", -1, -1), svc("132", -1, -1),
		svc("gre", -1, -1),
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, sgmap.CompareServices)
	if !slices.Equal(got, want) {
		t.Errorf("sorted services:\n got %v\nwant %v", got, want)
	}
}

func TestService_Intersect(t *testing.T) {
	tests := []struct {
		name   string
		a, b   sgmap.Service
		want   sgmap.Service
		wantOK bool
	}{
		{"all traffic meets tcp", svc("-1", -1, -1), svc("tcp", 9999, 9999), svc("tcp", 9999, 9999), true},
		{"tcp meets all traffic", svc("tcp", 9999, 9999), svc("-1", -1, -1), svc("tcp", 9999, 9999), true},
		{"all tcp meets a port", svc("tcp", 0, 65535), svc("tcp", 8443, 8443), svc("tcp", 8443, 8443), true},
		{"overlapping ranges", svc("tcp", 8000, 8999), svc("tcp", 8443, 9443), svc("tcp", 8443, 8999), true},
		{"disjoint ranges", svc("tcp", 80, 80), svc("tcp", 443, 443), sgmap.Service{}, false},
		{"other protocol", svc("tcp", 53, 53), svc("udp", 53, 53), sgmap.Service{}, false},
		{"icmp any type meets echo", svc("icmp", -1, -1), svc("icmp", 8, -1), svc("icmp", 8, -1), true},
		{"icmp any code meets one code", svc("icmp", 3, -1), svc("icmp", 3, 4), svc("icmp", 3, 4), true},
		{"icmp other types", svc("icmp", 8, -1), svc("icmp", 0, -1), sgmap.Service{}, false},
		{"icmp other codes", svc("icmp", 3, 1), svc("icmp", 3, 4), sgmap.Service{}, false},
		{"icmpv6 is not icmp", svc("icmpv6", -1, -1), svc("icmp", -1, -1), sgmap.Service{}, false},
		{"protocol number", svc("50", -1, -1), svc("50", -1, -1), svc("50", -1, -1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.a.Intersect(tt.b)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("%v.Intersect(%v) = %v, %v; want %v, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
