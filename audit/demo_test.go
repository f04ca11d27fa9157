package audit

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

func mustDemo(t *testing.T, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := demo.Get(name)
	if err != nil {
		t.Fatalf("demo.Get(%q): %v", name, err)
	}
	return s
}

// TestRun_Article: the article's final design is the good example; DESIGN.md
// promises it has no warning or error findings.
func TestRun_Article(t *testing.T) {
	for _, f := range Run(mustDemo(t, "article"), Options{}) {
		if f.Severity != Info {
			t.Errorf("article demo: unexpected %s finding %s on %s: %s", f.Severity, f.ID, f.SubjectID, f.Message)
		}
	}
}

// TestRun_Antipattern checks DESIGN.md's promises about the article's first
// designs.
func TestRun_Antipattern(t *testing.T) {
	s := mustDemo(t, "antipattern")
	fs := Run(s, Options{})
	byName := map[string]string{}
	for _, g := range s.Groups {
		byName[g.Name] = g.ID
	}
	https, http := byName["allow-https-8443"], byName["allow-http-9999"]

	var named []string
	for _, f := range only(fs, IDNameDescribesRules) {
		named = append(named, f.GroupName)
	}
	if diff := cmp.Diff([]string{"allow-https-8443", "allow-http-9999", "allow-egress-9999"}, named, sortStrings); diff != "" {
		t.Errorf("name-describes-rules groups (-want +got):\n%s", diff)
	}

	same := only(fs, IDSameMembers)
	if len(same) != 1 {
		t.Fatalf("same-members findings = %d, want 1: %+v", len(same), same)
	}
	if got := append([]string{same[0].GroupID}, same[0].Related...); !cmp.Equal([]string{https, http}, got, sortStrings) {
		t.Errorf("same-members groups = %v, want [%s %s]", got, https, http)
	}

	cidr := only(fs, IDCIDRMatchesGroup)
	if len(cidr) != 1 {
		t.Fatalf("cidr-matches-group findings = %d, want 1: %+v", len(cidr), cidr)
	}
	var peers []string
	for _, r := range rulesOf(s, cidr[0]) {
		peers = append(peers, r.Peer.Value)
	}
	if diff := cmp.Diff([]string{"10.0.0.30/32", "10.0.1.30/32"}, peers, sortStrings); diff != "" {
		t.Errorf("cidr-matches-group rules' peers (the NLB's addresses) (-want +got):\n%s", diff)
	}
	if cidr[0].GroupID != https || !strings.Contains(cidr[0].Message, "game-nlb") {
		t.Errorf("cidr-matches-group = %+v, want it on %s naming game-nlb", cidr[0], https)
	}

	wide := only(fs, IDWideSource)
	if len(wide) != 1 {
		t.Fatalf("wide-source findings = %d, want 1: %+v", len(wide), wide)
	}
	if rs := rulesOf(s, wide[0]); len(rs) != 1 || wide[0].GroupID != http || rs[0].Peer.Value != "10.0.0.0/16" || rs[0].FromPort != 9999 {
		t.Errorf("wide-source = %+v, want the VPC-wide TCP 9999 rule on %s", wide[0], http)
	}
	if len(only(fs, IDAdminPortOpen))+len(only(fs, IDDanglingReference)) > 0 {
		t.Errorf("antipattern demo has no admin ports or dangling references, got errors: %+v", fs[:1])
	}
}

// rulesOf returns the rules a rule finding is about (its rule and related).
func rulesOf(s *sgmap.Snapshot, f Finding) []sgmap.Rule {
	var out []sgmap.Rule
	for _, g := range s.Groups {
		if g.ID != f.GroupID {
			continue
		}
		for _, r := range g.Rules {
			if id := RuleID(g.ID, r); id == f.RuleID || slices.Contains(f.Related, id) {
				out = append(out, r)
			}
		}
	}
	return out
}

func TestRun_Deterministic(t *testing.T) {
	for _, name := range []string{"article", "antipattern", "large"} {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		a, b := Run(s, Options{}), Run(s, Options{})
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: two runs differ (-first +second):\n%s", name, diff)
		}
		for i := 1; i < len(a); i++ {
			p, q := a[i-1], a[i]
			if p.Severity.rank() < q.Severity.rank() || (p.Severity == q.Severity && p.ID > q.ID) ||
				(p.Severity == q.Severity && p.ID == q.ID && p.SubjectID > q.SubjectID) {
				t.Errorf("%s: findings %d and %d out of order: %s %s %s, then %s %s %s", name, i-1, i,
					p.Severity, p.ID, p.SubjectID, q.Severity, q.ID, q.SubjectID)
				break
			}
		}
	}
}

// TestRun_Concurrent: the server audits cached snapshots from many
// requests at once; Run must only read the snapshot (run with -race).
func TestRun_Concurrent(t *testing.T) {
	s := mustDemo(t, "antipattern")
	want := Run(s, Options{})
	done := make(chan []Finding)
	for range 4 {
		go func() { done <- Run(s, Options{}) }()
	}
	for range 4 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent Run differs (-want +got):\n%s", diff)
		}
	}
	if Run(nil, Options{}) != nil {
		t.Error("Run(nil) should have no findings")
	}
}
