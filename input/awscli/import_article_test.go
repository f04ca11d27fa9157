package awscli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// groupView is what must agree between an import and a demo: a group's
// name, its members (owners, by ID) and its rules without their IDs'
// provenance.
type groupView struct {
	Name, Description string
	Members           []string
	Rules             []string
}

func viewGroups(s *sgmap.Snapshot) map[string]groupView {
	x := sgmap.NewIndex(s)
	out := map[string]groupView{}
	for _, g := range s.Groups {
		v := groupView{Name: g.Name, Description: g.Description}
		for _, o := range s.Owners {
			if slices.Contains(x.OwnerGroups(o.ID), g.ID) {
				v.Members = append(v.Members, string(o.Kind)+" "+o.ID)
			}
		}
		for _, e := range x.Members[g.ID] {
			if e.OwnerID == "" {
				v.Members = append(v.Members, "eni "+e.ID)
			}
		}
		for _, r := range g.Rules {
			v.Rules = append(v.Rules, string(r.Direction)+" "+r.Service().Label()+" "+string(r.Peer.Kind)+" "+r.Peer.String()+" "+r.ID+" "+r.Description)
		}
		slices.Sort(v.Members)
		slices.Sort(v.Rules)
		out[g.ID] = v
	}
	return out
}

// TestImport_ArticleMatchesDemo imports testdata/article-cli, AWS CLI output
// for the article's VPC, and checks that it gives the same groups, members,
// rules, owners and ENIs as the article demo: the import path and the demo
// agree.
func TestImport_ArticleMatchesDemo(t *testing.T) {
	got, err := ImportOptions{TakenAt: testTime}.Import([]string{"testdata/article-cli"})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	want, err := demo.Get("article")
	if err != nil {
		t.Fatalf("demo.Get: %v", err)
	}
	if diff := cmp.Diff(viewGroups(want), viewGroups(got)); diff != "" {
		t.Errorf("groups (-demo +import):\n%s", diff)
	}
	if len(got.Warnings) != 0 {
		t.Errorf("warnings = %+v, want none", got.Warnings)
	}
	// ENIs agree field by field.
	if diff := cmp.Diff(want.Interfaces, got.Interfaces); diff != "" {
		t.Errorf("interfaces (-demo +import):\n%s", diff)
	}
	// Owners agree on everything but the dashboard details and the task
	// names, which the demo numbers (prometheus-1) and AWS does not.
	type ownerView struct {
		Kind         sgmap.OwnerKind
		VPCID        string
		Parent       *sgmap.Parent
		InterfaceIDs []string
		LoadBalancer *sgmap.LoadBalancer
		Name         string
	}
	view := func(s *sgmap.Snapshot) map[string]ownerView {
		m := map[string]ownerView{}
		for _, o := range s.Owners {
			v := ownerView{o.Kind, o.VPCID, o.Parent, o.InterfaceIDs, o.LoadBalancer, o.Name}
			if o.Kind == sgmap.OwnerECSTask {
				v.Name = o.Parent.Name
			}
			m[o.ID] = v
		}
		return m
	}
	wantOwners := view(want)
	for id, v := range wantOwners {
		if v.Kind == sgmap.OwnerECSTask {
			v.Name = "prometheus"
			wantOwners[id] = v
		}
	}
	if diff := cmp.Diff(wantOwners, view(got)); diff != "" {
		t.Errorf("owners (-demo +import):\n%s", diff)
	}
	if diff := cmp.Diff(want.VPCs, got.VPCs); diff != "" {
		t.Errorf("VPCs (-demo +import):\n%s", diff)
	}
	if diff := cmp.Diff(want.Subnets, got.Subnets); diff != "" {
		t.Errorf("subnets (-demo +import):\n%s", diff)
	}
}

// TestImport_ArticleWithoutRuleIDs drops describe-security-group-rules from
// the article folder: the rules then come from exploding IpPermissions and
// must be the same apart from their sgr- IDs.
func TestImport_ArticleWithoutRuleIDs(t *testing.T) {
	dir := t.TempDir()
	files, err := filepath.Glob("testdata/article-cli/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("glob: %v %d", err, len(files))
	}
	for _, f := range files {
		if strings.Contains(f, "security-group-rules") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ImportOptions{TakenAt: testTime}.Import([]string{dir})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	want, _ := demo.Get("article")
	for _, s := range []*sgmap.Snapshot{got, want} {
		for i := range s.Groups {
			for j := range s.Groups[i].Rules {
				s.Groups[i].Rules[j].ID = ""
			}
		}
	}
	if diff := cmp.Diff(viewGroups(want), viewGroups(got)); diff != "" {
		t.Errorf("groups (-demo +import):\n%s", diff)
	}
}
