package graph

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sgmap/sgmap"
)

// FuzzBuildDOT mutates snapshot JSON: whatever parses must build and write
// DOT without panicking, and the DOT must still tokenize.
func FuzzBuildDOT(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.snapshot.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := sgmap.ParseSnapshot(data)
		if err != nil {
			return
		}
		vpcs := s.VPCIDs()
		if len(vpcs) > 3 {
			vpcs = vpcs[:3]
		}
		for _, vpc := range vpcs {
			for _, opt := range []Options{{}, {View: Detail, Egress: true}} {
				g, err := Build(s, vpc, opt)
				if err != nil {
					t.Fatalf("Build(%s): %v", vpc, err)
				}
				if len(g.Groups) > 0 {
					opt.Focus = g.Groups[0].ID
					if _, err := Build(s, vpc, opt); err != nil {
						t.Fatalf("Build focus %s: %v", opt.Focus, err)
					}
				}
				g.Annotate([]Annotation{{Subject: vpc, Finding: "x", Severity: "warning"}})
				var sb stringsBuilder
				if err := WriteDOT(&sb, g); err != nil {
					t.Fatal(err)
				}
				if _, err := tokenize(sb.String()); err != nil {
					t.Fatalf("DOT does not tokenize: %v", err)
				}
			}
		}
	})
}

// stringsBuilder is an io.Writer collecting a string.
type stringsBuilder struct{ b []byte }

func (s *stringsBuilder) Write(p []byte) (int, error) { s.b = append(s.b, p...); return len(p), nil }
func (s *stringsBuilder) String() string              { return string(s.b) }

var _ io.Writer = (*stringsBuilder)(nil)
