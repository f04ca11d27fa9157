package diff

import (
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
)

// largePair is the large demo and a copy whose rules differ in 1% (every
// hundredth rule's port moved), with the number of rules and of changes.
func largePair(b *testing.B) (a, c *sgmap.Snapshot, n, changed int) {
	a, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	c = clone(b, a)
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
	return a, c, n, changed
}

// BenchmarkCompare_Large diffs the large pair, both audits included (the
// CLI's case): docs/performance.md.
func BenchmarkCompare_Large(b *testing.B) {
	a, c, n, changed := largePair(b)
	b.ReportMetric(float64(n), "rules")
	b.ResetTimer()
	for b.Loop() {
		d := Compare(a, c, Options{})
		if got := d.Summary().Rules; got != changed {
			b.Fatalf("%d rule changes, want %d", got, changed)
		}
	}
}

// BenchmarkCompare_LargeReusedAudits is the dashboard's case: both sides'
// findings come from its cache (Options.Findings), so only the comparison
// is paid. The result must be the same diff as with fresh audits.
func BenchmarkCompare_LargeReusedAudits(b *testing.B) {
	a, c, _, changed := largePair(b)
	fa, fc := audit.Run(a, audit.Options{}), audit.Run(c, audit.Options{})
	side := func(s *sgmap.Snapshot) []audit.Finding {
		if s == a {
			return fa
		}
		return fc
	}
	want := Compare(a, c, Options{}).Summary()
	b.ResetTimer()
	for b.Loop() {
		d := Compare(a, c, Options{Findings: side})
		if got := d.Summary(); got != want || got.Rules != changed {
			b.Fatalf("summary %+v, want %+v", got, want)
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
