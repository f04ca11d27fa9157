package sgmap_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

func TestLocation_Validate(t *testing.T) {
	tests := []struct {
		name string
		loc  sgmap.Location
		want string // "" = valid
	}{
		{"file and line", sgmap.Location{File: "modules/sg/main.tf", Line: 12}, ""},
		{"file only", sgmap.Location{File: "template.yaml"}, ""},
		{"line without file", sgmap.Location{Line: 3}, "has a line but no file"},
		{"negative line", sgmap.Location{File: "a.tf", Line: -1}, "negative"},
		{"control characters", sgmap.Location{File: "a\x1b[31m.tf", Line: 1}, "control characters"},
		{"too long", sgmap.Location{File: strings.Repeat("d/", 600) + "a.tf"}, "longer than"},
	}
	for _, tt := range tests {
		for _, onRule := range []bool{false, true} {
			s := validSnapshot()
			if onRule {
				s.Groups[0].Rules[0].Location = tt.loc
			} else {
				s.Groups[0].Location = tt.loc
			}
			err := s.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("%s (rule %v): Validate() = %v, want nil", tt.name, onRule, err)
				}
				continue
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), `security_groups[0] "sg-1"`) {
				t.Errorf("%s (rule %v): Validate() = %v, want a problem naming the group and %q", tt.name, onRule, err, tt.want)
			}
		}
	}
}

// TestLocation_Normalize checks that file names become canonical and that
// two rules that differ only in where they were written are merged, keeping
// the first location, whatever their order.
func TestLocation_Normalize(t *testing.T) {
	for _, reversed := range []bool{false, true} {
		s := validSnapshot()
		g := &s.Groups[0]
		g.Location = sgmap.Location{File: `modules\sg\./main.tf`, Line: 4}
		dup := g.Rules[0]
		dup.Location = sgmap.Location{File: "./b.tf", Line: 9}
		g.Rules[0].Location = sgmap.Location{File: "a.tf", Line: 30}
		if reversed {
			g.Rules = append([]sgmap.Rule{dup}, g.Rules...)
		} else {
			g.Rules = append(g.Rules, dup)
		}
		s.Normalize()
		if g.Location.File != "modules/sg/main.tf" {
			t.Errorf("group location file = %q, want modules/sg/main.tf", g.Location.File)
		}
		if len(g.Rules) != 5 {
			t.Fatalf("%d rules after Normalize, want 5 (the duplicate merged)", len(g.Rules))
		}
		var got []string
		for _, r := range g.Rules {
			if !r.Location.IsZero() {
				got = append(got, r.Location.String())
			}
		}
		if len(got) != 1 || got[0] != "a.tf:30" {
			t.Errorf("reversed=%v: locations after Normalize = %v, want [a.tf:30]", reversed, got)
		}
	}
}

// TestLocation_JSON checks that locations survive encoding and are left out
// when unknown, so snapshots from the AWS APIs do not change.
func TestLocation_JSON(t *testing.T) {
	s := validSnapshot()
	var plain bytes.Buffer
	if err := s.Encode(&plain); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "location") || strings.Contains(plain.String(), "source_file") {
		t.Errorf("a snapshot without locations encodes them:\n%s", plain.String())
	}
	s.Source, s.SourceFile = sgmap.SourceTerraformPlan, "plan.json"
	s.Groups[0].Location = sgmap.Location{File: "main.tf", Line: 7}
	s.Groups[0].Rules[2].Location = sgmap.Location{File: "main.tf", Line: 11}
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := sgmap.ParseSnapshot(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Groups[0].Location.String() != "main.tf:7" || back.SourceFile != "plan.json" || back.Source != "terraform-plan" {
		t.Errorf("after a round trip: group location %q, source %q %q", back.Groups[0].Location, back.Source, back.SourceFile)
	}
	n := 0
	for _, r := range back.Groups[0].Rules {
		if r.Location.String() == "main.tf:11" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d rules at main.tf:11 after a round trip, want 1", n)
	}
}

func TestSourceLabel(t *testing.T) {
	for src, want := range map[string]string{"terraform-plan": "Terraform plan", "cloudformation": "CloudFormation",
		"terraform-state": "Terraform state", "aws-cli": "AWS CLI", "aws-api": "", "demo": ""} {
		if got := sgmap.SourceLabel(src); got != want {
			t.Errorf("SourceLabel(%q) = %q, want %q", src, got, want)
		}
	}
}
