package awscli

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
)

// classicGroups is describe-security-groups output of the EC2-Classic era:
// groups without VpcId, and SSH open to the world.
const classicGroups = `{"SecurityGroups": [
 {"GroupId": "sg-1a2b3c4d", "GroupName": "web", "Description": "web servers", "OwnerId": "123456789012",
  "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": []},
                    {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": "sg-5e6f7a8b", "UserId": "123456789012"}]}]},
 {"GroupId": "sg-5e6f7a8b", "GroupName": "lb", "Description": "load balancer", "OwnerId": "123456789012", "IpPermissions": []}
]}`

// TestImport_EC2Classic: groups without a VPC land in the ec2-classic
// pseudo-VPC, are drawn and audited; nothing is "left out".
func TestImport_EC2Classic(t *testing.T) {
	s, err := ImportOptions{}.ImportReader("classic.json", strings.NewReader(classicGroups))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range s.Warnings {
		t.Errorf("unexpected warning: %s", w.Message)
	}
	if ids := s.VPCIDs(); len(ids) != 1 || ids[0] != sgmap.ClassicVPC || len(s.Groups) != 2 {
		t.Fatalf("VPCs %v, %d groups; want both groups in %s", ids, len(s.Groups), sgmap.ClassicVPC)
	}
	g, err := graph.Build(s, sgmap.ClassicVPC, graph.Options{View: graph.Overview})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Groups) != 2 {
		t.Errorf("diagram has %d groups, want 2", len(g.Groups))
	}
	var ids []string
	for _, f := range audit.Run(s, audit.Options{}) {
		ids = append(ids, f.ID)
		if f.ID == audit.IDOneSided {
			t.Errorf("EC2-Classic allowed all egress, but lint says %s", f.Message)
		}
	}
	if !strings.Contains(strings.Join(ids, " "), audit.IDAdminPortOpen) {
		t.Errorf("SSH open to the world in EC2-Classic is not reported: %v", ids)
	}
}

// TestImport_EmptyButValid: an account with no peerings or no interfaces
// answers with an empty list; that is no reason to warn.
func TestImport_EmptyButValid(t *testing.T) {
	for _, doc := range []string{`{"VpcPeeringConnections": []}`, `{"NetworkInterfaces": []}`, `{"Reservations": [], "NextToken": null}`} {
		s, err := ImportOptions{}.ImportReader("empty.json", strings.NewReader(doc))
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		for _, w := range s.Warnings {
			t.Errorf("%s: false warning %q", doc, w.Message)
		}
	}
	if _, err := (ImportOptions{}).ImportReader("other.json", strings.NewReader(`{"Unrelated": []}`)); err == nil {
		t.Error("a file with nothing sgmap knows imported without an error")
	}
}
