package graph

import (
	"testing"

	"github.com/sgmap/sgmap/demo"
)

// TestBuild_KindsInContract checks every node kind, edge kind and effective
// value is one DESIGN.md's graph JSON contract lists, over every VPC and
// view of the demos (the large one has owners of every kind, ElastiCache
// included).
func TestBuild_KindsInContract(t *testing.T) {
	nodeKinds := set("instance", "load-balancer", "ecs-task", "ecs-service", "lambda", "rds",
		"vpc-endpoint", "nat-gateway", "eni", "internet", "cidr", "prefix-list", "external-group", "unknown-group")
	edgeKinds := set(EdgeRule, EdgeTarget)
	effective := set(EffectiveBoth, IngressOnly, EgressOnly)
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			for _, view := range []View{Overview, Detail} {
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
