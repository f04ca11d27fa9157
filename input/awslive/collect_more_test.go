package awslive_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

// TestCollect_BoundsConcurrency: with 10 ms per call, the in-flight calls
// the fake sees never exceed the per-API and overall limits, and reach
// them (the collector does run calls concurrently).
func TestCollect_BoundsConcurrency(t *testing.T) {
	scn := awsfake.Article()
	scn.Latency = 10 * time.Millisecond
	srv := awsfake.New(t, scn)
	mustCollect(t, srv, "eu-west-1", awslive.Options{Concurrency: 4, RegionConcurrency: 2})
	if got := srv.MaxInFlight(""); got > 4 || got < 3 {
		t.Errorf("max calls in flight = %d, want 3..4 (Concurrency 4)", got)
	}
	for _, api := range []string{"ec2", "elbv2", "ecs", "rds"} {
		if got := srv.MaxInFlight(api); got > 2 {
			t.Errorf("max %s calls in flight = %d, want <= 2 (RegionConcurrency)", api, got)
		}
	}
}

func TestCollect_Cancelled(t *testing.T) {
	scn := awsfake.Article()
	scn.Latency = time.Second
	srv := awsfake.New(t, scn)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := awslive.New(srv.Config("eu-west-1"), nil, quiet(awslive.Options{})).Collect(ctx)
	if err == nil {
		t.Fatal("Collect succeeded after its context ended")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Collect returned %s after cancellation", d)
	}
}

// TestCollect_HostileNames: names, descriptions and tags with markup,
// quotes, DOT syntax, right-to-left text, emoji and 10,000 characters
// travel through the XML and JSON protocols unchanged and uninterpreted.
func TestCollect_HostileNames(t *testing.T) {
	hostile := []string{
		`<script>alert("x")</script>`,
		`]]><![CDATA[ & &amp; "quoted" 'single'`,
		`digraph { a -> b [label="x"] }`,
		"\u202eevil\u202c مرحبا שלום 🔥🛡️",
		strings.Repeat("long-", 2000),
	}
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Groups {
		s.Groups[i].Description = hostile[i]
		s.Groups[i].Tags = map[string]string{"Name": hostile[i+1], "k": hostile[4]}
	}
	s.Groups[0].Rules[0].Description = hostile[3]
	s.Owners[0].Tags = map[string]string{"Name": hostile[0]}
	srv := awsfake.New(t, awsfake.FromSnapshot(s))
	got, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	for i, g := range got.Groups {
		want := s.Groups[i]
		if g.Description != want.Description || g.Tags["Name"] != want.Tags["Name"] || g.Tags["k"] != hostile[4] {
			t.Errorf("group %s: description %.40q, tags %.40q; want them unchanged", g.ID, g.Description, g.Tags)
		}
	}
	ruleDescs := map[string]bool{}
	for _, r := range got.Groups[0].Rules {
		ruleDescs[r.Description] = true
	}
	if !ruleDescs[hostile[3]] {
		t.Errorf("rule description with RTL text and emoji lost: %v", ruleDescs)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("snapshot with hostile names invalid: %v", err)
	}
}

// TestLoadConfig_Env is the path cmd/sgmap takes: LoadConfig from the
// environment (AWS_ENDPOINT_URL pointing at the fake, no ~/.aws), then
// Collect.
func TestLoadConfig_Env(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	for _, kv := range srv.Env("eu-west-1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	cfg, err := awslive.LoadConfig(t.Context(), "", "", nil)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	if cfg.Region != "eu-west-1" {
		t.Errorf("region = %q, want eu-west-1 from AWS_REGION", cfg.Region)
	}
	if r, ok := cfg.Retryer().(*retry.AdaptiveMode); !ok || r.MaxAttempts() != 10 {
		t.Errorf("retryer = %T with %d attempts, want adaptive mode with 10", cfg.Retryer(), cfg.Retryer().MaxAttempts())
	}
	s, err := awslive.New(cfg, nil, quiet(awslive.Options{})).Collect(t.Context())
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if len(s.Groups) != 3 {
		t.Errorf("groups = %d, want 3", len(s.Groups))
	}
	if _, err := awslive.LoadConfig(t.Context(), "no-such-profile", "", nil); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("LoadConfig(unknown profile) error = %v, want EINVALID", err)
	}
}
