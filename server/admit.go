package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/sgmap/sgmap"
)

// admission bounds the expensive work behind diagrams: building a graph,
// auditing a snapshot, laying out a diagram. At most slots of them run at
// once, at most queue more wait, and none waits longer than wait; past
// either bound the request is refused with 503 and Retry-After instead of
// piling up (docs/performance.md "Under hostile load").
//
// Each piece of work takes one slot for itself and holds none while it
// waits for another piece (a render waits for its graph before it asks for
// a slot), so the limit cannot deadlock.
//
// Refusals are logged once per logEvery with their count, not once per
// request: a flood would otherwise write a line per refused request.
type admission struct {
	slots chan struct{}
	queue chan struct{} // running + waiting
	wait  time.Duration
	log   *slog.Logger

	mu      sync.Mutex
	refused int       // refusals since the last log line
	logged  time.Time // when refusals were last logged
}

// Defaults of the admission bounds (see [Config]).
const (
	DefaultWorkQueue = 16
	DefaultWorkWait  = 10 * time.Second
)

// DefaultWorkSlots is the default number of work slots: one less than the
// cores Go may use (GOMAXPROCS), at least 1, so that one core stays for
// answering requests while builds and renders take the others (issue 8:
// with a slot per core, /healthz waited behind them).
func DefaultWorkSlots() int { return max(1, runtime.GOMAXPROCS(0)-1) }

func newAdmission(slots, queue int, wait time.Duration, log *slog.Logger) *admission {
	return &admission{slots: make(chan struct{}, slots), queue: make(chan struct{}, slots+queue), wait: wait, log: log}
}

// refuse counts a refusal, logs the count once per logEvery, and returns
// the busy error for msg.
func (a *admission) refuse(msg string) error {
	a.mu.Lock()
	a.refused++
	if now := time.Now(); now.Sub(a.logged) >= logEvery {
		running, waiting := a.load()
		a.log.Warn("refusing work for load (503)", "refused_since_last_report", a.refused,
			"running", running, "waiting", waiting, "reason", msg)
		a.refused, a.logged = 0, now
	}
	a.mu.Unlock()
	return errBusy(msg)
}

// do runs fn once a slot is free. A full queue, or no slot within the
// wait, is a busy error (503); ctx ending while waiting is ctx's error.
func (a *admission) do(ctx context.Context, fn func() error) error {
	select {
	case a.queue <- struct{}{}:
	default:
		return a.refuse("the server is drawing as many diagrams as it can; try again in a few seconds")
	}
	defer func() { <-a.queue }()
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
	case <-t.C:
		return a.refuse(fmt.Sprintf("no renderer was free within %s; try again in a few seconds", a.wait))
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-a.slots }()
	if err := ctx.Err(); err != nil {
		return err // given up on while queued: do not start
	}
	return fn()
}

// load returns the number of running and waiting pieces of work.
func (a *admission) load() (running, waiting int) {
	r := len(a.slots)
	return r, max(len(a.queue)-r, 0)
}

// busyError is a refusal for load: 503 with a Retry-After header. It is
// never cached.
type busyError struct {
	err        *sgmap.Error
	retryAfter time.Duration
}

func (e *busyError) Error() string { return e.err.Error() }
func (e *busyError) Unwrap() error { return e.err }

// retryAfter is what busy answers tell clients to wait.
const retryAfter = 5 * time.Second

func errBusy(msg string) error {
	return &busyError{err: sgmap.Errorf(sgmap.EUNAVAILABLE, "%s", msg), retryAfter: retryAfter}
}

// isBusy reports whether err is a refusal for load.
func isBusy(err error) bool {
	var b *busyError
	return errors.As(err, &b)
}

// setRetryAfter adds Retry-After to a busy answer, and closes its
// connection: a client told to come back later gives its place under the
// connection cap (-max-conns) to others, such as /healthz probes, instead
// of holding it idle.
func setRetryAfter(w http.ResponseWriter, err error) {
	var b *busyError
	if errors.As(err, &b) {
		w.Header().Set("Retry-After", strconv.Itoa(int(b.retryAfter/time.Second)))
		w.Header().Set("Connection", "close")
	}
}
