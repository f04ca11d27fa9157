package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCIRecipe runs the steps of the documented pull-request workflow
// (docs/ci/sgmap-pr-check.sh, with this test binary as sgmap on PATH) on
// the real plan and on the plan that opens SSH: the comment and the SARIF
// are written either way, and the exit recorded for the workflow's last
// step is 0, then 3. The workflow must call the script and use its output.
func TestCIRecipe(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	wrapper := "#!/bin/sh\nSGMAP_TEST_MAIN=1 exec " + shellQuote(exe) + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "sgmap"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../docs/ci/sgmap-pr-check.sh")
	if err != nil {
		t.Fatal(err)
	}
	readPlan(t) // skips (fails under CI) without the shared plan
	for _, tc := range []struct {
		name, plan, exit string
		sarifResults     int
		comment          []string
	}{
		{"update", planFile, "exit=0", 0, []string{"<!-- sgmap-diff -->", "**sgmap diff**", "2 rule changes", "tcp 5432"}},
		{"ssh", sshPlanFile(t), "exit=3", 1, []string{"<!-- sgmap-diff -->", "New findings", "admin-port-open", "0.0.0.0/0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := filepath.Abs(tc.plan)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			outputs := filepath.Join(dir, "github-output")
			cmd := exec.Command(bash, script, plan, "error")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GITHUB_OUTPUT="+outputs, "SGMAP_TEST_MAIN=")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the script failed: %v\n%s", err, out)
			}
			got, _ := os.ReadFile(outputs)
			if strings.TrimSpace(string(got)) != tc.exit {
				t.Errorf("GITHUB_OUTPUT %q, want %q", got, tc.exit)
			}
			comment, err := os.ReadFile(filepath.Join(dir, "sgmap-comment.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.comment {
				if !strings.Contains(strings.ToLower(string(comment)), strings.ToLower(want)) {
					t.Errorf("comment lacks %q:\n%s", want, comment)
				}
			}
			var sarif struct {
				Runs []struct {
					Results []struct {
						RuleID string `json:"ruleId"`
					}
				}
			}
			b, err := os.ReadFile(filepath.Join(dir, "sgmap-diff.sarif"))
			if err != nil || json.Unmarshal(b, &sarif) != nil || len(sarif.Runs) != 1 {
				t.Fatalf("sarif: %v\n%s", err, b)
			}
			var admin int
			for _, r := range sarif.Runs[0].Results {
				if r.RuleID == "admin-port-open" {
					admin++
				}
			}
			if admin != tc.sarifResults {
				t.Errorf("sarif has %d admin-port-open results, want %d", admin, tc.sarifResults)
			}
		})
	}
	// A file that is no plan fails the script (and so the job) at once.
	before, _ := writeArticleFiles(t)
	cmd := exec.Command(bash, script, before)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "not a Terraform plan") {
		t.Errorf("the script on a snapshot: %v\n%s", err, out)
	}
	wf, err := os.ReadFile("../../docs/ci/sgmap-diff.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"terraform show -json tfplan > plan.json", "bash .github/sgmap-pr-check.sh plan.json error",
		"sgmap-comment.md", "upload-sarif", "sarif_file: sgmap-diff.sarif", "steps.sgmap.outputs.exit == '3'"} {
		if !strings.Contains(string(wf), want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
