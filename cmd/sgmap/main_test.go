package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/internal/s3test"
)

// TestMain lets the test binary act as sgmap's render worker, so that serve
// tests exercise the real worker processes (os.Executable is this binary).
// It also starts the package's S3 server (internal/s3test) for the tests of
// -data s3://.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "__render" {
		os.Exit(run(context.Background(), os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
	}
	if os.Getenv("SGMAP_TEST_MAIN") == "1" { // act as the sgmap command (signal tests)
		main()
	}
	os.Exit(s3test.Main(m, &s3srv, false))
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a server's
// logger and a test's reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type result struct {
	code           int
	stdout, stderr string
}

// mustRun runs sgmap with args and the given environment variables.
func mustRun(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr syncBuffer
	e := env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}
	code := run(t.Context(), args, e)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestDemo_List(t *testing.T) {
	r := mustRun(t, nil, "demo")
	if r.code != 0 {
		t.Fatalf("sgmap demo: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, name := range []string{"article", "antipattern", "large"} {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("sgmap demo output lacks %q:\n%s", name, r.stdout)
		}
	}
}

func TestDemo_PrintsLoadableSnapshot(t *testing.T) {
	r := mustRun(t, nil, "demo", "article")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	s, err := sgmap.ParseSnapshot([]byte(r.stdout))
	if err != nil {
		t.Fatalf("demo article output does not load: %v", err)
	}
	if len(s.Groups) != 3 {
		t.Errorf("article demo has %d groups, want 3", len(s.Groups))
	}
}

func TestRender_ArticleSVG(t *testing.T) {
	out := filepath.Join(t.TempDir(), "article.svg")
	r := mustRun(t, nil, "render", "-demo", "article", "-o", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Errorf("CheckSafe: %v", err)
	}
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"game-servers-production", "monitoring", "lb-game-production", "TCP 8443", "TCP 9999", "TCP 80, 443"} {
		if !doc.HasText(want) {
			t.Errorf("article SVG text lacks %q", want)
		}
	}
	// Same input, same bytes: a design doc can commit the SVG.
	again := mustRun(t, nil, "render", "-demo", "article")
	if again.stdout != string(svg) {
		t.Error("two renders of the article demo differ")
	}
}

func TestRender_JSONContract(t *testing.T) {
	r := mustRun(t, nil, "render", "-demo", "article", "-format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var g struct {
		Snapshot string `json:"snapshot"`
		VPC      string `json:"vpc"`
		View     string `json:"view"`
		Groups   []struct {
			ID, Name, Description, Parent string
			Members                       []string
		} `json:"groups"`
		Nodes []struct {
			ID, Kind, Name string
			Count          int
			Groups         []string
		} `json:"nodes"`
		Edges []struct {
			ID, From, To, Kind, Label, Effective string
			Rules                                []string
		} `json:"edges"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatal(err)
	}
	if g.Snapshot != "demo-article" || g.View != "overview" || !strings.HasPrefix(g.VPC, "vpc-") {
		t.Errorf("header = %q %q %q", g.Snapshot, g.VPC, g.View)
	}
	labels := map[string]bool{}
	for _, e := range g.Edges {
		labels[e.Label] = true
	}
	for _, want := range []string{"TCP 8443", "TCP 9999", "TCP 80, 443"} {
		if !labels[want] {
			t.Errorf("no edge labelled %q in %v", want, labels)
		}
	}
}

func TestRender_Errors(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"schema_version": "1.0", "vpcs": [`), 0o644)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no source", []string{"render"}, 2, "-snapshot FILE or -demo NAME"},
		{"unknown demo", []string{"render", "-demo", "nope"}, 2, `no demo named "nope"`},
		{"bad view", []string{"render", "-demo", "article", "-view", "wide"}, 2, "-view must be map, overview or detail"},
		{"bad format", []string{"render", "-demo", "article", "-format", "gif"}, 2, "-format must be svg, dot, json, mermaid, drawio, png or pdf"},
		{"unknown app", []string{"render", "-demo", "article", "-app", "nope"}, 1, `no application "nope"`},
		{"app on the map", []string{"render", "-demo", "article", "-view", "map", "-app", "game"}, 2, "-app draws one application's groups"},
		{"scale of a small demo", []string{"render", "-demo", "article", "-scale", "3"}, 2, "only the large demo scales"},
		{"scale below 1", []string{"render", "-demo", "large", "-scale", "0"}, 2, "-scale must be at least 1"},
		{"unknown flag", []string{"render", "-colour"}, 2, "flag provided but not defined"},
		{"multi-VPC without -vpc", []string{"render", "-demo", "large"}, 2, "pick one with -vpc"},
		{"unknown vpc", []string{"render", "-demo", "article", "-vpc", "vpc-nope"}, 1, `no VPC "vpc-nope"`},
		{"truncated file", []string{"render", "-snapshot", broken}, 1, "truncated"},
		{"missing file", []string{"render", "-snapshot", filepath.Join(dir, "none.json")}, 1, "does not exist"},
		{"unknown command", []string{"draw"}, 2, `unknown command "draw"`},
		{"missing output directory", []string{"render", "-demo", "article", "-o", filepath.Join(dir, "no", "such", "dir", "a.svg")}, 1, "cannot create a file in"},
		{"stray argument", []string{"lint", "-demo", "article", "extra"}, 2, `sgmap: lint: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRun(t, nil, tt.args...)
			if !strings.HasPrefix(r.stderr, "sgmap: ") {
				t.Errorf("sgmap %v: stderr %q does not start with \"sgmap: \"", tt.args, r.stderr)
			}
			if strings.Contains(r.stderr, "internal error") {
				t.Errorf("sgmap %v: a user mistake reported as an internal error: %q", tt.args, r.stderr)
			}
			if r.code != tt.wantCode || !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("sgmap %v: exit %d, stderr %q; want exit %d and %q", tt.args, r.code, r.stderr, tt.wantCode, tt.wantErr)
			}
			if r.stdout != "" {
				t.Errorf("sgmap %v wrote to stdout on error: %q", tt.args, r.stdout)
			}
		})
	}
}

// TestRender_NeverHalfWritten checks a failing render leaves an existing
// output file exactly as it was.
func TestRender_NeverHalfWritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "keep.svg")
	os.WriteFile(out, []byte("previous"), 0o644)
	r := mustRun(t, nil, "render", "-demo", "article", "-focus", "no-such-group", "-o", out)
	if r.code == 0 {
		t.Fatal("render with an unknown focus succeeded")
	}
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Errorf("output file changed to %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestHelp(t *testing.T) {
	r := mustRun(t, nil, "help")
	if r.code != 0 || !strings.Contains(r.stderr, "sgmap serve") {
		t.Errorf("sgmap help: exit %d, %q", r.code, r.stderr)
	}
	for _, c := range commands() {
		if c.hidden {
			continue
		}
		r := mustRun(t, nil, c.name, "-h")
		if r.code != 0 || !strings.Contains(r.stderr, "Usage: sgmap "+c.name) {
			t.Errorf("sgmap %s -h: exit %d, %q", c.name, r.code, r.stderr)
		}
	}
	if r := mustRun(t, nil, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "sgmap ") {
		t.Errorf("sgmap version: exit %d, %q", r.code, r.stdout)
	}
}

func TestServe_RefusesExposureWithoutToken(t *testing.T) {
	r := mustRun(t, nil, "serve", "-addr", "0.0.0.0:0", "-data", t.TempDir())
	if r.code != 2 || !strings.Contains(r.stderr, "-token") {
		t.Errorf("serve on 0.0.0.0 without token: exit %d, %q", r.code, r.stderr)
	}
	for _, tok := range []string{" ", "   \t  ", "short"} {
		r := mustRun(t, nil, "serve", "-addr", "0.0.0.0:0", "-token", tok, "-data", t.TempDir())
		if r.code != 2 || !strings.Contains(r.stderr, "at least 8 characters") {
			t.Errorf("serve -token %q: exit %d, %q", tok, r.code, r.stderr)
		}
	}
}

// TestParse_FlagsAnywhere checks flags after positional arguments are
// flags, as users type them, and "--" ends flag parsing.
func TestParse_FlagsAnywhere(t *testing.T) {
	tests := []struct {
		args     []string
		wantRest []string
		wantO    string
	}{
		{[]string{"-o", "x", "a", "b"}, []string{"a", "b"}, "x"},
		{[]string{"a", "-o", "x", "b"}, []string{"a", "b"}, "x"},
		{[]string{"a", "b", "-o", "x"}, []string{"a", "b"}, "x"},
		{[]string{"a", "--", "-o", "x"}, []string{"a", "-o", "x"}, ""},
		{[]string{"-", "b"}, []string{"-", "b"}, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		o := fs.String("o", "", "")
		rest, err := parse(fs, tt.args, true)
		if err != nil || !slices.Equal(rest, tt.wantRest) || *o != tt.wantO {
			t.Errorf("parse(%q) = %q, -o %q, %v; want %q, -o %q", tt.args, rest, *o, err, tt.wantRest, tt.wantO)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	if _, err := parse(fs, []string{"stray"}, false); err == nil {
		t.Error("a stray argument to a command that takes none was accepted")
	}
}
