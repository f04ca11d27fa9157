package reach_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/reach"
)

// largestVPC is the large demo's VPC with the most ENIs, and the owner in
// it with the most groups (the busiest node to ask about).
func largestVPC(b *testing.B) (*sgmap.Snapshot, string, string) {
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
	x := sgmap.NewIndex(s)
	owner, most := "", -1
	for _, o := range s.Owners {
		if o.VPCID == best && len(x.OwnerGroups(o.ID)) > most && o.Kind == sgmap.OwnerInstance {
			owner, most = o.ID, len(x.OwnerGroups(o.ID))
		}
	}
	return s, best, owner
}

// BenchmarkReach: every flow into one node of the large demo's largest VPC
// (a fresh engine each time, as reach.json builds one per request), and the
// full exposure of that VPC.
func BenchmarkReach(b *testing.B) {
	s, vpc, owner := largestVPC(b)
	b.Run("into-one-node", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cpu := cpuTime()
		for b.Loop() {
			res, err := reach.New(sgmap.NewIndex(s)).Run(reach.Query{VPC: vpc, To: owner})
			if err != nil {
				b.Fatal(err)
			}
			n = len(res.Flows)
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(n), "flows")
	})
	b.Run("exposure", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cpu := cpuTime()
		for b.Loop() {
			xs, err := reach.New(sgmap.NewIndex(s)).Exposed(vpc)
			if err != nil {
				b.Fatal(err)
			}
			n = len(xs)
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(n), "exposed")
	})
}

// cpuTime is the CPU time the process has used (user + system). On a
// shared, overloaded machine wall time per op measures the other
// processes; CPU time per op (cpu-ms/op) measures this code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
