package server

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
)

func TestDiagramCache_EvictsByBytes(t *testing.T) {
	c := newDiagramCache(100)
	ctx := context.Background()
	load := func(size int64) func(context.Context) (any, int64, error) {
		return func(context.Context) (any, int64, error) { return size, size, nil }
	}
	c.get(ctx, "a", load(40))
	c.get(ctx, "b", load(40))
	c.get(ctx, "a", load(40)) // a is now the most recently used
	c.get(ctx, "c", load(40)) // evicts b
	if items, size := c.stats(); items != 2 || size != 80 {
		t.Errorf("stats = %d items, %d bytes; want 2, 80", items, size)
	}
	c.mu.Lock()
	_, hasA := c.items["a"]
	_, hasB := c.items["b"]
	_, hasC := c.items["c"]
	c.mu.Unlock()
	if !hasA || hasB || !hasC {
		t.Errorf("cache holds a=%v b=%v c=%v; want a and c (b was the least recently used)", hasA, hasB, hasC)
	}
	c.get(ctx, "huge", load(1000))
	if items, size := c.stats(); size > 100 || items == 0 {
		t.Errorf("after an item larger than the bound: %d items, %d bytes", items, size)
	}
}

func TestDiagramCache_SingleFlight(t *testing.T) {
	c := newDiagramCache(1 << 20)
	var n atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			v, err := c.get(context.Background(), "k", func(context.Context) (any, int64, error) {
				n.Add(1)
				<-release
				return "svg", 3, nil
			})
			if v != "svg" || err != nil {
				t.Errorf("get = %v, %v", v, err)
			}
		})
	}
	// Another key is not held up by the slow one.
	done := make(chan struct{})
	go func() {
		c.get(context.Background(), "other", func(context.Context) (any, int64, error) { return 1, 1, nil })
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a load for another key waited on a slow one")
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n.Load() != 1 {
		t.Errorf("10 concurrent gets loaded %d times, want 1", n.Load())
	}
}

// TestDiagramCache_LoadLivesWhileSomeoneWaits: a waiter that gives up does
// not cancel a load another caller still waits for.
func TestDiagramCache_LoadLivesWhileSomeoneWaits(t *testing.T) {
	c := newDiagramCache(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	started, release := make(chan struct{}), make(chan struct{})
	var loadCtxErr error
	load := func(lctx context.Context) (any, int64, error) {
		close(started)
		<-release
		loadCtxErr = lctx.Err()
		return "v", 1, nil
	}
	first := make(chan error, 1)
	go func() { _, err := c.get(ctx, "k", load); first <- err }()
	<-started
	second := make(chan any, 1)
	go func() { v, _ := c.get(context.Background(), "k", nil); second <- v }()
	waitFor(t, func() bool { return c.waiters("k") == 2 })
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("get with a cancelled context = %v, want context.Canceled", err)
	}
	close(release)
	if v := <-second; v != "v" || loadCtxErr != nil {
		t.Errorf("second waiter got %v (load saw ctx err %v); want the load's value, uncancelled", v, loadCtxErr)
	}
}

// TestDiagramCache_AbandonedLoadIsCancelled: when the last waiter gives up,
// the load's context is cancelled and a later get starts afresh (issue 8:
// renders went on after every client had left).
func TestDiagramCache_AbandonedLoadIsCancelled(t *testing.T) {
	c := newDiagramCache(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	started, stopped := make(chan struct{}), make(chan error, 1)
	go func() {
		<-started
		cancel()
	}()
	_, err := c.get(ctx, "k", func(lctx context.Context) (any, int64, error) {
		close(started)
		select {
		case <-lctx.Done():
			stopped <- lctx.Err()
		case <-time.After(10 * time.Second):
			stopped <- nil
		}
		return "stale", 1, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("get = %v, want context.Canceled", err)
	}
	if err := <-stopped; !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned load's context: %v, want cancelled", err)
	}
	v, err := c.get(context.Background(), "k", func(context.Context) (any, int64, error) { return "fresh", 1, nil })
	if v != "fresh" || err != nil || c.running() != 0 {
		t.Errorf("get after abandonment = %v, %v (%d running); want a fresh load", v, err, c.running())
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached in 5 s")
}

func TestDiagramCache_RemembersTooLarge(t *testing.T) {
	c := newDiagramCache(1 << 20)
	var n int
	load := func(code string) func(context.Context) (any, int64, error) {
		return func(context.Context) (any, int64, error) {
			n++
			return nil, 0, sgmap.Errorf(code, "nope")
		}
	}
	c.get(context.Background(), "big", load(sgmap.ETOOLARGE))
	_, err := c.get(context.Background(), "big", load(sgmap.ETOOLARGE))
	if n != 1 || sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("too-large: %d loads, err %v; want 1 load, the remembered error", n, err)
	}
	n = 0
	c.get(context.Background(), "bug", load(sgmap.EINTERNAL))
	c.get(context.Background(), "bug", load(sgmap.EINTERNAL))
	if n != 2 {
		t.Errorf("internal errors: %d loads, want 2 (not remembered)", n)
	}
	n = 0
	c.get(context.Background(), "panic", func(context.Context) (any, int64, error) { panic("boom") })
	if _, err := c.get(context.Background(), "panic", load(sgmap.EINTERNAL)); n != 1 || err == nil {
		t.Errorf("after a panicking load: %d loads, err %v; want a fresh load", n, err)
	}
}

func TestHTTPServer_Timeouts(t *testing.T) {
	hs := mustServer(t, Config{}).HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout == 0 || hs.ReadTimeout == 0 || hs.WriteTimeout == 0 || hs.IdleTimeout == 0 || hs.Handler == nil {
		t.Errorf("HTTPServer timeouts: %+v", hs)
	}
}
