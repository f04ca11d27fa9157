package awscli

import (
	"os"
	"testing"
)

// BenchmarkImport_Large imports the folder named by SGMAP_BENCH_IMPORT (for
// example 20,000 ENIs and 600 groups of CLI output); it is skipped without it,
// so that the repository need not hold tens of megabytes of JSON.
func BenchmarkImport_Large(b *testing.B) {
	dir := os.Getenv("SGMAP_BENCH_IMPORT")
	if dir == "" {
		b.Skip("set SGMAP_BENCH_IMPORT to a folder of AWS CLI JSON")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (ImportOptions{TakenAt: testTime}).Import([]string{dir}); err != nil {
			b.Fatal(err)
		}
	}
}
