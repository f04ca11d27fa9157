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

// BenchmarkLevels times what the dashboard learns of the large demo's
// largest VPC before drawing it: DefaultView and Applications, each with
// its own builder ("two"), or both from Levels ("levels").
func BenchmarkLevels(b *testing.B) {
	s, vpc := largestVPC(b)
	b.Run("two", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DefaultView(s, vpc, Options{}); err != nil {
				b.Fatal(err)
			}
			if _, err := Applications(s, vpc, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("levels", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := Levels(s, vpc, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
