package cloudformation

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead_WordPress reads the WordPress reference architecture: nine
// templates, eight nested stacks, intrinsics and conditions throughout.
func BenchmarkRead_WordPress(b *testing.B) {
	dir := filepath.Join(sharedData, "aws-refarch-wordpress")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(paths) == 0 {
		b.Skip("shared templates not present")
	}
	var files []File
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, File{Name: p, Data: data})
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(files, Options{TakenAt: fixed}); err != nil {
			b.Fatal(err)
		}
	}
}
