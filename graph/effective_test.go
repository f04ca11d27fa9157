package graph

import (
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
