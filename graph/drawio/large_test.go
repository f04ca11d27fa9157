package drawio_test

import (
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
)

// TestWrite_Large checks containment and edges on the large demo's
// biggest VPC, whose overview uses the big-graph layout (copies of peers,
// stubs of hub groups): copies go where Graphviz drew them and edges to
// them count as edges to their node.
func TestWrite_Large(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the large demo (seconds)")
	}
	s := mustDemo(t, "large")
	for _, v := range []graph.View{graph.Map, graph.Overview} {
		d := mustDraw(t, s, "vpc-09dcec3ad077dec6c", graph.Options{View: v, SnapshotID: s.ID})
		ix := indexCells(parseDrawio(t, d.drawio))
		checkContainment(t, d.g, ix)
		checkGeometry(t, ix)
		n := 0
		for _, c := range ix.byID {
			if c.Edge {
				n++
			}
		}
		// The map draws one line per pair of boxes (its bundles).
		want := len(d.g.Edges)
		if len(d.g.Bundles) > 0 {
			want = len(d.g.Bundles)
		}
		if n != want {
			t.Errorf("%s: %d edges, want %d", v, n, want)
		}
	}
}

// BenchmarkWrite converts the large demo's production overview (398
// groups; a 9 MB SVG) to draw.io, the render done once outside the loop.
func BenchmarkWrite(b *testing.B) {
	s := mustDemo(b, "large")
	d := mustDraw(b, s, "vpc-09dcec3ad077dec6c", graph.Options{View: graph.Overview, SnapshotID: s.ID})
	b.SetBytes(int64(len(d.svg)))
	b.ReportAllocs()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for b.Loop() {
		if err := drawio.Write(io.Discard, d.g, d.svg); err != nil {
			b.Fatal(err)
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
