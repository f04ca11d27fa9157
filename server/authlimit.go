package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// authLimiter slows down token guessing, per client (issue 8: 1,700
// logins and 2,500 bearer guesses per second went unchecked). A client
// gets freeFailures wrong tokens (login form, bearer or cookie); after
// that each further failure doubles a wait, up to maxBackoff, during which
// its requests carrying credentials are refused with 429 and Retry-After
// without being checked. A success clears the client's record, as does
// forgetAfter without failures. Refusals are logged once per logEvery,
// with their count, not once per request.
type authLimiter struct {
	log *slog.Logger
	now func() time.Time

	mu      sync.Mutex
	clients map[string]*authFailures
	refused int       // refusals since the last log line
	logged  time.Time // when refusals were last logged
}

type authFailures struct {
	n     int
	last  time.Time
	until time.Time // refused until then
}

const (
	freeFailures   = 5
	maxBackoff     = 5 * time.Minute
	forgetAfter    = 15 * time.Minute
	logEvery       = time.Minute
	maxAuthClients = 10000 // records kept; past it the oldest are dropped
)

func newAuthLimiter(log *slog.Logger) *authLimiter {
	return &authLimiter{log: log, now: time.Now, clients: map[string]*authFailures{}}
}

// wait returns how long client must still wait before its credentials are
// checked again (0: check them now). A positive wait counts as a refusal.
func (l *authLimiter) wait(client string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.clients[client]
	now := l.now()
	if f == nil || !now.Before(f.until) {
		return 0
	}
	l.refused++
	if now.Sub(l.logged) >= logEvery {
		l.log.Warn("refusing authentication attempts after repeated failures",
			"refused_since_last_report", l.refused, "client", client, "failures", f.n)
		l.refused, l.logged = 0, now
	}
	return f.until.Sub(now)
}

// fail records a wrong token from client.
func (l *authLimiter) fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.clients[client]
	if f == nil || now.Sub(f.last) > forgetAfter {
		if len(l.clients) >= maxAuthClients {
			l.prune(now)
		}
		f = &authFailures{}
		l.clients[client] = f
	}
	f.n++
	f.last = now
	if f.n > freeFailures {
		f.until = now.Add(min(time.Second<<min(f.n-freeFailures-1, 20), maxBackoff))
	}
	if f.n == 1 || f.n == freeFailures+1 {
		l.log.Warn("authentication failed", "client", client, "failures", f.n)
	}
}

// succeed clears client's record.
func (l *authLimiter) succeed(client string) {
	l.mu.Lock()
	delete(l.clients, client)
	l.mu.Unlock()
}

// prune drops forgotten records, or half of them when none is old enough;
// l.mu must be held.
func (l *authLimiter) prune(now time.Time) {
	n := 0
	for k, f := range l.clients {
		if now.Sub(f.last) > forgetAfter || n%2 == 0 {
			delete(l.clients, k)
		}
		n++
	}
}

// refuseAuth answers a client that must wait.
func refuseAuth(w http.ResponseWriter, wait time.Duration) {
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Too many failed sign-ins from this address: try again in "+strconv.Itoa(secs)+" s.", http.StatusTooManyRequests)
}
