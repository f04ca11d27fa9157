package graph

import (
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// TestBuild_EffectiveIsWhatPasses checks an edge shows the traffic that
// passes both the source's egress and the destination's ingress when one
// side's rule is broader or overlaps the other's only in part.
func TestBuild_EffectiveIsWhatPasses(t *testing.T) {
	const mon, game = "sg-0a1b2c3d4e5f60003", "sg-0a1b2c3d4e5f60001"
	tests := []struct {
		name       string
		egress     sgmap.Service // monitoring's egress to game-servers-production
		ingress    sgmap.Service // game-servers-production's ingress from monitoring
		wantLabel  string
		wantEffect string
	}{
		{"egress all traffic", sgmap.Service{Protocol: "-1", FromPort: -1, ToPort: -1}, sgmap.Service{Protocol: "tcp", FromPort: 9999, ToPort: 9999}, "TCP 9999", EffectiveBoth},
		{"egress all TCP", sgmap.Service{Protocol: "tcp", FromPort: 0, ToPort: 65535}, sgmap.Service{Protocol: "tcp", FromPort: 9999, ToPort: 9999}, "TCP 9999", EffectiveBoth},
		{"ingress range, egress one port", sgmap.Service{Protocol: "tcp", FromPort: 9999, ToPort: 9999}, sgmap.Service{Protocol: "tcp", FromPort: 9000, ToPort: 9999}, "TCP 9999", EffectiveBoth},
		{"overlapping ranges", sgmap.Service{Protocol: "tcp", FromPort: 9500, ToPort: 10500}, sgmap.Service{Protocol: "tcp", FromPort: 9000, ToPort: 9999}, "TCP 9500-9999", EffectiveBoth},
		{"nothing in common", sgmap.Service{Protocol: "udp", FromPort: 9999, ToPort: 9999}, sgmap.Service{Protocol: "tcp", FromPort: 9999, ToPort: 9999}, "TCP 9999", IngressOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := demo.Get("article")
			if err != nil {
				t.Fatal(err)
			}
			for i := range s.Groups {
				g := &s.Groups[i]
				for j := range g.Rules {
					r := &g.Rules[j]
					switch {
					case g.ID == mon && r.Direction == sgmap.Egress && r.Peer.Value == game:
						r.Protocol, r.FromPort, r.ToPort = tt.egress.Protocol, tt.egress.FromPort, tt.egress.ToPort
					case g.ID == game && r.Direction == sgmap.Ingress && r.Peer.Value == mon:
						r.Protocol, r.FromPort, r.ToPort = tt.ingress.Protocol, tt.ingress.FromPort, tt.ingress.ToPort
					}
				}
			}
			g := mustBuild(t, s, "", Options{})
			e := findEdge(t, g, "edge:rule:"+mon+"->"+game+":"+tt.wantEffect)
			if e.Label != tt.wantLabel || e.Effective != tt.wantEffect {
				t.Errorf("monitoring -> game-servers-production = %q / %s, want %q / %s (details %q)",
					e.Label, e.Effective, tt.wantLabel, tt.wantEffect, e.Details)
			}
		})
	}
}

func findEdge(t *testing.T, g *Graph, id string) Edge {
	t.Helper()
	for _, e := range g.Edges {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no edge %s", id)
	return Edge{}
}

// TestBuild_SplitByEffective: between one pair, an ingress-only service
// and an egress-only service are two edges, each labelled with its own
// service and colour; a broad rule's part that passes is a third, solid one.
func TestBuild_SplitByEffective(t *testing.T) {
	const mon, game = "sg-0a1b2c3d4e5f60003", "sg-0a1b2c3d4e5f60001"
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		switch g.ID {
		case mon: // egress: TCP 9999 (both) plus UDP 8125 that game does not admit
			g.Rules = append(g.Rules, sgmap.Rule{ID: "sgr-egress-only", Direction: sgmap.Egress, Protocol: "udp",
				FromPort: 8125, ToPort: 8125, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: game}, Description: "statsd"})
		case game: // ingress: TCP 22 that monitoring does not send
			g.Rules = append(g.Rules, sgmap.Rule{ID: "sgr-ingress-only", Direction: sgmap.Ingress, Protocol: "tcp",
				FromPort: 22, ToPort: 22, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: mon}, Description: "ssh"})
		}
	}
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	base := "edge:rule:" + mon + "->" + game + ":"
	for eff, want := range map[string]string{EffectiveBoth: "TCP 9999", IngressOnly: "TCP 22", EgressOnly: "UDP 8125"} {
		e := findEdge(t, g, base+eff)
		if e.Label != want || e.Effective != eff {
			t.Errorf("%s edge = %q / %s, want %q", eff, e.Label, e.Effective, want)
		}
	}
	if e := findEdge(t, g, base+IngressOnly); !slices.Equal(e.Rules, []string{"sgr-ingress-only"}) {
		t.Errorf("ingress-only edge rules = %q", e.Rules)
	}
	if e := findEdge(t, g, base+EgressOnly); !slices.Equal(e.Rules, []string{"sgr-egress-only"}) {
		t.Errorf("egress-only edge rules = %q", e.Rules)
	}
	dot := string(mustDOT(t, g))
	for eff, colour := range map[string]string{IngressOnly: `color="#8c6d1f"`, EgressOnly: `color="#a23b84"`} {
		i := strings.Index(dot, `id="`+base+eff+`"`)
		if i < 0 {
			t.Fatalf("no DOT edge %s", base+eff)
		}
		line := dot[i:]
		line = line[:strings.IndexByte(line, '\n')]
		if !strings.Contains(line, "style=dashed") || !strings.Contains(line, colour) {
			t.Errorf("%s edge drawn %s, want dashed %s", eff, line, colour)
		}
	}
}
