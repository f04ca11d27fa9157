package graph

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/sgmap/sgmap"
)

func TestCoveredFamily(t *testing.T) {
	p := func(s ...string) []netip.Prefix { return appendAddrs(nil, s) }
	tests := []struct {
		name         string
		addrs, cover []netip.Prefix
		want         bool
	}{
		{"all v4 covered", p("10.0.1.5", "10.0.2.7"), p("10.0.0.0/16"), true},
		{"one v4 outside", p("10.0.1.5", "10.1.0.1"), p("10.0.0.0/16"), false},
		{"covered by two rules", p("10.0.0.30", "10.0.1.30"), p("10.0.0.30/32", "10.0.1.30/32"), true},
		{"v4 covered, v6 not: the v4 flow works", p("10.0.1.5", "2001:db8::5"), p("0.0.0.0/0"), true},
		{"only v6 covered", p("10.0.1.5", "2001:db8::5"), p("2001:db8::/32"), true},
		{"wider CIDR is not covered by a narrower rule", p("10.0.0.0/16"), p("10.0.1.0/24"), false},
		{"no addresses", nil, p("0.0.0.0/0"), false},
		{"no cover", p("10.0.1.5"), nil, false},
	}
	for _, tt := range tests {
		if got := coveredFamily(tt.addrs, tt.cover); got != tt.want {
			t.Errorf("%s: coveredFamily = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAllows(t *testing.T) {
	tcp := func(port int32) sgmap.Service {
		return sgmap.Service{Protocol: sgmap.ProtoTCP, FromPort: port, ToPort: port}
	}
	rule := func(dir sgmap.Direction, proto string, from, to int32, kind sgmap.PeerKind, v string) sgmap.Rule {
		return sgmap.Rule{Direction: dir, Protocol: proto, FromPort: from, ToPort: to, Peer: sgmap.Peer{Kind: kind, Value: v}}
	}
	db := &endpoint{known: true, groups: []string{"sg-db"}, rules: [][]sgmap.Rule{{
		rule(sgmap.Ingress, "tcp", 5432, 5432, sgmap.PeerGroup, "sg-app"),
		rule(sgmap.Ingress, "tcp", 22, 22, sgmap.PeerIPv4, "10.0.0.0/16"),
		rule(sgmap.Egress, "-1", -1, -1, sgmap.PeerIPv4, "0.0.0.0/0"),
	}}}
	app := &endpoint{groups: []string{"sg-app"}, addrs: appendAddrs(nil, []string{"10.0.1.5"})}
	s3 := &endpoint{pl: "pl-s3", addrs: appendAddrs(nil, []string{"52.218.0.0/17"})}
	empty := &endpoint{groups: []string{"sg-empty"}}
	tests := []struct {
		name  string
		ep    *endpoint
		dir   sgmap.Direction
		svc   sgmap.Service
		other *endpoint
		want  bool
	}{
		{"group reference", db, sgmap.Ingress, tcp(5432), app, true},
		{"port not covered", db, sgmap.Ingress, tcp(5433), app, false},
		{"CIDR covers the group's addresses", db, sgmap.Ingress, tcp(22), app, true},
		{"all traffic to 0.0.0.0/0 covers a prefix list", db, sgmap.Egress, tcp(443), s3, true},
		{"0.0.0.0/0 covers an empty group", db, sgmap.Egress, tcp(443), empty, true},
		{"egress to 0.0.0.0/0 reaches an end without addresses", db, sgmap.Egress, tcp(5432), &endpoint{}, true},
		{"unknown rules allow", &endpoint{}, sgmap.Ingress, tcp(1), app, true},
		{"known but no rules deny", &endpoint{known: true}, sgmap.Egress, tcp(1), app, false},
	}
	for _, tt := range tests {
		if got := coversAll(admits(tt.ep, tt.dir, tt.svc, tt.other, nil), tt.svc); got != tt.want {
			t.Errorf("%s: admits all of the service = %v, want %v", tt.name, got, tt.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteDOT_WriterError(t *testing.T) {
	g := mustBuild(t, mustLoad(t, "article"), "", Options{})
	err := WriteDOT(failWriter{}, g)
	if err == nil || err.Error() != "write dot: disk full" {
		t.Errorf("WriteDOT to a failing writer = %v, want the wrapped write error", err)
	}
}
