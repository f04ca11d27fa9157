package server

import (
	"net"
	"sync"
)

// DefaultMaxConns is the default cap on open connections (serve
// -max-conns).
const DefaultMaxConns = 512

// LimitListener returns a listener that keeps at most n connections open
// at once, as golang.org/x/net/netutil.LimitListener does: Accept waits
// while n are open, and new connections queue in the kernel's backlog
// instead of taking file descriptors (issue 8: 20,000 slow connections
// exhausted them). With ReadHeaderTimeout and the upload idle deadline, a
// slow client holds a slot for seconds, not for ever.
func LimitListener(l net.Listener, n int) net.Listener {
	return &limitListener{Listener: l, sem: make(chan struct{}, n), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	sem       chan struct{}
	closeOnce sync.Once
	done      chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

func (l *limitListener) Close() error {
	err := l.Listener.Close()
	l.closeOnce.Do(func() { close(l.done) })
	return err
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
