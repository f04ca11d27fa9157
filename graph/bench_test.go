package graph

import (
	"io"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// largestVPC loads the large demo and returns its VPC with the most ENIs,
// skipping while the demo is still an empty placeholder.
func largestVPC(b *testing.B) (*sgmap.Snapshot, string) {
	b.Helper()
	s, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range s.Interfaces {
		count[e.VPCID]++
	}
	best := ""
	for _, v := range s.VPCIDs() {
		if best == "" || count[v] > count[best] {
			best = v
		}
	}
	if count[best] == 0 {
		b.Skip("large demo has no ENIs yet")
	}
	return s, best
}

func BenchmarkBuild(b *testing.B) {
	s, vpc := largestVPC(b)
	for _, view := range []View{Overview, Detail} {
		b.Run(string(view), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(s, vpc, Options{View: view}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteDOT(b *testing.B) {
	s, vpc := largestVPC(b)
	g, err := Build(s, vpc, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteDOT(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
}
