package audit

import (
	"testing"

	"github.com/sgmap/sgmap/demo"
)

// BenchmarkRun_Large audits the large demo (600+ groups, 5,000+ ENIs,
// 8,000+ rules).
func BenchmarkRun_Large(b *testing.B) {
	s, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Run(s, Options{})
	}
}

// BenchmarkRuleTable_Large builds the rule table of the large demo.
func BenchmarkRuleTable_Large(b *testing.B) {
	s, err := demo.Get("large")
	if err != nil {
		b.Fatal(err)
	}
	fs := Run(s, Options{})
	b.ReportAllocs()
	for b.Loop() {
		RuleTable(s, fs)
	}
}
