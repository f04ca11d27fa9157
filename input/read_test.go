package input_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input"
)

var opt = input.Options{TakenAt: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)}

// TestImport_Dispatch imports one file of each format the repository
// holds and checks that each reached its reader.
func TestImport_Dispatch(t *testing.T) {
	tests := []struct {
		path, source, file string
	}{
		{"terraform/testdata/shop/plan.json", sgmap.SourceTerraformPlan, "plan.json"},
		{"awscli/testdata/article-cli", sgmap.SourceAWSCLI, "article-cli"},
		{"../testdata/aws-cli-security-groups-ex1.snapshot.json", "import", ""}, // an sgmap snapshot keeps its own source
	}
	for _, tt := range tests {
		s, err := opt.Import([]string{tt.path})
		if err != nil {
			t.Errorf("Import(%s): %v", tt.path, err)
			continue
		}
		if s.Source != tt.source || s.SourceFile != tt.file {
			t.Errorf("Import(%s): source %q, file %q; want %q, %q", tt.path, s.Source, s.SourceFile, tt.source, tt.file)
		}
		if len(s.Groups) == 0 {
			t.Errorf("Import(%s): no groups", tt.path)
		}
	}
}

func TestImport_Errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("mixed/a.json", `{"SecurityGroups":[]}`)
	write("mixed/b.tfstate", `{"version":4,"lineage":"x","resources":[]}`)
	notes := write("notes.txt", "hello")
	write("empty/readme.md", "# nothing")
	tests := []struct {
		path, code, msg string
	}{
		{filepath.Join(dir, "mixed"), sgmap.EINVALID, "import one format at a time"},
		{notes, sgmap.EINVALID, "is not a format sgmap reads"},
		{filepath.Join(dir, "empty"), sgmap.EINVALID, "no input files"},
		{filepath.Join(dir, "missing.json"), sgmap.ENOTFOUND, "does not exist"},
	}
	for _, tt := range tests {
		_, err := opt.Import([]string{tt.path})
		if sgmap.ErrorCode(err) != tt.code || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Import(%s) = %v, want %s containing %q", tt.path, err, tt.code, tt.msg)
		}
	}
}

// TestRead_Upload reads an upload by name and content, as the dashboard
// does.
func TestRead_Upload(t *testing.T) {
	f, err := os.Open("terraform/testdata/shop/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := opt.Read("plan.json", f)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != sgmap.SourceTerraformPlan || s.SourceFile != "plan.json" || len(s.Groups) != 2 {
		t.Errorf("source %q file %q groups %d", s.Source, s.SourceFile, len(s.Groups))
	}
	if _, err := opt.Read("x.json", strings.NewReader("")); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("empty upload: %v", err)
	}
}
