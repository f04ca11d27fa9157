package audit

import (
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// TestOneSided_UnknownPrefixList is issue 15's example of the diagram and
// the audit disagreeing: b admits TCP 443 from a, and a sends TCP 443 only
// to a prefix list the snapshot does not hold. Nothing shows that list
// holds b's addresses, so the flow is one-sided in both.
func TestOneSided_UnknownPrefixList(t *testing.T) {
	s := &sgmap.Snapshot{Accounts: []string{"111111111111"}, VPCs: []sgmap.VPC{{ID: "vpc-1", CIDRs: []string{"10.0.0.0/16"}}},
		Groups: []sgmap.SecurityGroup{
			{ID: "sg-a", Name: "a", VPCID: "vpc-1", Description: "a", Rules: []sgmap.Rule{{ID: "sgr-out", Direction: sgmap.Egress, Protocol: "tcp",
				FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: "pl-unknown"}, Description: "out"}}},
			{ID: "sg-b", Name: "b", VPCID: "vpc-1", Description: "b", Rules: []sgmap.Rule{{ID: "sgr-in", Direction: sgmap.Ingress, Protocol: "tcp",
				FromPort: 443, ToPort: 443, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: "sg-a"}, Description: "in"}}},
		},
		Interfaces: []sgmap.NetworkInterface{{ID: "eni-a", VPCID: "vpc-1", PrivateIPs: []string{"10.0.1.1"}, GroupIDs: []string{"sg-a"}},
			{ID: "eni-b", VPCID: "vpc-1", PrivateIPs: []string{"10.0.2.2"}, GroupIDs: []string{"sg-b"}}},
	}
	found := false
	for _, f := range Run(s, Options{}) {
		found = found || (f.ID == IDOneSided && f.RuleID == "sgr-in")
	}
	if !found {
		t.Error("no one-sided finding on b's ingress rule")
	}
	g, err := graph.Build(s, "vpc-1", graph.Options{View: graph.Detail})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range g.Edges {
		ids[e.ID] = true
	}
	if !ids["edge:rule:sg-a->sg-b:ingress-only"] || ids["edge:rule:sg-a->sg-b:both"] {
		t.Errorf("a → b edges = %v, want only the ingress-only one", ids)
	}
}
