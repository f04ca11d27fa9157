package graph

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// TestBuild_KindsInContract checks every node kind, edge kind and effective
// value is one DESIGN.md's graph JSON contract lists, over every VPC and
// view of the demos (the large one has owners of every kind, ElastiCache
// included).
func TestBuild_KindsInContract(t *testing.T) {
	nodeKinds := set("instance", "load-balancer", "ecs-task", "ecs-service", "lambda", "rds",
		"vpc-endpoint", "nat-gateway", "redshift", "msk", "elasticache", "efs", "opensearch", "eks", "eni", "internet", "cidr", "prefix-list", "external-group", "unknown-group",
		"app", "shared-group", "more")
	edgeKinds := set(EdgeRule, EdgeTarget)
	effective := set(EffectiveBoth, IngressOnly, EgressOnly)
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			for _, view := range []View{Overview, Detail, Map} {
				g, err := Build(s, vpc, Options{View: view})
				if err != nil {
					t.Fatalf("Build(%s, %s, %s): %v", name, vpc, view, err)
				}
				for _, n := range g.Nodes {
					if !nodeKinds[n.Kind] {
						t.Errorf("%s %s %s: node %s has kind %q, not in the contract", name, vpc, view, n.ID, n.Kind)
					}
				}
				for _, e := range g.Edges {
					if !edgeKinds[e.Kind] || !effective[e.Effective] {
						t.Errorf("%s %s %s: edge %s has kind %q, effective %q", name, vpc, view, e.ID, e.Kind, e.Effective)
					}
				}
			}
		}
	}
}

func set(vs ...string) map[string]bool {
	m := map[string]bool{}
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// TestBuild_RefusesHugeVPC checks a VPC beyond MaxRulesPerVPC is refused
// with ETOOLARGE before any work: a crafted upload must not cost minutes of
// CPU per request.
func TestBuild_RefusesHugeVPC(t *testing.T) {
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	g := &s.Groups[0]
	for i := range MaxRulesPerVPC + 1 {
		g.Rules = append(g.Rules, sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443,
			Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: netip.AddrFrom4([4]byte{198, 18, byte(i >> 8), byte(i)}).String() + "/32"}})
	}
	_, err = Build(s, "", Options{})
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || !strings.Contains(err.Error(), "sgmap rules") {
		t.Fatalf("Build of a VPC with %d rules: %v, want ETOOLARGE pointing at sgmap rules", MaxRulesPerVPC+1, err)
	}
}
