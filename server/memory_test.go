package server

import (
	"fmt"
	"net/url"
	"os"
	"runtime"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph/render"
)

// TestMemoryBounded renders many distinct diagrams through the server with
// the worker Pool and a small cache, and checks the server's own heap does
// not grow with them: go-graphviz's leak stays in the workers, and the
// cache evicts.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() || raceEnabled() {
		t.Skip("starts ~100 worker processes; heap numbers mean little under -race")
	}
	s := mustServer(t, Config{Demos: true, CacheBytes: 512 << 10,
		Renderer: memTestRenderer(t)})
	var paths []string
	for _, name := range []string{"article", "antipattern"} {
		snap, _ := demo.Get(name)
		vpc := snap.VPCIDs()[0]
		focuses := []string{""}
		for _, g := range sgmap.NewIndex(snap).GroupsInVPC(vpc) {
			focuses = append(focuses, g.ID)
		}
		for _, view := range []string{"overview", "detail"} {
			for _, focus := range focuses {
				for _, flags := range []string{"", "&egress=1", "&findings=1", "&egress=1&findings=1"} {
					paths = append(paths, fmt.Sprintf("/snapshots/demo-%s/vpcs/%s/diagram.svg?view=%s&focus=%s%s",
						name, vpc, view, url.QueryEscape(focus), flags))
				}
			}
		}
	}
	// Focus views of the large demo are bigger graphs: in-process
	// go-graphviz would leak MBs on each.
	large, _ := demo.Get("large")
	for _, vpc := range large.VPCIDs() {
		for i, g := range sgmap.NewIndex(large).GroupsInVPC(vpc) {
			if i%20 == 0 {
				paths = append(paths, fmt.Sprintf("/snapshots/demo-large/vpcs/%s/diagram.svg?view=overview&focus=%s", vpc, g.ID))
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	// Warm up: templates, the demo snapshots (kept for the server's
	// life), audit, the first renders.
	for _, p := range append(paths[:4], paths[len(paths)-1]) {
		do(t, s, "GET", p, nil)
	}
	before := heap()
	for _, p := range paths {
		if w := do(t, s, "GET", p, nil); w.Code != 200 {
			t.Fatalf("GET %s = %d %s", p, w.Code, w.Body)
		}
	}
	after := heap()
	items, bytes := s.cache.stats()
	t.Logf("%d distinct diagrams: heap in use %d KiB → %d KiB; cache %d items, %d KiB", len(paths), before>>10, after>>10, items, bytes>>10)
	if len(paths) < 40 {
		t.Fatalf("only %d distinct diagrams: the test is too weak", len(paths))
	}
	if bytes > 512<<10 {
		t.Errorf("cache holds %d bytes, over its 512 KiB bound", bytes)
	}
	// In-process go-graphviz grows the heap by MBs per render; the pool
	// must keep the server within 4 MB of where it started (in-process
	// rendering grows it by ~6 MB here: SGMAP_MEMTEST_INPROCESS=1).
	if after > before+4<<20 {
		t.Errorf("heap grew from %d to %d KiB over %d renders", before>>10, after>>10, len(paths))
	}
}

// memTestRenderer is the worker Pool; SGMAP_MEMTEST_INPROCESS=1 swaps in
// the in-process renderer to check that this test catches its leak.
func memTestRenderer(t *testing.T) Renderer {
	if os.Getenv("SGMAP_MEMTEST_INPROCESS") == "1" {
		return &render.Wasm{}
	}
	return testPool(t, render.PoolOptions{MaxConcurrent: 2})
}
