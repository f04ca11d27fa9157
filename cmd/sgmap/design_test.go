package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/store"
)

// shop is a Terraform plan with its configuration folder.
const (
	shopDir  = "../../input/terraform/testdata/shop"
	shopPlan = shopDir + "/plan.json"
)

// TestDesignTime_Terraform runs the commands a pull-request check runs on
// a Terraform plan: render, lint with SARIF, rules and import.
func TestDesignTime_Terraform(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan.svg")
	if r := mustRun(t, nil, "render", "-snapshot", shopPlan, "-o", out); r.code != 0 {
		t.Fatalf("render: exit %d: %s", r.code, r.stderr)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Fatal(err)
	}
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	caption := false
	for _, s := range doc.Texts {
		if strings.HasPrefix(s, "Terraform plan · plan.json · ") {
			caption = true
		}
	}
	if !caption || len(doc.Clusters) < 2 {
		t.Errorf("the SVG's provenance line does not start with the plan (texts %q) or groups are missing (%d)", doc.Texts, len(doc.Clusters))
	}

	r := mustRun(t, nil, "lint", "-snapshot", shopPlan, "-tf-dir", shopDir, "-format", "sarif")
	if r.code != 0 {
		t.Fatalf("lint: exit %d: %s", r.code, r.stderr)
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
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	var at []string
	for _, res := range log.Runs[0].Results {
		pl := res.Locations[0].PhysicalLocation
		at = append(at, res.RuleID+" "+pl.ArtifactLocation.URI+":"+itoa(pl.Region.StartLine))
	}
	want := "admin-port-open " + shopDir + "/modules/app/main.tf:20"
	if !strings.Contains(strings.Join(at, "\n"), want) {
		t.Errorf("SARIF results at %q, want %q", at, want)
	}

	if r := mustRun(t, nil, "rules", "-snapshot", shopPlan); r.code != 0 || !strings.Contains(r.stdout, "TCP 8080") {
		t.Errorf("rules: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	r = mustRun(t, nil, "import", "-plan-side", "before", shopPlan)
	if r.code != 0 || !strings.Contains(r.stdout, `"source": "terraform-plan"`) || strings.Contains(r.stdout, "aws_security_group.alb") {
		t.Errorf("import -plan-side before of an all-create plan: exit %d, want a snapshot without the planned groups\n%s", r.code, r.stderr)
	}
	if r := mustRun(t, nil, "import", "-plan-side", "sideways", shopPlan); r.code == 0 || !strings.Contains(r.stderr, "-plan-side") {
		t.Errorf("import -plan-side sideways: exit %d, %s", r.code, r.stderr)
	}
}

// TestServeSnapshot_Terraform: serve -snapshot plan.json goes through the
// store with the reader serve sets.
func TestServeSnapshot_Terraform(t *testing.T) {
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	var in inputFlags
	st.SetParse(in.parse)
	id, err := st.Add(shopPlan)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Get(id)
	if err != nil || s.Source != "terraform-plan" || len(s.Groups) != 2 {
		t.Fatalf("Get(%s) = %v; source %q", id, err, s.Source)
	}
}
