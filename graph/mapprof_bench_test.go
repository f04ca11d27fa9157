package graph

import "testing"

// BenchmarkBuildMap times the map of the large demo's largest VPC as the
// CLI computes it: DefaultView, then Build ("two"), or BuildDefault
// ("default"). docs/performance.md, "Map level".
func BenchmarkBuildMap(b *testing.B) {
	s, vpc := largestVPC(b)
	b.Run("two", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v, err := DefaultView(s, vpc, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Build(s, vpc, Options{View: v}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("default", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := BuildDefault(s, vpc, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
