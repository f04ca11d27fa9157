package diff

import (
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
)

// BenchmarkCompare_Large diffs the large demo against a copy whose rules
// differ in 1% (every hundredth rule's port moved): docs/performance.md.
func BenchmarkCompare_Large(b *testing.B) {
	a, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	c := clone(b, a)
	n, changed := 0, 0
	for i := range c.Groups {
		for j := range c.Groups[i].Rules {
			if n++; n%100 == 0 {
				r := &c.Groups[i].Rules[j]
				if r.Protocol == sgmap.ProtoTCP {
					r.FromPort, r.ToPort = r.FromPort+1, r.ToPort+1
					changed++
				}
			}
		}
	}
	b.ReportMetric(float64(n), "rules")
	b.ResetTimer()
	for b.Loop() {
		d := Compare(a, c, Options{})
		if got := d.Summary().Rules; got != changed {
			b.Fatalf("%d rule changes, want %d", got, changed)
		}
	}
}

// BenchmarkAuditRun_Large is one side's audit alone, the floor under
// BenchmarkCompare_Large: compare the two in one run.
func BenchmarkAuditRun_Large(b *testing.B) {
	a, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		audit.Run(a, audit.Options{})
	}
}
