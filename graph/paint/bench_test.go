package paint_test

import (
	"bytes"
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/paint"
	"github.com/sgmap/sgmap/graph/render"
)

// benchSVGs returns the article's SVG and the large demo's production VPC
// in its default view (the map), rendered once.
func benchSVGs(b *testing.B) map[string][]byte {
	b.Helper()
	out := map[string][]byte{}
	for _, c := range mustCases(b) {
		if c.name == "article" {
			out["article"] = c.svg
		}
	}
	s, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	var vpc string
	for _, v := range s.VPCs {
		if v.Name == "production" {
			vpc = v.ID
		}
	}
	g, err := graph.BuildDefault(s, vpc, graph.Options{SnapshotID: s.ID})
	if err != nil {
		b.Fatal(err)
	}
	var dot bytes.Buffer
	if err := graph.WriteDOT(&dot, g); err != nil {
		b.Fatal(err)
	}
	svg, err := render.NewWasm().SVG(context.Background(), dot.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	out["large-production-map"] = svg
	return out
}

// BenchmarkExport measures SVG → PNG (96 dpi) and SVG → PDF, reporting CPU
// time per op (cpu-ms/op) as well as wall time.
func BenchmarkExport(b *testing.B) {
	svgs := benchSVGs(b)
	for _, name := range []string{"article", "large-production-map"} {
		svg := svgs[name]
		for _, f := range []struct {
			name string
			fn   func([]byte) ([]byte, error)
		}{
			{"png96", func(s []byte) ([]byte, error) { return paint.SVGToPNG(s, 96) }},
			{"pdf", paint.SVGToPDF},
		} {
			b.Run(name+"/"+f.name, func(b *testing.B) {
				b.ReportAllocs()
				var size int
				start := cpuTime()
				for b.Loop() {
					out, err := f.fn(svg)
					if err != nil {
						b.Fatal(err)
					}
					size = len(out)
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(size), "bytes")
			})
		}
	}
}

// cpuTime is the CPU time the process has used (user + system): on a
// shared machine wall time per op measures the other processes.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
