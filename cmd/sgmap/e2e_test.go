package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/internal/shareddata"
)

func TestLint_Antipattern(t *testing.T) {
	r := mustRun(t, nil, "lint", "-demo", "antipattern")
	if r.code != 0 {
		t.Fatalf("lint without -fail-on: exit %d, %s", r.code, r.stderr)
	}
	for _, want := range []string{"name-describes-rules", "same-members", "cidr-matches-group", "wide-source", "allow-https-8443"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lint -demo antipattern does not mention %q", want)
		}
	}
	if r := mustRun(t, nil, "lint", "-demo", "antipattern", "-fail-on", "warning"); r.code != exitFindings {
		t.Errorf("lint -fail-on warning on antipattern: exit %d, want %d", r.code, exitFindings)
	}
	if r := mustRun(t, nil, "lint", "-demo", "article", "-fail-on", "warning"); r.code != 0 {
		t.Errorf("lint -fail-on warning on article: exit %d, want 0\n%s", r.code, r.stdout)
	}
	if r := mustRun(t, nil, "lint", "-demo", "antipattern", "-fail-on", "warning",
		"-ignore", "name-describes-rules,same-members,cidr-matches-group,wide-source,missing-description,group-description"); r.code != 0 {
		t.Errorf("lint with every warning ignored: exit %d\n%s", r.code, r.stdout)
	}
	if r := mustRun(t, nil, "lint", "-demo", "article", "-fail-on", "severe"); r.code != exitUsage {
		t.Errorf("lint -fail-on severe: exit %d, want %d", r.code, exitUsage)
	}
}

func TestLint_SARIF(t *testing.T) {
	r := mustRun(t, nil, "lint", "-demo", "antipattern", "-format", "sarif")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Errorf("SARIF version %q, %d runs", log.Version, len(log.Runs))
	}
}

func TestRules_ArticleCSV(t *testing.T) {
	r := mustRun(t, nil, "rules", "-demo", "article", "-format", "csv")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("rules CSV does not parse: %v", err)
	}
	s, _ := demo.Get("article")
	want := 0
	for _, g := range s.Groups {
		want += len(g.Rules)
	}
	if len(rows) != want+1 {
		t.Errorf("rules CSV has %d rows, want a header and %d rules", len(rows), want)
	}
	if !strings.Contains(r.stdout, "Game traffic forwarded by the game ALB") {
		t.Error("rules CSV lacks the 8443 rule's justification")
	}
}

func TestImport_CLIExamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "aws", "aws-cli-examples")
	if _, err := os.Stat(dir); err != nil {
		shareddata.Missing(t, dir, err)
	}
	out := filepath.Join(t.TempDir(), "snap.json")
	r := mustRun(t, nil, "import", dir, "-o", out) // flags after paths, as users type them
	if r.code != 0 {
		t.Fatalf("import: exit %d, %s", r.code, r.stderr)
	}
	s, err := sgmap.LoadSnapshotFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Groups) == 0 || len(s.Interfaces) == 0 {
		t.Errorf("imported %d groups and %d ENIs from the CLI examples", len(s.Groups), len(s.Interfaces))
	}
	if r := mustRun(t, nil, "import"); r.code != exitUsage {
		t.Errorf("import without paths: exit %d", r.code)
	}
}

// TestCollect_ThenRender is the collector's "done when": collect from an AWS
// endpoint (the fake, through AWS_ENDPOINT_URL and the real SDK), then draw
// the VPC it found.
func TestCollect_ThenRender(t *testing.T) {
	fake := awsfake.New(t, awsfake.Article())
	for _, kv := range fake.Env("eu-west-1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	out := filepath.Join(t.TempDir(), "snap.json")
	r := mustRunEnv(t, os.Getenv, "collect", "-region", "eu-west-1", "-o", out)
	if r.code != 0 {
		t.Fatalf("collect: exit %d, %s", r.code, r.stderr)
	}
	s, err := sgmap.LoadSnapshotFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("collect of the article scenario warned: %v", s.Warnings)
	}
	r = mustRun(t, nil, "render", "-snapshot", out, "-vpc", s.VPCIDs()[0], "-format", "json")
	if r.code != 0 {
		t.Fatalf("render: exit %d, %s", r.code, r.stderr)
	}
	for _, want := range []string{"game-servers-production", "TCP 8443", "TCP 80, 443"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("graph of the collected snapshot lacks %q", want)
		}
	}
	// Without -o the snapshot goes to a new file in the data folder; a
	// second collection of the unchanged account is not stored again
	// but recorded as seen again (issue 11: no copies).
	data := t.TempDir()
	var second result
	for range 2 {
		if second = mustRunEnv(t, os.Getenv, "collect", "-region", "eu-west-1", "-data", data); second.code != 0 {
			t.Fatalf("collect -data: exit %d, %s", second.code, second.stderr)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(data, "*.json")); len(files) != 1 {
		t.Errorf("two collections of an unchanged account wrote %d files in the data folder, want 1", len(files))
	}
	if !strings.Contains(second.stderr, "recorded as seen again") {
		t.Errorf("second collect said %q, want that it was unchanged", second.stderr)
	}
	if r := mustRun(t, nil, "store", "list", "-data", data, "-format", "json"); !strings.Contains(r.stdout, `"seen_again": 1`) {
		t.Errorf("store list after two collections:\n%s", r.stdout)
	}
}

func mustRunEnv(t *testing.T, getenv func(string) string, args ...string) result {
	t.Helper()
	var stdout, stderr syncBuffer
	code := run(t.Context(), args, env{getenv: getenv, stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr})
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// TestServe_EndToEnd starts the real command on a free port, with render
// workers that are this test binary (see TestMain), and checks the embeddable
// SVG is byte for byte what `sgmap render` writes.
func TestServe_EndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var stderr syncBuffer
	done := make(chan int, 1)
	vars := map[string]string{}
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-data", t.TempDir()},
			env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr})
	}()
	base := waitForURL(t, &stderr, done)
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "demo-article") {
		t.Errorf("home: %d, lists demo-article: %v", code, strings.Contains(body, "demo-article"))
	}
	s, _ := demo.Get("article")
	vpc := s.VPCIDs()[0]
	code, svg := get("/snapshots/demo-article/vpcs/" + vpc + "/diagram.svg?view=detail")
	if code != 200 {
		t.Fatalf("diagram.svg: %d %s", code, svg)
	}
	cli := mustRun(t, nil, "render", "-demo", "article", "-view", "detail")
	if svg != cli.stdout {
		t.Error("the dashboard's diagram.svg differs from `sgmap render` for the same view")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after SIGINT-style cancel: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down within 15 s")
	}
}

var listeningRE = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)/`)

func waitForURL(t *testing.T, stderr *syncBuffer, done chan int) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := listeningRE.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before listening: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not report its address: %s", stderr.String())
	return ""
}

// TestServe_Collect runs the dashboard with live collection against the fake
// AWS: the collected snapshot is stored in the data folder and listed, and
// the home page shows the collection status.
func TestServe_Collect(t *testing.T) {
	fake := awsfake.New(t, awsfake.Article())
	for _, kv := range fake.Env("eu-west-1") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	data := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-data", data, "-no-demos", "-collect", "-region", "eu-west-1"},
			env{getenv: os.Getenv, stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr})
	}()
	base := waitForURL(t, &stderr, done)
	var list []struct {
		ID string `json:"id"`
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(list) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		resp, err := http.Get(base + "/api/snapshots")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
	}
	if len(list) != 1 {
		t.Fatalf("after collection /api/snapshots lists %v, want the one collected snapshot", list)
	}
	if files, _ := filepath.Glob(filepath.Join(data, "*.json")); len(files) != 1 {
		t.Errorf("data folder holds %v, want the collected snapshot", files)
	}
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `id="collection-status"`) || !strings.Contains(string(body), list[0].ID) {
		t.Errorf("home page lacks the collection status or the collected snapshot %s", list[0].ID)
	}
}

// TestRender_Native draws with the native dot on PATH: every edge of the
// graph must be in the SVG, as with the embedded Graphviz.
func TestRender_Native(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("no native dot on PATH (apt-get install graphviz)")
	}
	r := mustRun(t, nil, "render", "-demo", "antipattern", "-renderer", "native", "-view", "detail")
	if r.code != 0 {
		t.Fatalf("render -renderer native: exit %d, %s", r.code, r.stderr)
	}
	doc, err := svgcheck.Parse([]byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe([]byte(r.stdout)); err != nil {
		t.Error(err)
	}
	var g struct{ Edges []struct{ ID string } }
	j := mustRun(t, nil, "render", "-demo", "antipattern", "-view", "detail", "-format", "json")
	if err := json.Unmarshal([]byte(j.stdout), &g); err != nil {
		t.Fatal(err)
	}
	for _, e := range g.Edges {
		if _, ok := doc.Edge(e.ID); !ok {
			t.Errorf("edge %s missing from the native SVG", e.ID)
		}
	}
	if r := mustRun(t, nil, "render", "-demo", "article", "-renderer", "wasm"); r.code != exitUsage {
		t.Errorf("-renderer wasm: exit %d, want a usage error", r.code)
	}
}
