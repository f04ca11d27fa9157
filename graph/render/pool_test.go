package render

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
)

func TestPool_RendersLikeWasm(t *testing.T) {
	dot := mustReadFile(t, "testdata/nested.dot")
	want, err := (&Wasm{}).SVG(t.Context(), dot)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testPool(t, "render", PoolOptions{}).SVG(t.Context(), dot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("pool SVG (%d bytes) differs from in-process SVG (%d bytes)", len(got), len(want))
	}
}

func TestPool_ErrorCodesCrossTheProcessBoundary(t *testing.T) {
	p := testPool(t, "render", PoolOptions{})
	_, err := p.SVG(t.Context(), []byte("digraph { splines=ortho; a -> b }"))
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || !strings.Contains(sgmap.ErrorMessage(err), "splines=ortho") {
		t.Errorf("ortho: err = %v (code %q), want ETOOLARGE naming splines=ortho", err, sgmap.ErrorCode(err))
	}
	_, err = p.SVG(t.Context(), mustReadFile(t, "testdata/drops-edges.dot"))
	if err == nil || sgmap.ErrorCode(err) != sgmap.EINTERNAL || !strings.Contains(err.Error(), "of the 60 edges") {
		t.Errorf("dropped edges: err = %v, want a plain error naming the 60 edges", err)
	}
	_, err = p.SVG(t.Context(), []byte("digraph {"))
	if err == nil || sgmap.ErrorCode(err) != sgmap.EINTERNAL {
		t.Errorf("bad DOT: err = %v, want a plain error", err)
	}
	// A worker main that reports errors its own way ("sgmap: …", exit 1)
	// still passes the code on through ServeWorker's stdout line.
	_, err = testPool(t, "cmd-style", PoolOptions{}).SVG(t.Context(), []byte("digraph { newrank=yes; a }"))
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || !strings.Contains(sgmap.ErrorMessage(err), "newrank") {
		t.Errorf("cmd-style worker: err = %v (code %q), want ETOOLARGE naming newrank", err, sgmap.ErrorCode(err))
	}
	_, err = testPool(t, "cmd-style", PoolOptions{}).SVG(t.Context(), []byte("digraph {"))
	if err == nil || sgmap.ErrorCode(err) != sgmap.EINTERNAL || !strings.Contains(err.Error(), "parse dot") {
		t.Errorf("cmd-style worker, bad DOT: err = %v, want a plain error about parsing", err)
	}
	_, err = testPool(t, "crash", PoolOptions{}).SVG(t.Context(), []byte("digraph { a }"))
	if err == nil || !strings.Contains(err.Error(), "worker crashed on purpose") {
		t.Errorf("crashing worker: err = %v, want its panic message", err)
	}
	_, err = NewPool(PoolOptions{Command: []string{filepath.Join(t.TempDir(), "missing")}}).SVG(t.Context(), []byte("digraph { a }"))
	if err == nil {
		t.Error("missing worker binary: no error")
	}
}

func TestPool_TimeoutKillsWorker(t *testing.T) {
	p := testPool(t, "sleep", PoolOptions{Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := p.SVG(t.Context(), []byte("digraph { a }"))
	elapsed := time.Since(start)
	if sgmap.ErrorCode(err) != sgmap.EUNAVAILABLE {
		t.Fatalf("err = %v (code %q), want EUNAVAILABLE", err, sgmap.ErrorCode(err))
	}
	if msg := sgmap.ErrorMessage(err); !strings.Contains(msg, "longer than 300ms") || !strings.Contains(msg, "overview") {
		t.Errorf("message %q should name the timeout and suggest the overview", msg)
	}
	if elapsed > 3*time.Second {
		t.Errorf("SVG returned after %v: the 20 s worker was not killed at the 300 ms timeout", elapsed)
	}
}

func TestPool_ContextCancelled(t *testing.T) {
	p := testPool(t, "sleep", PoolOptions{Timeout: time.Minute, MaxConcurrent: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.SVG(ctx, []byte("digraph { a }"))
	if !errors.Is(err, context.DeadlineExceeded) || sgmap.ErrorCode(err) == sgmap.EUNAVAILABLE {
		t.Errorf("err = %v, want the caller's context.DeadlineExceeded, not a render timeout", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("cancelled render took %v", time.Since(start))
	}
}

func TestPool_MaxConcurrent(t *testing.T) {
	dir := t.TempDir()
	p := testPool(t, "track:"+dir, PoolOptions{MaxConcurrent: 2})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			_, err := p.SVG(t.Context(), []byte("digraph { a -> b }"))
			errs <- err
		})
	}
	// While all slots are busy, a caller whose context ends gives up
	// waiting instead of queueing forever.
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := p.SVG(ctx, []byte("digraph { a }")); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting") {
		t.Errorf("waiting caller: err = %v, want a deadline while waiting for a worker", err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen, err := filepath.Glob(filepath.Join(dir, "seen-*"))
	if err != nil || len(seen) != 4 {
		t.Fatalf("found %d worker logs (%v), want 4", len(seen), err)
	}
	most := 0
	for _, f := range seen {
		n, err := strconv.Atoi(string(mustReadFile(t, f)))
		if err != nil {
			t.Fatal(err)
		}
		most = max(most, n)
	}
	if most != 2 {
		t.Errorf("at most %d workers ran at once, want exactly 2 (MaxConcurrent)", most)
	}
}

// TestPool_ParentMemoryFlat checks the reason the Pool exists: go-graphviz
// leaks several MB per render in the rendering process, the parent of a
// Pool must not grow.
func TestPool_ParentMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 12 graphs")
	}
	dot := clusteredDOT(8, 5, 60)
	p := testPool(t, "render", PoolOptions{MaxConcurrent: 2})
	if _, err := p.SVG(t.Context(), dot); err != nil { // warm up buffers
		t.Fatal(err)
	}
	before := heapInuse()
	for range 6 {
		if _, err := p.SVG(t.Context(), dot); err != nil {
			t.Fatal(err)
		}
	}
	after := heapInuse()
	growth := int64(after) - int64(before)
	t.Logf("parent HeapInuse %.1f MB -> %.1f MB over 6 pool renders", mb(before), mb(after))
	if growth > 2<<20 {
		t.Errorf("parent heap grew by %.1f MB over 6 pool renders, want flat (< 2 MB)", mb(uint64(growth)))
	}

	// Control, logged only: the same renders in-process grow the heap
	// (showing the measurement above can see a leak), unless earlier
	// renders in this process already grew the wasm memory enough.
	before = heapInuse()
	for range 6 {
		if _, err := (&Wasm{}).SVG(t.Context(), dot); err != nil {
			t.Fatal(err)
		}
	}
	after = heapInuse()
	t.Logf("in-process HeapInuse %.1f MB -> %.1f MB over the same 6 renders", mb(before), mb(after))
	if int64(after)-int64(before) <= 1<<20 {
		t.Logf("in-process renders grew the heap by under 1 MB too: wasm memory was already large, or the leak is fixed upstream")
	}
}

func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

func TestWorkerMain(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := WorkerMain(t.Context(), strings.NewReader("digraph { a -> b }"), &out, &errOut); code != 0 || errOut.Len() != 0 {
		t.Fatalf("WorkerMain = %d, stderr %q", code, errOut.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("<svg")) {
		t.Errorf("stdout is not an SVG: %.100q", out.String())
	}
	out.Reset()
	errOut.Reset()
	code := WorkerMain(t.Context(), strings.NewReader("digraph { newrank=true; a }"), &out, &errOut)
	if code != exitTooLarge || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("WorkerMain(newrank) = %d, stderr %q; want %d and one line", code, errOut.String(), exitTooLarge)
	}
	if want := errorMarker + sgmap.ETOOLARGE + " refusing newrank=true"; !strings.HasPrefix(out.String(), want) || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("WorkerMain(newrank) stdout = %q, want one line starting %q", out.String(), want)
	}
	if got := errorFromExit(exitTooLarge, "m"); sgmap.ErrorCode(got) != sgmap.ETOOLARGE {
		t.Errorf("errorFromExit(exitTooLarge) code = %q", sgmap.ErrorCode(got))
	}
	huge := strings.NewReader("digraph {" + strings.Repeat(" ", 1000) + "}")
	if err := serve(t.Context(), huge, &out, 1000); sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("serve(DOT over the byte limit) = %v, want ETOOLARGE", err)
	}
}
