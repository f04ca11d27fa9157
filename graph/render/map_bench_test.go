package render_test

import (
	"bytes"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
)

// BenchmarkMap times what a reader of the map waits for: Build of the
// map, WriteDOT and the embedded render, for the article (the reference
// measured in the same run), the largest VPC of the large demo, and that
// VPC in the account ten times its size. docs/performance.md, "Map level".
func BenchmarkMap(b *testing.B) {
	article, err := demo.Get("article")
	if err != nil {
		b.Fatal(err)
	}
	large, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("article-overview", func(b *testing.B) { benchBuildRender(b, article, "", graph.Overview) })
	b.Run("large-map", func(b *testing.B) { benchBuildRender(b, large, largestVPC(large), graph.Map) })
	if testing.Short() {
		return
	}
	x10, err := demo.GetScaled("large", 10)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("large-x10-map", func(b *testing.B) { benchBuildRender(b, x10, largestVPC(x10), graph.Map) })
}

func benchBuildRender(b *testing.B, s *sgmap.Snapshot, vpc string, view graph.View) {
	r := &render.Wasm{}
	for b.Loop() {
		g, err := graph.Build(s, vpc, graph.Options{View: view})
		if err != nil {
			b.Fatal(err)
		}
		var dot bytes.Buffer
		if err := graph.WriteDOT(&dot, g); err != nil {
			b.Fatal(err)
		}
		if _, err := r.SVG(b.Context(), dot.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}
