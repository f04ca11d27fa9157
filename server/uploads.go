package server

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// uploadGate caps uploads being read and decoded: max at once over all
// clients, one at a time per client (docs/performance.md "Under hostile
// load": three 20 MiB uploads at once once passed 6 GB).
type uploadGate struct {
	sem chan struct{}

	mu      sync.Mutex
	clients map[string]bool
}

func newUploadGate(max int) *uploadGate {
	return &uploadGate{sem: make(chan struct{}, max), clients: map[string]bool{}}
}

// enter admits one upload from client or returns a busy error.
func (g *uploadGate) enter(client string) (release func(), err error) {
	g.mu.Lock()
	if g.clients[client] {
		g.mu.Unlock()
		return nil, errBusy("an upload from this client is still being read; send one at a time")
	}
	select {
	case g.sem <- struct{}{}:
	default:
		g.mu.Unlock()
		return nil, errBusy("the server is reading as many uploads as it takes at once; try again in a few seconds")
	}
	g.clients[client] = true
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		delete(g.clients, client)
		g.mu.Unlock()
		<-g.sem
	}, nil
}

// uploadIdle is how long an upload body may pause: a client trickling one
// byte every few seconds is cut off instead of holding a connection and a
// file descriptor for the whole ReadTimeout.
var uploadIdle = 10 * time.Second

// idleReader extends the connection's read deadline by uploadIdle before
// every read, so a body must keep arriving.
type idleReader struct {
	r  io.ReadCloser
	rc *http.ResponseController
}

func (ir *idleReader) Read(p []byte) (int, error) {
	ir.rc.SetReadDeadline(time.Now().Add(uploadIdle))
	return ir.r.Read(p)
}

func (ir *idleReader) Close() error { return ir.r.Close() }

// clientIP is the client's address without the port: the unit of the
// per-client limits (a proxy in front of sgmap makes everyone one client,
// which errs on the safe side).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
