package graph

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sgmap/sgmap/demo"
)

// TestTestdata_MatchesDemos keeps the article and antipattern fixtures equal
// to the demos sgmap ships, so the DOT and graph JSON goldens built from
// them describe what users see. When a demo changes on purpose, regenerate
// with `go test ./graph -update` and review the golden diffs.
func TestTestdata_MatchesDemos(t *testing.T) {
	for _, name := range []string{"article", "antipattern"} {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := s.Encode(&want); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".snapshot.json")
		if *update {
			if err := os.WriteFile(path, want.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s differs from demo.Get(%q): the demo changed; run go test ./graph -update and review the goldens", path, name)
		}
	}
}
