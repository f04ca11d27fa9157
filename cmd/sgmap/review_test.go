package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
)

// runStdin runs sgmap with stdin as standard input.
func runStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr syncBuffer
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr}
	code := run(t.Context(), args, e)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestVersionFlags(t *testing.T) {
	want := mustRun(t, nil, "version")
	if want.code != 0 || !strings.Contains(want.stdout, "sgmap "+sgmap.Version+" ") || sgmap.Version == "" {
		t.Fatalf("sgmap version = %d %q, want the build's version %q", want.code, want.stdout, sgmap.Version)
	}
	for _, flag := range []string{"--version", "-version", "-v"} {
		if r := mustRun(t, nil, flag); r.code != 0 || r.stdout != want.stdout {
			t.Errorf("sgmap %s = %d %q %q, want the output of sgmap version", flag, r.code, r.stdout, r.stderr)
		}
	}
}

func TestLint_UnknownIgnoreIsUsageError(t *testing.T) {
	r := mustRun(t, nil, "lint", "-demo", "antipattern", "-ignore", "missing-description,no-such-check")
	if r.code != exitUsage || !strings.Contains(r.stderr, `unknown finding id "no-such-check"`) || !strings.Contains(r.stderr, "incomplete-snapshot") {
		t.Errorf("lint -ignore no-such-check = %d, stderr %q; want exit 2 naming the id and listing the known ones", r.code, r.stderr)
	}
	if r := mustRun(t, nil, "lint", "-demo", "antipattern", "-ignore", "*", "-fail-on", "info"); r.code != 0 {
		t.Errorf("lint -ignore '*' = %d %s, want 0 (every finding ignored)", r.code, r.stderr)
	}
}

func TestLint_JSONReport(t *testing.T) {
	r := mustRun(t, nil, "lint", "-demo", "antipattern", "-format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("lint -format json is not a report object: %v\n%.300s", err, r.stdout)
	}
	if rep.Version != sgmap.Version || rep.Snapshot != "demo-antipattern" || rep.Summary.Total != len(rep.Findings) || rep.Summary.Warning == 0 {
		t.Errorf("report = %q %q %+v with %d findings", rep.Version, rep.Snapshot, rep.Summary, len(rep.Findings))
	}
	lines := mustRun(t, nil, "lint", "-demo", "antipattern", "-format", "json-lines")
	if n := strings.Count(lines.stdout, "\n"); lines.code != 0 || n != len(rep.Findings) || !strings.HasPrefix(lines.stdout, `{"id":`) {
		t.Errorf("json-lines: exit %d, %d lines for %d findings:\n%.200s", lines.code, n, len(rep.Findings), lines.stdout)
	}
}

// TestSnapshotStdin: -snapshot - reads the snapshot from standard input in
// render, lint and rules.
func TestSnapshotStdin(t *testing.T) {
	snap := mustRun(t, nil, "demo", "antipattern").stdout
	r := runStdin(t, snap, "lint", "-snapshot", "-", "-format", "json")
	var rep audit.Report
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rep) != nil || rep.Summary.Warning == 0 || rep.Snapshot != "demo-antipattern" {
		t.Errorf("lint -snapshot - = %d %q: %.200s", r.code, r.stderr, r.stdout)
	}
	if r := runStdin(t, snap, "rules", "-snapshot", "-"); r.code != 0 || !strings.Contains(r.stdout, "allow-https-8443") {
		t.Errorf("rules -snapshot - = %d %q: %.200s", r.code, r.stderr, r.stdout)
	}
	if r := runStdin(t, snap, "render", "-snapshot", "-", "-format", "dot"); r.code != 0 || !strings.HasPrefix(r.stdout, "digraph") {
		t.Errorf("render -snapshot - = %d %q: %.200s", r.code, r.stderr, r.stdout)
	}
	if r := runStdin(t, "{not json", "lint", "-snapshot", "-"); r.code != exitError || !strings.Contains(r.stderr, "standard input") {
		t.Errorf("lint -snapshot - with bad JSON = %d %q, want exit 1 naming standard input", r.code, r.stderr)
	}
}

// TestSnapshotAWSCLI: -snapshot given raw AWS CLI output — a file, a
// folder, or standard input — imports it on the fly, as sgmap import would.
func TestSnapshotAWSCLI(t *testing.T) {
	dir := filepath.Join("..", "..", "input", "awscli", "testdata", "article-cli")
	imported := mustRun(t, nil, "import", dir)
	if imported.code != 0 {
		t.Fatalf("import: %d %s", imported.code, imported.stderr)
	}
	file := filepath.Join(t.TempDir(), "imported.json")
	if err := os.WriteFile(file, []byte(imported.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	want := mustRun(t, nil, "rules", "-snapshot", file, "-format", "json").stdout
	if got := mustRun(t, nil, "rules", "-snapshot", dir, "-format", "json"); got.code != 0 || got.stdout != want {
		t.Errorf("rules -snapshot <folder of AWS CLI output> = %d %q; want the rows of the imported snapshot", got.code, got.stderr)
	}
	sgs, err := os.ReadFile(filepath.Join(dir, "ec2-describe-security-groups.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The article's design is clean: no findings, but the groups were read.
	r := mustRun(t, nil, "lint", "-snapshot", filepath.Join(dir, "ec2-describe-security-groups.json"), "-format", "json", "-fail-on", "info")
	var rep audit.Report
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rep) != nil || rep.Snapshot != "ec2-describe-security-groups" {
		t.Errorf("lint -snapshot <describe-security-groups output> = %d %q: %.300s", r.code, r.stderr, r.stdout)
	}
	r = mustRun(t, nil, "rules", "-snapshot", filepath.Join(dir, "ec2-describe-security-groups.json"), "-format", "md")
	if r.code != 0 || !strings.Contains(r.stdout, "game-servers-production") {
		t.Errorf("lint -snapshot <describe-security-groups output> = %d %q: %.300s", r.code, r.stderr, r.stdout)
	}
	if r := runStdin(t, string(sgs), "render", "-snapshot", "-", "-format", "json"); r.code != 0 || !strings.Contains(r.stdout, `"groups"`) {
		t.Errorf("render -snapshot - with AWS CLI output = %d %q", r.code, r.stderr)
	}
	if r := runStdin(t, `{"Unrelated": 1}`, "lint", "-snapshot", "-"); r.code != exitError || !strings.Contains(r.stderr, "standard input") {
		t.Errorf("lint on unrelated JSON = %d %q, want exit 1 naming standard input", r.code, r.stderr)
	}
}

// TestRender_FindingsByDefault: the overlay is on where the VPC has warnings
// (antipattern), off where it has none (article), and -findings=false or
// -findings turn it off or on.
func TestRender_FindingsByDefault(t *testing.T) {
	annotated := func(args ...string) bool {
		t.Helper()
		r := mustRun(t, nil, append([]string{"render", "-format", "json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("render %v: %d %s", args, r.code, r.stderr)
		}
		return strings.Contains(r.stdout, `"annotations"`)
	}
	if !annotated("-demo", "antipattern") {
		t.Error("render -demo antipattern has no findings overlay by default")
	}
	if annotated("-demo", "antipattern", "-findings=false") {
		t.Error("-findings=false kept the overlay")
	}
	if !annotated("-demo", "antipattern", "-findings") {
		t.Error("-findings lost the overlay")
	}
	if r := mustRun(t, nil, "render", "-demo", "antipattern", "-findings=maybe"); r.code != exitUsage {
		t.Errorf("-findings=maybe = %d, want a usage error", r.code)
	}
}

// TestHelp_SynopsisListsEveryFlag: each command's usage line names every
// flag its -h explains (serve used to hide half of its own).
func TestHelp_SynopsisListsEveryFlag(t *testing.T) {
	for _, c := range commands() {
		if c.hidden {
			continue
		}
		r := mustRun(t, nil, c.name, "-h")
		if r.code != 0 {
			t.Fatalf("sgmap %s -h: exit %d", c.name, r.code)
		}
		synopsis, _, _ := strings.Cut(r.stderr, "\n\n")
		for _, f := range helpFlags(r.stderr) {
			if !strings.Contains(synopsis, "-"+f+" ") && !strings.Contains(synopsis, "-"+f+"]") && !strings.Contains(synopsis, "-"+f+"=") {
				t.Errorf("sgmap %s -h: the usage line does not name -%s:\n%s", c.name, f, synopsis)
			}
		}
	}
}

// TestCompletion_Bash runs the bash script in a real bash: commands,
// a command's flags (read from its flag set), flag values.
func TestCompletion_Bash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed")
	}
	r := mustRun(t, nil, "completion", "bash")
	if r.code != 0 {
		t.Fatalf("completion bash: %d %s", r.code, r.stderr)
	}
	script := filepath.Join(t.TempDir(), "sgmap.bash")
	if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	complete := func(words ...string) string {
		t.Helper()
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c",
			`source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); _sgmap; echo "${COMPREPLY[*]}"`, "x", script)
		cmd.Args = append(cmd.Args, words...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	tests := []struct {
		words []string
		want  string
	}{
		{[]string{"sgmap", "li"}, "lint"},
		{[]string{"sgmap", "co"}, "collect completion"},
		{[]string{"sgmap", "lint", "-fo"}, "-format"},
		{[]string{"sgmap", "serve", "-render-w"}, "-render-workers"},
		{[]string{"sgmap", "lint", "-format", "j"}, "json json-lines"},
		{[]string{"sgmap", "render", "-demo", "a"}, "article antipattern"},
	}
	for _, tt := range tests {
		if got := complete(tt.words...); got != tt.want {
			t.Errorf("completing %q = %q, want %q", tt.words, got, tt.want)
		}
	}
	for _, sh := range []string{"zsh", "fish"} {
		r := mustRun(t, nil, "completion", sh)
		if r.code != 0 || !strings.Contains(r.stdout, "lint") || !strings.Contains(r.stdout, "json-lines") {
			t.Errorf("completion %s = %d, lacks commands or values:\n%.300s", sh, r.code, r.stdout)
		}
	}
	if r := mustRun(t, nil, "completion", "powershell"); r.code != exitUsage {
		t.Errorf("completion powershell = %d, want usage error", r.code)
	}
}
