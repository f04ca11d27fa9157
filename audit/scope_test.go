package audit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// TestRun_ScopedToVPC: a run scoped to one VPC gives exactly the findings
// of the whole-snapshot run whose VPCID is that VPC, for every VPC of every
// demo and real-data snapshot, with and without -ignore; a VPC that is not
// in the snapshot has none. The diagram's overlay relies on it
// (docs/performance.md, "Map level").
func TestRun_ScopedToVPC(t *testing.T) {
	snaps := map[string]*sgmap.Snapshot{}
	for _, name := range demo.Names() {
		snaps[name] = mustDemo(t, name)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "realdata", "*.snapshot.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("real-data snapshots: %v, %d files", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := sgmap.ParseSnapshot(b)
		if err != nil {
			t.Fatal(err)
		}
		snaps[filepath.Base(f)] = s
	}
	checked := 0
	for name, s := range snaps {
		for _, ignore := range [][]string{nil, {IDMissingDescription, IDGroupDescription}} {
			all := Run(s, Options{Ignore: ignore})
			for _, vpc := range append(s.VPCIDs(), "vpc-not-there") {
				want := []Finding{}
				for _, f := range all {
					if f.VPCID == vpc {
						want = append(want, f)
					}
				}
				got := append([]Finding{}, Run(s, Options{Ignore: ignore, VPC: vpc})...)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s, VPC %s, ignore %v: scoped run differs (-whole run's +scoped):\n%s", name, vpc, ignore, diff)
				}
				checked += len(want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no findings compared")
	}
}
