package audit

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestSARIF_Locations checks that a finding about a rule points at the
// rule's line, a finding about a group at the group's, and that a rule
// without a location falls back to its group's.
func TestSARIF_Locations(t *testing.T) {
	f := newFixture().group("sg-1", "web").rule("sg-1", sgmap.Ingress, "tcp/22", "0.0.0.0/0").
		rule("sg-1", sgmap.Ingress, "tcp/3389", "0.0.0.0/0")
	g := f.findGroup("sg-1")
	g.Location = sgmap.Location{File: "infra/my dir/main.tf", Line: 10}
	for i := range g.Rules {
		if g.Rules[i].FromPort == 22 {
			g.Rules[i].Location = sgmap.Location{File: "infra/my dir/rules.tf", Line: 42}
		}
	}
	fs := Run(f.s, Options{})
	var buf bytes.Buffer
	if err := WriteSARIFOptions(&buf, fs, SARIFOptions{ArtifactURI: "plan.json"}); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, r := range doc.Runs[0].Results {
		pl := r.Locations[0].PhysicalLocation
		got := *pl.ArtifactLocation.URI
		fd := fs[i]
		want, line := "infra/my%20dir/main.tf", 10
		if fd.Subject == SubjectRule && fd.Location.File == "infra/my dir/rules.tf" {
			want, line = "infra/my%20dir/rules.tf", 42
		}
		if got != want || pl.Region.StartLine != line {
			t.Errorf("%s on %s: physical location %s:%d, want %s:%d", fd.ID, fd.SubjectID, got, pl.Region.StartLine, want, line)
		}
		seen[got] = true
	}
	if !seen["infra/my%20dir/rules.tf"] || !seen["infra/my%20dir/main.tf"] {
		t.Errorf("findings did not cover both the rule's and the group's file: %v", seen)
	}
}
