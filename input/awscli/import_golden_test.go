package awscli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testTime is the time of every imported test snapshot.
var testTime = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// The -update flag may be defined by another test file of the same binary;
// whichever init runs first defines it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "update golden files")
	}
}

// updating reports whether -update was given.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestImport_Golden imports testdata/import/cli, a small hand-curated
// account (instances in an Auto Scaling group, an NLB known only from its
// ENI, a NAT gateway, interface and gateway endpoints, shared Lambda ENIs,
// RDS, EFS, cross-account, peered, stale and prefix-list references), and
// compares the snapshot with testdata/import/snapshot.golden.json.
// Regenerate with go test ./collector -run Golden -update, and review the
// diff.
func TestImport_Golden(t *testing.T) {
	s, err := ImportOptions{TakenAt: testTime}.Import([]string{filepath.Join("testdata", "import", "cli")})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	var got bytes.Buffer
	if err := s.Encode(&got); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "import", "snapshot.golden.json")
	if updating() {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("import of testdata/import/cli (-golden +got):\n%s", diff)
	}
}
