package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
)

// TestCollect_ProfileRegion: without -region or AWS_REGION, collect uses
// the profile's region = from the AWS config file, as the AWS CLI does.
func TestCollect_ProfileRegion(t *testing.T) {
	fake := awsfake.New(t, awsfake.Article())
	for _, kv := range fake.Env("eu-west-1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	body := "[profile audit]\nregion = eu-west-1\naws_access_key_id = " + awsfake.CallerAccessKey + "\naws_secret_access_key = SECRET\n"
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", conf)
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	out := filepath.Join(dir, "snap.json")
	r := mustRunEnv(t, os.Getenv, "collect", "-profile", "audit", "-o", out)
	if r.code != 0 {
		t.Fatalf("collect -profile audit: exit %d, %s", r.code, r.stderr)
	}
	s, err := sgmap.LoadSnapshotFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Regions, []string{"eu-west-1"}) || len(s.Groups) == 0 {
		t.Errorf("regions %v, %d groups; want the profile's eu-west-1 and its groups", s.Regions, len(s.Groups))
	}
	// No region anywhere: a usage error that says where a region can come from.
	if err := os.WriteFile(conf, []byte("[profile audit]\naws_access_key_id = x\naws_secret_access_key = y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = mustRunEnv(t, os.Getenv, "collect", "-profile", "audit", "-o", out)
	if r.code != exitUsage || !strings.Contains(r.stderr, "region = in the profile") {
		t.Errorf("collect without any region = %d %q, want a usage error naming the ways to set one", r.code, r.stderr)
	}
}

// TestCollect_NoCredentials: one clear line saying what to set, in sgmap's
// own format: no SDK error chain, no "SDK … WARN" line.
func TestCollect_NoCredentials(t *testing.T) {
	fake := awsfake.New(t, awsfake.Article())
	for _, kv := range fake.Env("eu-west-1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	r := mustRunEnv(t, os.Getenv, "collect", "-region", "eu-west-1", "-o", filepath.Join(t.TempDir(), "s.json"))
	if r.code != exitError {
		t.Errorf("exit %d, want 1", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "sgmap: Unable to locate AWS credentials") ||
		!strings.Contains(lines[0], "AWS_ACCESS_KEY_ID") || !strings.Contains(lines[0], "AWS_PROFILE") {
		t.Errorf("stderr = %q, want one line saying what to set", r.stderr)
	}
	for _, bad := range []string{"SDK ", "operation error", "failed to refresh"} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("stderr shows the SDK's %q: %s", bad, r.stderr)
		}
	}
}
