package server

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestLimitListener reproduces issue 8 item 5 at small scale: clients that
// open connections and send nothing. With a cap of 3, the fourth
// connection is not served while three are held, and is as soon as one
// goes away; the server never holds more than the cap.
func TestLimitListener(t *testing.T) {
	s := mustServer(t, Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer(ln.Addr().String())
	go hs.Serve(LimitListener(ln, 3))
	defer hs.Close()
	var idle []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET /healthz HTTP/1.1\r\n")) // a slow client: half a request
		idle = append(idle, c)
	}
	c, err := net.Dial("tcp", ln.Addr().String()) // queued in the backlog
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := bufio.NewReader(c).ReadByte(); err == nil {
		t.Fatal("a fourth connection was served while three were held: no cap")
	}
	idle[0].Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after one held connection closed: %v %v, want 200", resp, err)
	}
	for _, c := range idle[1:] {
		c.Close()
	}
}
