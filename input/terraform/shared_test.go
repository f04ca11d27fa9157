package terraform_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/infile"
	"github.com/sgmap/sgmap/input/terraform"
)

// sharedData holds real third-party Terraform files (see its SOURCES.md).
const sharedData = "../../../shared/data/terraform"

var testTime = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// sharedFiles lists the shared files; it fails the test under CI=true
// when they are missing, and skips it otherwise.
func sharedFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"*/*.json", "*/*.tfstate"} {
		m, _ := filepath.Glob(filepath.Join(sharedData, pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Terraform files in %s: the shared data is required when CI=true", sharedData)
		}
		t.Skipf("no shared data in %s", sharedData)
	}
	slices.Sort(files)
	return files
}

func read(t *testing.T, o terraform.Options, paths ...string) *sgmap.Snapshot {
	t.Helper()
	var files []infile.File
	for _, p := range paths {
		f, err := infile.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if o.TakenAt.IsZero() {
		o.TakenAt = testTime
	}
	s, err := o.Read(files)
	if err != nil {
		t.Fatalf("Read(%s): %v", strings.Join(paths, ", "), err)
	}
	return s
}

// TestRead_SharedData imports every shared file and compares the number
// of groups, rules and owners with a second, simpler reading of the raw
// JSON (count.go).
func TestRead_SharedData(t *testing.T) {
	for _, p := range sharedFiles(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			s := read(t, terraform.Options{}, p)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			want := countRaw(t, data)
			rules := 0
			for _, g := range s.Groups {
				rules += len(g.Rules)
			}
			got := counts{groups: len(s.Groups), rules: rules, owners: len(s.Owners)}
			if got != want {
				t.Errorf("groups, rules, owners = %+v, the raw file says %+v", got, want)
			}
			if want.groups+want.owners == 0 {
				t.Logf("%s holds nothing sgmap draws; warnings: %v", p, s.Warnings)
				if len(s.Warnings) == 0 {
					t.Errorf("nothing drawn and no warning says why")
				}
			}
			if !strings.HasPrefix(s.Source, "terraform-") {
				t.Errorf("source = %q", s.Source)
			}
		})
	}
}

// TestRead_TerraGoatUnknownGroups: TerraGoat's web_host has
// vpc_security_group_ids unknown until apply; the configuration
// references aws_security_group.web-node, so the instance is in it.
func TestRead_TerraGoatUnknownGroups(t *testing.T) {
	p := filepath.Join(sharedData, "checkov-plans", "terragoat-tf0.12-plan.json")
	if _, err := os.Stat(p); err != nil {
		sharedFiles(t) // fails under CI, skips otherwise
		t.Fatalf("%s is missing", p)
	}
	s := read(t, terraform.Options{}, p)
	x := sgmap.NewIndex(s)
	if got := x.OwnerGroups("tf:aws_instance.web_host"); !slices.Equal(got, []string{"tf:aws_security_group.web-node"}) {
		t.Errorf("web_host is in %v, want [tf:aws_security_group.web-node]", got)
	}
	g := x.Groups["tf:aws_security_group.web-node"]
	if g == nil || g.VPCID != "tf:aws_vpc.web_vpc" || g.Name != "123456789123-acme-corp-sg" {
		t.Fatalf("web-node group = %+v", g)
	}
	// The rds group's rules are standalone aws_security_group_rule
	// resources whose security_group_id is unknown too.
	rds := x.Groups["tf:aws_security_group.default"]
	if rds == nil || len(rds.Rules) != 2 {
		t.Fatalf("rds group = %+v, want its two standalone rules", rds)
	}
	var sawUnknown bool
	for _, w := range s.Warnings {
		if strings.Contains(w.Message, "unknown until apply") && strings.Contains(w.Message, "aws_instance.db_app.vpc_security_group_ids → aws_security_group.web-node") {
			sawUnknown = true
		}
	}
	if !sawUnknown {
		t.Errorf("no warning names the value followed through the configuration: %v", s.Warnings)
	}
}

// TestRead_ForEachModules: a module called with for_each gives one group
// per module instance, with ids from the full addresses.
func TestRead_ForEachModules(t *testing.T) {
	p := filepath.Join(sharedData, "checkov-plans", "module-for_each-tf1.9-plan.json")
	if _, err := os.Stat(p); err != nil {
		sharedFiles(t)
		t.Fatalf("%s is missing", p)
	}
	s := read(t, terraform.Options{}, p)
	var ids []string
	for _, g := range s.Groups {
		ids = append(ids, g.ID+" "+g.Name+" "+g.VPCID)
	}
	want := []string{
		`tf:module.sg["awful_example"].aws_security_group.bad awful_example vpc-123456abc`,
		`tf:module.sg["bad_example"].aws_security_group.bad bad_example vpc-123456abc`,
		`tf:module.sg["terrible_example"].aws_security_group.bad terrible_example vpc-123456abc`,
	}
	if !slices.Equal(ids, want) {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(ids, "\n"), strings.Join(want, "\n"))
	}
}

// TestRead_PlanSides: the sg-rule-update plan changes tcp/5433 and udp on
// two rules; the before side has the old ports and protocols.
func TestRead_PlanSides(t *testing.T) {
	p := filepath.Join(sharedData, "checkov-plans", "sg-rule-update-tf1.4-plan.json")
	if _, err := os.Stat(p); err != nil {
		sharedFiles(t)
		t.Fatalf("%s is missing", p)
	}
	labels := func(s *sgmap.Snapshot) []string {
		var out []string
		for _, g := range s.Groups {
			for _, r := range g.Rules {
				out = append(out, fmt.Sprintf("%s %s %s", g.ID, r.Service().Label(), r.Peer))
			}
		}
		return out
	}
	after := labels(read(t, terraform.Options{}, p))
	before := labels(read(t, terraform.Options{PlanSide: "before"}, p))
	wantAfter := []string{"sg-547cc4cd5f94bb695 TCP 5432-5433 sg-8d21ab5963b0e7917", "sg-547cc4cd5f94bb696 UDP 8888 sg-8d21ab5963b0e7917"}
	wantBefore := []string{"sg-547cc4cd5f94bb695 TCP 5432 sg-8d21ab5963b0e7917", "sg-547cc4cd5f94bb696 TCP 8888 sg-8d21ab5963b0e7917"}
	if !slices.Equal(after, wantAfter) || !slices.Equal(before, wantBefore) {
		t.Errorf("after = %q\nbefore = %q\nwant %q and %q", after, before, wantAfter, wantBefore)
	}
	if _, err := (terraform.Options{PlanSide: "sideways"}).Read(nil); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("-plan-side sideways: %v, want an invalid error", err)
	}
}

// counts is what the test compares.
type counts struct{ groups, rules, owners int }

func mustJSON(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
