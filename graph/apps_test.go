package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

func TestStem(t *testing.T) {
	tests := []struct{ name, want string }{
		{"web-prod", "web"},
		{"web-events-prod", "web"},
		{"web-replication-prod", "web"},
		{"payments-alb-prod", "payments"},
		{"payments-db", "payments"},
		{"orders-lambda-staging", "orders"},
		{"web-internal-2", "web"},
		{"prod-baseline", "baseline"},
		{"Game_Servers.Production", "game"},
		{"lb-game-production", "game"},
		{"sg-app-prod", "sg"},
		{"vpc-endpoints-prod", "vpc-endpoints"},
		{"prod", "prod"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Stem(tt.name); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestApplications_OneAppPerGroup checks, for every VPC of every demo,
// that each group drawn is in exactly one application, and that app IDs
// and names agree.
func TestApplications_OneAppPerGroup(t *testing.T) {
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			apps, err := Applications(s, vpc, "")
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]string{}
			for _, a := range apps {
				if a.ID != "app:"+a.Name || len(a.Groups) == 0 {
					t.Errorf("%s %s: app %+v: ID must be app:NAME and it must hold groups", name, vpc, a)
				}
				for _, g := range a.Groups {
					if other, dup := seen[g]; dup {
						t.Errorf("%s %s: group %s in %s and %s", name, vpc, g, other, a.Name)
					}
					seen[g] = a.Name
				}
			}
			g := mustBuild(t, s, vpc, Options{View: Overview})
			for _, gr := range g.Groups {
				if _, ok := seen[gr.ID]; !ok {
					t.Errorf("%s %s: group %s (%s) is in no application", name, vpc, gr.ID, gr.Name)
				}
			}
			if len(seen) != len(g.Groups) {
				t.Errorf("%s %s: %d groups in applications, %d drawn", name, vpc, len(seen), len(g.Groups))
			}
		}
	}
}

// TestApplications_StableUnderShuffle shuffles every array of the large
// demo's snapshot and wants the same applications.
func TestApplications_StableUnderShuffle(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]App{}
	for _, vpc := range s.VPCIDs() {
		if want[vpc], err = Applications(s, vpc, ""); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	shuffle := func(n int, swap func(i, j int)) { rng.Shuffle(n, swap) }
	shuffle(len(s.Groups), func(i, j int) { s.Groups[i], s.Groups[j] = s.Groups[j], s.Groups[i] })
	shuffle(len(s.Interfaces), func(i, j int) { s.Interfaces[i], s.Interfaces[j] = s.Interfaces[j], s.Interfaces[i] })
	shuffle(len(s.Owners), func(i, j int) { s.Owners[i], s.Owners[j] = s.Owners[j], s.Owners[i] })
	shuffle(len(s.VPCs), func(i, j int) { s.VPCs[i], s.VPCs[j] = s.VPCs[j], s.VPCs[i] })
	for i := range s.Groups {
		r := s.Groups[i].Rules
		shuffle(len(r), func(a, b int) { r[a], r[b] = r[b], r[a] })
	}
	for i := range s.Interfaces {
		gs := s.Interfaces[i].GroupIDs
		shuffle(len(gs), func(a, b int) { gs[a], gs[b] = gs[b], gs[a] })
	}
	for _, vpc := range s.VPCIDs() {
		got, err := Applications(s, vpc, "")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[vpc], got); diff != "" {
			t.Errorf("%s: applications changed with the order of the snapshot's arrays (-before +after):\n%s", vpc, diff)
		}
	}
}

// TestApplications_TagOverridesStructure tags the article's groups with
// sgmap:app values unlike their names: the tag decides, -app-tag picks
// another key, and without tags the structure (name stems and shared
// members) puts all three groups in one application.
func TestApplications_TagOverridesStructure(t *testing.T) {
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	names := func(apps []App) map[string][]string {
		out := map[string][]string{}
		for _, a := range apps {
			for _, g := range a.Groups {
				out[a.Name] = append(out[a.Name], nameOf(s, g))
			}
			slices.Sort(out[a.Name])
		}
		return out
	}
	apps, err := Applications(s, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string][]string{"game": {"game-servers-production", "lb-game-production", "monitoring"}}, names(apps)); diff != "" {
		t.Errorf("structure (-want +got):\n%s", diff)
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		g.Tags = map[string]string{"sgmap:app": map[bool]string{true: "observability", false: "arena"}[g.Name == "monitoring"],
			"team": "team-" + g.Name}
	}
	apps, err = Applications(s, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"arena": {"game-servers-production", "lb-game-production"}, "observability": {"monitoring"}}
	if diff := cmp.Diff(want, names(apps)); diff != "" {
		t.Errorf("sgmap:app tag (-want +got):\n%s", diff)
	}
	apps, err = Applications(s, "", "team")
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 3 {
		t.Errorf("-app-tag team: %d applications, want one per group: %v", len(apps), names(apps))
	}
}

func nameOf(s *sgmap.Snapshot, id string) string {
	for _, g := range s.Groups {
		if g.ID == id {
			return g.Name
		}
	}
	return id
}

// sharedFixture is a VPC of napps applications (group appN-prod with one
// instance each) and an agent group on the instances of the first k.
func sharedFixture(napps, k int) *sgmap.Snapshot {
	s := &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, ID: "shared",
		VPCs: []sgmap.VPC{{ID: "vpc-1", CIDRs: []string{"10.0.0.0/16"}}}}
	s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: "sg-agent", Name: "agent", VPCID: "vpc-1"})
	for i := range napps {
		g := fmt.Sprintf("sg-%03d", i)
		s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: g, Name: fmt.Sprintf("app%d-prod", i), VPCID: "vpc-1"})
		groups := []string{g}
		if i < k {
			groups = append(groups, "sg-agent")
		}
		eni := fmt.Sprintf("eni-%03d", i)
		s.Interfaces = append(s.Interfaces, sgmap.NetworkInterface{ID: eni, VPCID: "vpc-1",
			PrivateIPs: []string{fmt.Sprintf("10.0.0.%d", i+10)}, GroupIDs: groups, OwnerID: fmt.Sprintf("i-%03d", i)})
		s.Owners = append(s.Owners, sgmap.Owner{ID: fmt.Sprintf("i-%03d", i), Kind: sgmap.OwnerInstance, VPCID: "vpc-1",
			InterfaceIDs: []string{eni}})
	}
	s.Normalize()
	return s
}

// TestShared_Threshold checks the edges of the shared-group rule: members
// in 3 applications keep a group an enclosure, in 4 make it shared; a
// quarter of the owners is not "more than a quarter"; and a VPC too small
// for the map never has shared groups.
func TestShared_Threshold(t *testing.T) {
	tests := []struct {
		name        string
		napps, k    int
		shared, big bool
	}{
		{"3 apps", 44, 3, false, true},
		{"4 apps", 44, 4, true, true},
		{"small VPC, 4 of 7 apps", 7, 4, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sharedFixture(tt.napps, tt.k)
			view, err := DefaultView(s, "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if (view == Map) != tt.big {
				t.Errorf("DefaultView = %s, want map: %v", view, tt.big)
			}
			apps, err := Applications(s, "", "")
			if err != nil {
				t.Fatal(err)
			}
			got := slices.ContainsFunc(apps, func(a App) bool { return a.Shared && a.Groups[0] == "sg-agent" })
			if got != tt.shared {
				t.Errorf("agent on %d of %d applications: shared = %v, want %v", tt.k, tt.napps, got, tt.shared)
			}
			g := mustBuild(t, s, "", Options{View: Overview})
			for _, n := range g.Nodes {
				if slices.Contains(n.Groups, "sg-agent") && slices.Contains(n.Chips, "sg-agent") != tt.shared {
					t.Errorf("node %s: chips %v, shared %v", n.ID, n.Chips, tt.shared)
				}
			}
		})
	}
	// Owners: 15 of 60 is a quarter, not more; 16 of 60 is more. Spread
	// would decide first, so all groups but the agent are named as one
	// application.
	for _, k := range []int{15, 16} {
		s := sharedFixture(60, k)
		for i := range s.Groups {
			if s.Groups[i].ID != "sg-agent" {
				s.Groups[i].Name = "web-prod"
			}
		}
		apps, err := Applications(s, "", "")
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(apps, func(a App) bool { return a.Shared })
		if got != (k == 16) {
			t.Errorf("agent on %d of 60 owners, all in one application: shared = %v, want %v", k, got, k == 16)
		}
	}
}

// TestApplications_OthersHolds: the others application of each VPC of the
// large demo names the applications folded into it, each one the stem of
// some of its groups and none the name of an application of its own; its
// map box says so. Where nothing is folded (the article), no app holds any.
func TestApplications_OthersHolds(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	for _, vpc := range s.VPCIDs() {
		apps, err := Applications(s, vpc, "")
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		var others *App
		for i, a := range apps {
			names[a.Name] = true
			if a.Name == OthersApp {
				others = &apps[i]
			} else if len(a.Holds) > 0 {
				t.Errorf("%s: %s holds %v; only %s folds applications", vpc, a.Name, a.Holds, OthersApp)
			}
		}
		if others == nil || len(others.Holds) == 0 {
			t.Fatalf("%s: no %s application holding the folded ones: %+v", vpc, OthersApp, others)
		}
		stems := map[string]bool{}
		for _, id := range others.Groups {
			for i := range s.Groups {
				if s.Groups[i].ID == id {
					stems[Stem(s.Groups[i].Name)] = true
				}
			}
		}
		for _, h := range others.Holds {
			if names[h] || !stems[h] {
				t.Errorf("%s: others holds %q: an application of its own (%v) or the stem of none of its groups (%v)", vpc, h, names[h], stems[h])
			}
		}
		dot := string(dotOf(t, func() (*Graph, error) { return Build(s, vpc, Options{View: Map}) }))
		if want := "holds: " + others.Holds[0] + ", "; !strings.Contains(dot, want) {
			t.Errorf("%s: the map's others box does not say %q", vpc, want)
		}
	}
	article, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	apps, err := Applications(article, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if len(a.Holds) > 0 {
			t.Errorf("article: %s holds %v", a.Name, a.Holds)
		}
	}
}
