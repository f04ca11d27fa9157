package render_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
)

// writeDOT, when set, makes TestWriteBenchDOT write the benchmark inputs
// (scripts/bench-render.sh uses it to time native dot on the same DOT).
var writeDOT = flag.String("write-dot", "", "write the benchmark DOT files into this directory")

func TestWriteBenchDOT(t *testing.T) {
	if *writeDOT == "" {
		t.Skip("-write-dot not set")
	}
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Build(s, "", graph.Options{View: graph.Overview, SnapshotID: "demo-article"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*writeDOT+"/article.dot", mustDOT(t, g), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*writeDOT+"/large.dot", mustDOT(t, mustLargeOverview(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*writeDOT+"/medium.dot", mustDOT(t, mustMediumOverview(t)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustMediumOverview is the overview of the large demo's smallest VPC
// (shared-services: 131 groups, 1,304 ENIs), the "about 1k ENIs" size of
// docs/performance.md.
func mustMediumOverview(tb testing.TB) *graph.Graph {
	tb.Helper()
	s, err := demo.Get("large")
	if err != nil {
		tb.Fatal(err)
	}
	x := sgmap.NewIndex(s)
	best, fewest := "", -1
	for _, v := range s.VPCIDs() {
		if n := len(x.GroupsInVPC(v)); fewest < 0 || n < fewest {
			best, fewest = v, n
		}
	}
	g, err := graph.Build(s, best, graph.Options{View: graph.Overview, SnapshotID: "demo-large"})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func BenchmarkRender(b *testing.B) {
	s, err := demo.Get("article")
	if err != nil {
		b.Fatal(err)
	}
	g, err := graph.Build(s, "", graph.Options{View: graph.Overview})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("article", func(b *testing.B) { benchWasm(b, mustDOT(b, g)) })
	b.Run("medium-overview", func(b *testing.B) { benchWasm(b, mustDOT(b, mustMediumOverview(b))) })
	b.Run("large-overview", func(b *testing.B) { benchWasm(b, mustDOT(b, mustLargeOverview(b))) })
}

func benchWasm(b *testing.B, dot []byte) {
	r := &render.Wasm{}
	b.SetBytes(int64(len(dot)))
	for b.Loop() {
		svg, err := r.SVG(b.Context(), dot)
		if err != nil {
			b.Fatal(err)
		}
		if !bytes.HasPrefix(bytes.TrimSpace(svg), []byte("<?xml")) {
			b.Fatal("not an SVG")
		}
	}
}
