package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// writeArticleFiles writes the article demo and a copy with SSH opened to
// the world on the game servers and their 9999 ingress rule removed.
func writeArticleFiles(t *testing.T) (before, after string) {
	t.Helper()
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	before, after = filepath.Join(dir, "before.json"), filepath.Join(dir, "after.json")
	writeSnapshotFile(t, before, s)
	g := &s.Groups[0]
	for i := range s.Groups {
		if s.Groups[i].ID == "sg-0a1b2c3d4e5f60001" {
			g = &s.Groups[i]
		}
	}
	var kept []sgmap.Rule
	for _, r := range g.Rules {
		if r.Direction != sgmap.Ingress || r.FromPort != 9999 {
			kept = append(kept, r)
		}
	}
	g.Rules = append(kept, sgmap.Rule{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
		Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}})
	s.ID = "after"
	writeSnapshotFile(t, after, s)
	return before, after
}

func writeSnapshotFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiff_Article(t *testing.T) {
	before, after := writeArticleFiles(t)
	r := mustRun(t, nil, "diff", "-snapshot", before, "-snapshot", after, "-format", "json", "-fail-on", "error")
	if r.code != exitFindings {
		t.Fatalf("exit %d, want 3: %s", r.code, r.stderr)
	}
	var rep struct {
		Summary struct{ Rules, Groups, Owners, Members int }
		VPCs    []struct {
			Rules      []struct{ Change string }
			Introduced []struct{ ID string } `json:"findings_introduced"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Rules != 2 || rep.Summary.Groups+rep.Summary.Owners+rep.Summary.Members != 0 {
		t.Errorf("summary %+v, want exactly 2 rule changes", rep.Summary)
	}
	var ids []string
	for _, v := range rep.VPCs {
		for _, f := range v.Introduced {
			ids = append(ids, f.ID)
		}
	}
	if !strings.Contains(strings.Join(ids, " "), "admin-port-open") {
		t.Errorf("introduced %q, want admin-port-open", ids)
	}
	// -demo as the older side gives the same verdict; warning-level
	// threshold is reached too, and md names the new finding first.
	r = mustRun(t, nil, "diff", "-demo", "article", "-snapshot", after, "-format", "md")
	if r.code != 0 {
		t.Fatalf("md: exit %d: %s", r.code, r.stderr)
	}
	if i, j := strings.Index(r.stdout, "admin-port-open"), strings.Index(r.stdout, "### Rule changes"); i < 0 || j < 0 || i > j {
		t.Errorf("md: want new findings before the rule table:\n%s", r.stdout)
	}
	r = mustRun(t, nil, "diff", "-demo", "article", "-snapshot", after, "-format", "sarif")
	var log struct {
		Runs []struct {
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); r.code != 0 || err != nil || len(log.Runs) != 1 {
		t.Fatalf("sarif: exit %d, %v", r.code, err)
	}
	var got []string
	for _, res := range log.Runs[0].Results {
		got = append(got, res.RuleID)
	}
	if strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Errorf("sarif results %q, want the introduced findings %q only", got, ids)
	}
}

func TestDiff_Self(t *testing.T) {
	before, _ := writeArticleFiles(t)
	r := mustRun(t, nil, "diff", "-snapshot", before, "-snapshot", before, "-fail-on", "info")
	if r.code != 0 || !strings.Contains(r.stdout, "no changes") {
		t.Errorf("self diff: exit %d, %q %s", r.code, r.stdout, r.stderr)
	}
	r = mustRun(t, nil, "diff", "-snapshot", before, "-snapshot", before, "-format", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"vpcs": []`) {
		t.Errorf("self diff json: exit %d, %s", r.code, r.stdout)
	}
}

func TestDiff_Usage(t *testing.T) {
	before, _ := writeArticleFiles(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-snapshot", before}, "two snapshots"},
		{[]string{"-demo", "article"}, "two snapshots"},
		{[]string{"-snapshot", before, "-snapshot", before, "-format", "png"}, "-format"},
		{[]string{"-snapshot", before, "-snapshot", before, "-fail-on", "fatal"}, "-fail-on"},
		{[]string{"-snapshot", before, "-snapshot", before, "-vpc", "vpc-nope"}, "vpc-nope"},
	} {
		r := mustRun(t, nil, append([]string{"diff"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("diff %q: exit %d, %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	r := mustRun(t, nil, "diff", "-h")
	for _, f := range helpFlags(r.stderr) {
		if !strings.Contains(diffSynopsis, "-"+f+" ") && !strings.HasSuffix(diffSynopsis, "-"+f+" FILE]") {
			t.Errorf("usage line %q does not name -%s", diffSynopsis, f)
		}
	}
}
