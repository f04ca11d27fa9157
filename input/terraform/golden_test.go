package terraform_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/input/terraform"
)

var update = flag.Bool("update", false, "update golden files")

// TestGraphGolden compares the graph JSON of two Terraform inputs with
// goldens in testdata (go test ./input/terraform -update rewrites them):
// the hand-written shop plan with its .tf files, and the TerraGoat plan.
func TestGraphGolden(t *testing.T) {
	cases := []struct {
		name, path, vpc string
		opt             terraform.Options
	}{
		{"shop", "testdata/shop/plan.json", "", terraform.Options{TFDir: "testdata/shop"}},
		{"terragoat", filepath.Join(sharedData, "checkov-plans", "terragoat-tf0.12-plan.json"), "tf:aws_vpc.web_vpc", terraform.Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.path); err != nil {
				sharedFiles(t)
				t.Fatalf("%s is missing", tc.path)
			}
			s := read(t, tc.opt, tc.path)
			g, err := graph.Build(s, tc.vpc, graph.Options{View: graph.Detail, SnapshotID: tc.name})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(g, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", tc.name+".graph.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run go test ./input/terraform -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its golden (run go test ./input/terraform -update and review the diff):\n%s", path, cmp.Diff(string(want), string(got)))
			}
		})
	}
}
