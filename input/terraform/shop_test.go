package terraform_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/input/terraform"
)

// TestRead_Shop checks the hand-written plan (testdata/shop) in detail:
// every id is unknown until apply, so every edge comes from following the
// configuration, through a module's variables and its output.
func TestRead_Shop(t *testing.T) {
	s := read(t, terraform.Options{TFDir: "testdata/shop"}, "testdata/shop/plan.json")
	x := sgmap.NewIndex(s)
	const app, alb = "tf:module.app.aws_security_group.app", "tf:aws_security_group.alb"
	for id, want := range map[string][]string{
		"tf:aws_instance.worker[0]":               {app}, // count, and module.app.sg_id
		"tf:aws_instance.worker[1]":               {app},
		"tf:aws_lb.web":                           {alb},
		"tf:module.app.aws_autoscaling_group.app": {app}, // through its launch template
	} {
		if got := x.OwnerGroups(id); !slices.Equal(got, want) {
			t.Errorf("%s is in %v, want %v", id, got, want)
		}
	}
	rules := map[string]string{}
	for _, g := range s.Groups {
		if g.VPCID != "tf:aws_vpc.main" {
			t.Errorf("group %s in VPC %q, want tf:aws_vpc.main (followed through var.vpc_id)", g.ID, g.VPCID)
		}
		for _, r := range g.Rules {
			rules[g.ID+" "+string(r.Direction)+" "+r.Service().Label()+" "+r.Peer.String()] = r.Location.String()
		}
	}
	want := map[string]string{
		alb + " ingress TCP 443 0.0.0.0/0": "testdata/shop/main.tf:22",
		alb + " egress TCP 8080 " + app:    "testdata/shop/main.tf:31",
		app + " ingress TCP 8080 " + alb:   "testdata/shop/modules/app/main.tf:11",
		app + " ingress TCP 22 0.0.0.0/0":  "testdata/shop/modules/app/main.tf:20",
	}
	for k, loc := range want {
		if rules[k] != loc {
			t.Errorf("rule %s at %q, want %q (all rules: %v)", k, rules[k], loc, rules)
		}
	}
	if len(rules) != len(want) {
		t.Errorf("%d rules, want %d: %v", len(rules), len(want), rules)
	}
	lb := x.Owners["tf:aws_lb.web"].LoadBalancer
	if lb == nil || len(lb.Listeners) != 1 || lb.Listeners[0].Port != 443 || len(lb.TargetGroups) != 1 || lb.TargetGroups[0].Port != 8080 {
		t.Errorf("load balancer = %+v, want the HTTPS listener and the app target group", lb)
	}
	if s.Source != sgmap.SourceTerraformPlan || !slices.Equal(s.Regions, []string{"eu-west-1"}) || s.TakenAt.Format("2006-01-02") != "2026-11-20" {
		t.Errorf("source %q, regions %v, taken %v: want the plan's, the provider's region and the plan's timestamp", s.Source, s.Regions, s.TakenAt)
	}
	if !hasWarning(s, "aws_s3_bucket (1)") {
		t.Errorf("the S3 bucket is not named in a warning: %v", s.Warnings)
	}
}

// TestSARIF_TFDir: lint of the shop plan with -tf-dir finds SSH open to
// the Internet, and SARIF points at the line of the .tf file that opens
// it.
func TestSARIF_TFDir(t *testing.T) {
	s := read(t, terraform.Options{TFDir: "testdata/shop"}, "testdata/shop/plan.json")
	fs := audit.Run(s, audit.Options{})
	var buf bytes.Buffer
	if err := audit.WriteSARIFOptions(&buf, fs, audit.SARIFOptions{ArtifactURI: "testdata/shop/plan.json"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		pl := r.Locations[0].PhysicalLocation
		if r.RuleID != audit.IDAdminPortOpen {
			continue
		}
		found = true
		line := lineOf(t, pl.ArtifactLocation.URI, pl.Region.StartLine)
		if !strings.Contains(line, `resource "aws_vpc_security_group_ingress_rule" "ssh"`) {
			t.Errorf("admin-port-open points at %s:%d, %q; want the ssh rule's resource line", pl.ArtifactLocation.URI, pl.Region.StartLine, line)
		}
	}
	if !found {
		t.Fatalf("no admin-port-open result in %s", buf.String())
	}
}

// lineOf returns line n (1-based) of a file.
func lineOf(t *testing.T, path string, n int) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("SARIF names %s: %v", path, err)
	}
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		t.Fatalf("%s has no line %d", path, n)
	}
	return lines[n-1]
}

func hasWarning(s *sgmap.Snapshot, sub string) bool {
	for _, w := range s.Warnings {
		if strings.Contains(w.Message, sub) {
			return true
		}
	}
	return false
}
