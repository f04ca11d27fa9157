package input

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"s.json", `{"schema_version":"1.0","security_groups":[]}`, Snapshot},
		{"sg.json", `{"SecurityGroups":[]}`, AWSCLI},
		{"q.json", `[{"GroupId":"sg-1"}]`, AWSCLI},
		{"x.json", `{}`, AWSCLI},
		{"p.json", `{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{}}`, TerraformPlan},
		{"p.json", `{"format_version":"0.1","resource_changes":[]}`, TerraformPlan},
		{"s.json", `{"format_version":"1.0","terraform_version":"1.5.0","values":{"root_module":{}}}`, TerraformState},
		{"s.json", `{"format_version":"1.0"}`, AWSCLI},
		{"terraform.tfstate", `{"version":4,"terraform_version":"1.0.0","serial":3,"lineage":"x","resources":[]}`, TerraformState},
		{"old.tfstate", `{"version":3,"serial":1,"modules":[]}`, TerraformState},
		{"t.json", `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, CloudFormation},
		{"t.yaml", "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n", CloudFormation},
		{"t.txt", "AWSTemplateFormatVersion: 2010-09-09\n", CloudFormation},
		{"notes.txt", "hello", Unknown},
		{"empty.json", "", Unknown},
		// A truncated object still shows its first keys.
		{"p.json", `{"format_version":"1.2","planned_values":{"root_module":{`, TerraformPlan},
		{"bom.json", "\ufeff{\"schema_version\":\"1.0\"}", Snapshot},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Detect(%s, %.40q) = %q, want %q", tt.name, tt.data, got, tt.want)
		}
	}
}

// TestDetect_RealFiles detects the project's own test files and the shared
// third-party files by their folders.
func TestDetect_RealFiles(t *testing.T) {
	want := map[string]Format{
		"../testdata/*.snapshot.json":                                   Snapshot,
		"awscli/testdata/article-cli/*.json":                            AWSCLI,
		"../../shared/data/terraform/checkov-plans/*.json":              TerraformPlan,
		"../../shared/data/terraform/driftctl-tfstate-v4/*.tfstate":     TerraformState,
		"../../shared/data/cloudformation/aws-refarch-wordpress/*.yaml": CloudFormation,
	}
	for glob, format := range want {
		files, _ := filepath.Glob(glob)
		if len(files) == 0 {
			if strings.HasPrefix(glob, "../../shared/") && os.Getenv("CI") != "true" {
				t.Logf("no shared data at %s (it is required when CI=true)", glob)
			} else {
				t.Errorf("no files match %s", glob)
			}
			continue
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := Detect(f, data); got != format {
				t.Errorf("Detect(%s) = %q, want %q", f, got, format)
			}
		}
	}
}
