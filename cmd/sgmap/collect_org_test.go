package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
)

// TestCollect_Org: `collect -org` end to end against the fake AWS, with
// the SDK's own configuration chain: three accounts, one denied, which is
// a printed warning naming it; the exit code is 0.
func TestCollect_Org(t *testing.T) {
	fake := awsfake.New(t, awsfake.ArticleOrganization("sgmap-read"))
	for _, kv := range fake.Env("eu-west-1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	out := filepath.Join(t.TempDir(), "org.json")
	r := mustRunEnv(t, os.Getenv, "collect", "-org", "-role-name", "sgmap-read", "-o", out)
	if r.code != 0 {
		t.Fatalf("collect -org: exit %d, %s", r.code, r.stderr)
	}
	s, err := sgmap.LoadSnapshotFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"123456789012", awsfake.OrgMemberAccount}, s.Accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	for _, want := range []string{"sgmap: warning: " + awsfake.OrgDeniedAccount, "collected 2 of 3 account(s)", "3/3 accounts"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}

	r = mustRunEnv(t, os.Getenv, "collect", "-org", "-role-name", "sgmap-read", "-org-ou", awsfake.OrgProdOU,
		"-exclude-account", awsfake.OrgDeniedAccount, "-o", out)
	if s, err := sgmap.LoadSnapshotFile(out); r.code != 0 || err != nil || len(s.Accounts) != 1 || len(s.Warnings) != 0 {
		t.Errorf("collect -org -org-ou -exclude-account: exit %d, %v, %s", r.code, err, r.stderr)
	}
	for _, args := range [][]string{{"-org"}, {"-role-name", "x"}, {"-org-ou", awsfake.OrgProdOU}} {
		if r := mustRunEnv(t, os.Getenv, append([]string{"collect", "-o", out}, args...)...); r.code != exitUsage {
			t.Errorf("collect %v: exit %d, want %d: %s", args, r.code, exitUsage, r.stderr)
		}
	}
}
