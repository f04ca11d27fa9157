package server

import (
	"container/list"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/sgmap/sgmap"
)

// diagramCache is a byte-bounded LRU of rendered diagrams (and the graphs
// and DOT behind them) with single-flight loading: concurrent requests for
// one key wait for one computation, and requests for other keys never wait
// on it. Failures that would fail again at once (too large, timed out) are
// remembered for negativeTTL so that a reload storm does not start a render
// storm.
type diagramCache struct {
	max int64

	mu       sync.Mutex
	size     int64
	ll       *list.List // front = most recently used; values are *cacheItem
	items    map[string]*list.Element
	inflight map[string]*flight
}

// negativeTTL is how long a too-large or timed-out render is remembered.
const negativeTTL = time.Minute

type cacheItem struct {
	key     string
	val     any
	size    int64
	err     error
	expires time.Time // for remembered errors
}

type flight struct {
	done    chan struct{}
	cancel  context.CancelFunc
	waiters int // callers waiting for done; c.mu guards it
	val     any
	size    int64
	err     error
}

func newDiagramCache(max int64) *diagramCache {
	return &diagramCache{max: max, ll: list.New(), items: map[string]*list.Element{}, inflight: map[string]*flight{}}
}

// get returns the value for key, computing it with load when absent. load
// runs on a context of its own that lives as long as at least one caller
// waits: a client that goes away does not cancel a render others still wait
// for, but when the last waiter gives up the load is cancelled and
// forgotten (issue 8: renders went on after every client had left). load
// returns the value and its size in bytes.
func (c *diagramCache) get(ctx context.Context, key string, load func(context.Context) (any, int64, error)) (any, error) {
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		it := el.Value.(*cacheItem)
		if it.err == nil || time.Now().Before(it.expires) {
			c.ll.MoveToFront(el)
			c.mu.Unlock()
			return it.val, it.err
		}
		c.remove(el)
	}
	f, ok := c.inflight[key]
	if !ok {
		// The load keeps the request's values (request id for logs), not
		// its cancellation: that is decided by the waiter count.
		lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		c.inflight[key] = f
		go c.run(lctx, key, f, load)
	}
	f.waiters++
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		c.leave(key, f)
		return nil, ctx.Err()
	}
}

// leave drops one waiter of f; the last one cancels the load and forgets
// it, so that a later request starts afresh instead of joining a dying load.
func (c *diagramCache) leave(key string, f *flight) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f.waiters--
	if f.waiters > 0 {
		return
	}
	f.cancel()
	if c.inflight[key] == f {
		delete(c.inflight, key)
	}
}

// run computes one flight and stores its outcome.
func (c *diagramCache) run(ctx context.Context, key string, f *flight, load func(context.Context) (any, int64, error)) {
	defer close(f.done)
	defer f.cancel()
	defer func() {
		if p := recover(); p != nil {
			f.err = sgmap.Errorf(sgmap.EINTERNAL, "panic while preparing diagram: %v", p)
			c.mu.Lock()
			if c.inflight[key] == f {
				delete(c.inflight, key)
			}
			c.mu.Unlock()
		}
	}()
	f.val, f.size, f.err = load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight[key] != f {
		return // abandoned by every waiter: its outcome is not kept
	}
	delete(c.inflight, key)
	switch code := sgmap.ErrorCode(f.err); {
	case f.err == nil:
		c.add(&cacheItem{key: key, val: f.val, size: f.size})
	case isBusy(f.err) || ctx.Err() != nil:
		// Refused for load or cancelled: the next request may succeed.
	case code == sgmap.ETOOLARGE || code == sgmap.EUNAVAILABLE:
		c.add(&cacheItem{key: key, err: f.err, size: 256, expires: time.Now().Add(negativeTTL)})
	}
}

// add inserts it and evicts the least recently used items beyond max; an
// item larger than max is not kept. c.mu must be held.
func (c *diagramCache) add(it *cacheItem) {
	if it.size > c.max {
		return
	}
	if el, ok := c.items[it.key]; ok {
		c.remove(el)
	}
	c.items[it.key] = c.ll.PushFront(it)
	c.size += it.size
	for c.size > c.max {
		c.remove(c.ll.Back())
	}
}

func (c *diagramCache) remove(el *list.Element) {
	it := el.Value.(*cacheItem)
	c.ll.Remove(el)
	delete(c.items, it.key)
	c.size -= it.size
}

// stats returns the number of items and their total size.
func (c *diagramCache) stats() (items int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len(), c.size
}

// running returns the number of computations under way.
func (c *diagramCache) running() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.inflight)
}

// waiters returns how many callers wait for key's load (0 when none runs).
func (c *diagramCache) waiters(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.inflight[key]; f != nil {
		return f.waiters
	}
	return 0
}

// forget removes the cached items whose key contains part (a deleted
// snapshot's id@hash) and returns how many it removed.
func (c *diagramCache) forget(part string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for key, el := range c.items {
		if strings.Contains(key, part) {
			c.remove(el)
			n++
		}
	}
	return n
}
