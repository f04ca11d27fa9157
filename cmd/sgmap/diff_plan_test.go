package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/internal/shareddata"
)

// planFile is a real plan of two rule updates (checkov's test data): one
// rule's ports widen (5432 → 5432-5433), the other's protocol changes.
const planFile = "../../../shared/data/terraform/checkov-plans/sg-rule-update-tf1.4-plan.json"

func readPlan(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(planFile)
	if err != nil {
		shareddata.Missing(t, planFile, err)
	}
	var plan map[string]any
	if err := json.Unmarshal(b, &plan); err != nil {
		t.Fatal(err)
	}
	return plan
}

// TestDiff_PlanRealFile diffs the real plan's before and after: exactly
// its two rule updates, as changes of the rules they update, and no
// finding introduced or resolved (both rules keep their dangling peer).
func TestDiff_PlanRealFile(t *testing.T) {
	readPlan(t)
	r := mustRun(t, nil, "diff", "-plan", planFile, "-format", "json", "-fail-on", "error")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		From, To string
		VPCs     []struct {
			Rules []struct {
				Change   string
				GroupID  string `json:"group_id"`
				Old, New struct {
					Protocol string
					FromPort int `json:"from_port"`
					ToPort   int `json:"to_port"`
				}
			}
			Introduced []any `json:"findings_introduced"`
			Resolved   []any `json:"findings_resolved"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.From, "(before)") || !strings.HasSuffix(out.To, "(planned)") {
		t.Errorf("sides named %q → %q", out.From, out.To)
	}
	var got []string
	for _, v := range out.VPCs {
		if len(v.Introduced)+len(v.Resolved) > 0 {
			t.Errorf("findings introduced %v, resolved %v: a port change keeps the dangling peer", v.Introduced, v.Resolved)
		}
		for _, rc := range v.Rules {
			got = append(got, rc.Change+" "+rc.Old.Protocol+"/"+itoa(rc.Old.FromPort)+"-"+itoa(rc.Old.ToPort)+
				" → "+rc.New.Protocol+"/"+itoa(rc.New.FromPort)+"-"+itoa(rc.New.ToPort))
		}
	}
	want := []string{"changed tcp/5432-5432 → tcp/5432-5433", "changed tcp/8888-8888 → udp/8888-8888"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rule changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	svg := mustRun(t, nil, "diff", "-plan", planFile, "-format", "svg")
	if svg.code != 0 {
		t.Fatalf("svg: exit %d: %s", svg.code, svg.stderr)
	}
	doc, err := svgcheck.Parse([]byte(svg.stdout))
	if err != nil {
		t.Fatal(err)
	}
	var changed []string
	for _, e := range doc.Edges {
		if e.HasClass("changed") {
			changed = append(changed, strings.Join(e.Texts, " "))
		}
	}
	if strings.Join(changed, "; ") != "TCP 5432 → TCP 5432-5433; TCP 8888 → UDP 8888" {
		t.Errorf("svg: changed edges %q, want the two updates with old → new labels", changed)
	}
}

// sshPlanFile writes the real plan, edited so that the update of
// aws_security_group_rule.foo opens SSH to the world, and returns its path.
func sshPlanFile(t *testing.T) string {
	t.Helper()
	plan := readPlan(t)
	ssh := func(v map[string]any) {
		v["from_port"], v["to_port"], v["protocol"] = 22, 22, "tcp"
		v["cidr_blocks"], v["source_security_group_id"] = []any{"0.0.0.0/0"}, nil
	}
	for _, rc := range plan["resource_changes"].([]any) {
		if ch := rc.(map[string]any); ch["address"] == "aws_security_group_rule.foo" {
			ssh(ch["change"].(map[string]any)["after"].(map[string]any))
		}
	}
	for _, res := range plan["planned_values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
		if r := res.(map[string]any); r["address"] == "aws_security_group_rule.foo" {
			ssh(r["values"].(map[string]any))
		}
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	writeSnapshotFile(t, path, plan)
	return path
}

// TestDiff_PlanOpensSSH is the pull-request check: the real plan, edited
// so that one update opens SSH to the world, fails -fail-on error, and the
// comment names the finding.
func TestDiff_PlanOpensSSH(t *testing.T) {
	path := sshPlanFile(t)
	r := mustRun(t, nil, "diff", "-plan", path, "-format", "md", "-fail-on", "error")
	if r.code != exitFindings {
		t.Fatalf("exit %d, want %d: %s%s", r.code, exitFindings, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "admin-port-open") || !strings.Contains(r.stdout, "0.0.0.0/0") {
		t.Errorf("the comment does not name the opened SSH:\n%s", r.stdout)
	}
	// A snapshot is no plan.
	before, _ := writeArticleFiles(t)
	if r := mustRun(t, nil, "diff", "-plan", before); r.code != 2 || !strings.Contains(r.stderr, "not a Terraform plan") {
		t.Errorf("-plan on a snapshot: exit %d, %s", r.code, r.stderr)
	}
	if r := mustRun(t, nil, "diff", "-plan", path, "-snapshot", before); r.code != 2 {
		t.Errorf("-plan with -snapshot: exit %d, %s", r.code, r.stderr)
	}
}
