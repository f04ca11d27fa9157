package sgmap_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

func TestPeer(t *testing.T) {
	tests := []struct {
		peer             sgmap.Peer
		str              string
		internet, isCIDR bool
	}{
		{sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, "0.0.0.0/0", true, true},
		{sgmap.Peer{Kind: sgmap.PeerIPv6, Value: "::/0"}, "::/0", true, true},
		{sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/1"}, "0.0.0.0/1", false, true},
		{sgmap.Peer{Kind: sgmap.PeerIPv6, Value: "0.0.0.0/0"}, "0.0.0.0/0", false, true}, // wrong kind: not the Internet
		{sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: "pl-6da54004"}, "pl-6da54004", false, false},
		{sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-1"}, "sg-1", false, false},
		{sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-1", AccountID: "444455556666", VPCID: "vpc-2"}, "444455556666/sg-1", false, false},
		{sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: "pl-1", AccountID: "444455556666"}, "pl-1", false, false},
	}
	for _, tt := range tests {
		if got := tt.peer.String(); got != tt.str {
			t.Errorf("%+v.String() = %q, want %q", tt.peer, got, tt.str)
		}
		if got := tt.peer.IsInternet(); got != tt.internet {
			t.Errorf("%+v.IsInternet() = %v, want %v", tt.peer, got, tt.internet)
		}
		if got := tt.peer.IsCIDR(); got != tt.isCIDR {
			t.Errorf("%+v.IsCIDR() = %v, want %v", tt.peer, got, tt.isCIDR)
		}
	}
}

func TestRuleKey(t *testing.T) {
	r := sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443,
		Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-1", AccountID: "444455556666"}}
	if got, want := r.Key(), "ingress TCP 443 444455556666/sg-1"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	r.ID = "sgr-0123456789abcdef0"
	if got := r.Key(); got != r.ID {
		t.Errorf("Key() with an ID = %q, want the ID", got)
	}
}

func TestCompareRules(t *testing.T) {
	peer := func(v string) sgmap.Peer { return sgmap.Peer{Kind: sgmap.PeerIPv4, Value: v} }
	want := []sgmap.Rule{
		{Direction: sgmap.Egress, Protocol: "-1", FromPort: -1, ToPort: -1, Peer: peer("0.0.0.0/0")},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22, Peer: peer("10.0.0.0/8")},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: peer("0.0.0.0/0")},
		{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: peer("10.0.0.0/8")},
		{ID: "sgr-1", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: peer("10.0.0.0/8")},
		{ID: "sgr-1", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443, Peer: peer("10.0.0.0/8"), Description: "why"},
		{Direction: sgmap.Ingress, Protocol: "udp", FromPort: 53, ToPort: 53, Peer: peer("10.0.0.0/8")},
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, sgmap.CompareRules)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sorted rules (-want +got):\n%s", diff)
	}
}

func TestSecurityGroup(t *testing.T) {
	in := sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22}
	out := sgmap.Rule{Direction: sgmap.Egress, Protocol: "-1", FromPort: -1, ToPort: -1}
	g := &sgmap.SecurityGroup{ID: "sg-1", Name: "default", Rules: []sgmap.Rule{out, in, out}}
	if diff := cmp.Diff([]sgmap.Rule{in}, g.Ingress()); diff != "" {
		t.Errorf("Ingress (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]sgmap.Rule{out, out}, g.Egress()); diff != "" {
		t.Errorf("Egress (-want +got):\n%s", diff)
	}
	if !g.IsDefault() || g.DisplayName() != "default" {
		t.Errorf("IsDefault %v DisplayName %q", g.IsDefault(), g.DisplayName())
	}
	g.Name = ""
	if g.IsDefault() || g.DisplayName() != "sg-1" {
		t.Errorf("unnamed group: IsDefault %v DisplayName %q", g.IsDefault(), g.DisplayName())
	}
	o := &sgmap.Owner{ID: "i-1"}
	if o.DisplayName() != "i-1" {
		t.Errorf("Owner.DisplayName() = %q, want the ID", o.DisplayName())
	}
	o.Name = "game-1"
	if o.DisplayName() != "game-1" {
		t.Errorf("Owner.DisplayName() = %q, want the name", o.DisplayName())
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	base := sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", "x")
	tests := []struct {
		name      string
		err       error
		code, msg string
	}{
		{"nil", nil, "", ""},
		{"plain", errors.New("boom"), sgmap.EINTERNAL, "Internal error."},
		{"direct", base, sgmap.ENOTFOUND, `no snapshot "x"`},
		{"wrapped", fmt.Errorf("load: %w", base), sgmap.ENOTFOUND, `no snapshot "x"`},
		{"joined", errors.Join(errors.New("first"), base), sgmap.ENOTFOUND, `no snapshot "x"`},
		{"validation", &sgmap.ValidationError{Problems: []error{sgmap.Errorf(sgmap.EINVALID, "a: b")}}, sgmap.EINVALID, "a: b"},
	}
	for _, tt := range tests {
		if got := sgmap.ErrorCode(tt.err); got != tt.code {
			t.Errorf("%s: ErrorCode = %q, want %q", tt.name, got, tt.code)
		}
		if got := sgmap.ErrorMessage(tt.err); got != tt.msg {
			t.Errorf("%s: ErrorMessage = %q, want %q", tt.name, got, tt.msg)
		}
	}
}
