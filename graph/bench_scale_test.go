package graph

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// BenchmarkBuildScale builds the overview of the largest VPC of the large
// demo at several scales (demo.LargeScale), from about 1k to 50k ENIs in
// that VPC, reporting its ENIs and the CPU time per build: the log-log
// slope of cpu-ms/op over ENIs is the build's growth order
// (docs/performance.md, "Reach and build"). Scale 0 is the large demo's
// smallest VPC.
func BenchmarkBuildScale(b *testing.B) {
	for _, n := range []int{0, 1, 2, 5, 10, 12} {
		s := demo.LargeScale(max(n, 1))
		vpc, enis := pickBySize(s, n == 0)
		b.Run(fmt.Sprintf("x%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var ru0 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			for b.Loop() {
				if _, err := Build(s, vpc, Options{View: Overview}); err != nil {
					b.Fatal(err)
				}
			}
			var ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(enis), "enis")
		})
	}
}

// pickBySize returns the VPC with the most ENIs (or the fewest) and its
// ENI count.
func pickBySize(s *sgmap.Snapshot, smallest bool) (string, int) {
	count := map[string]int{}
	for _, e := range s.Interfaces {
		count[e.VPCID]++
	}
	best := ""
	for _, v := range s.VPCIDs() { // sorted: ties go to the first ID
		c := count[v]
		if c == 0 {
			continue
		}
		if best == "" || (smallest && c < count[best]) || (!smallest && c > count[best]) {
			best = v
		}
	}
	return best, count[best]
}
