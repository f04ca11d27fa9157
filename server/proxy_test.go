package server

import (
	"net/http"
	"testing"
)

// TestBehindProxy: behind a load balancer, a client guessing tokens is
// slowed down alone, and cannot pass for another by writing its own
// X-Forwarded-For; without -behind-proxy every user behind the balancer
// is one client.
func TestBehindProxy(t *testing.T) {
	const token = "s3cret-token"
	for _, tc := range []struct {
		name         string
		behind       bool
		otherAllowed bool
	}{{"behind proxy", true, true}, {"direct", false, false}} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustServer(t, Config{Token: token, BehindProxy: tc.behind})
			// The attacker claims to be 198.51.100.7; the balancer
			// appends what it saw, 203.0.113.9.
			for range 8 {
				do(t, s, "GET", "/api/snapshots", nil, "Authorization", "Bearer wrong", "X-Forwarded-For", "198.51.100.7, 203.0.113.9")
			}
			if w := do(t, s, "GET", "/api/snapshots", nil, "Authorization", "Bearer wrong", "X-Forwarded-For", "203.0.113.9"); w.Code != http.StatusTooManyRequests {
				t.Errorf("the guessing client: %d, want 429", w.Code)
			}
			// Another user, and the address the attacker claimed.
			for _, xff := range []string{"192.0.2.50", "198.51.100.7"} {
				w := do(t, s, "GET", "/api/snapshots", nil, "Authorization", "Bearer "+token, "X-Forwarded-For", xff)
				if got := w.Code == http.StatusOK; got != tc.otherAllowed {
					t.Errorf("user %s with the token: %d, want allowed=%v", xff, w.Code, tc.otherAllowed)
				}
			}
		})
	}
}

func TestLastForwarded(t *testing.T) {
	for in, want := range map[string]string{"": "", "10.0.0.1": "10.0.0.1", "1.2.3.4, 10.0.0.1": "10.0.0.1",
		"1.2.3.4,2001:db8::1": "2001:db8::1", "1.2.3.4, junk": "", "1.2.3.4 ,": ""} {
		var vs []string
		if in != "" {
			vs = []string{in}
		}
		if got := lastForwarded(vs); got != want {
			t.Errorf("lastForwarded(%q) = %q, want %q", in, got, want)
		}
	}
	if got := lastForwarded([]string{"9.9.9.9", "10.0.0.2"}); got != "10.0.0.2" {
		t.Errorf("two headers: %q, want the last one's", got)
	}
}
