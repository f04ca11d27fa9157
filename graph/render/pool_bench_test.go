package render

import "testing"

// BenchmarkPoolOverhead compares one tiny render in-process with the same
// render through a Pool worker (process start, go-graphviz init from its
// warm compilation cache, pipes). The difference is the Pool's per-render
// overhead. heap-MB is the growth of this process's HeapInuse over the run.
func BenchmarkPoolOverhead(b *testing.B) {
	dot := []byte(selfCheckDOT)
	b.Run("in-process", func(b *testing.B) {
		benchHeap(b, func() error { _, err := (&Wasm{}).SVG(b.Context(), dot); return err })
	})
	p := testPool(b, "render", PoolOptions{MaxConcurrent: 1})
	b.Run("pool", func(b *testing.B) {
		benchHeap(b, func() error { _, err := p.SVG(b.Context(), dot); return err })
	})
}

// BenchmarkPoolMedium renders a 100-node, 20-cluster, 150-edge graph
// in-process and through the Pool, reporting the heap growth of this
// process: in-process grows, the Pool's parent stays flat.
func BenchmarkPoolMedium(b *testing.B) {
	dot := clusteredDOT(20, 5, 150)
	b.Run("in-process", func(b *testing.B) {
		benchHeap(b, func() error { _, err := (&Wasm{}).SVG(b.Context(), dot); return err })
	})
	p := testPool(b, "render", PoolOptions{MaxConcurrent: 1})
	b.Run("pool", func(b *testing.B) {
		benchHeap(b, func() error { _, err := p.SVG(b.Context(), dot); return err })
	})
}

func benchHeap(b *testing.B, render func() error) {
	if err := render(); err != nil { // warm-up outside the measurement
		b.Fatal(err)
	}
	before := heapInuse()
	b.ResetTimer()
	for b.Loop() {
		if err := render(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	after := heapInuse()
	b.ReportMetric(float64(int64(after)-int64(before))/(1<<20), "heap-MB")
}
