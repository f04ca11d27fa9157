package server

import (
	"net"
	"net/http"
	"strings"
)

// proxiedClient, with Config.BehindProxy, takes the client's address from
// the last X-Forwarded-For entry, the one the load balancer in front
// appended (an ALB does), so the per-client limits (wrong-token back-off,
// uploads) apply per user rather than to everyone behind the balancer.
// Entries before it are the client's own word and are ignored; without
// the header the connection's address stays.
func (s *Server) proxiedClient(next http.Handler) http.Handler {
	if !s.cfg.BehindProxy {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ip := lastForwarded(r.Header.Values("X-Forwarded-For")); ip != "" {
			r = r.Clone(r.Context())
			r.RemoteAddr = net.JoinHostPort(ip, "0")
		}
		next.ServeHTTP(w, r)
	})
}

// lastForwarded is the last address of the X-Forwarded-For headers, ""
// when it is not an IP address.
func lastForwarded(values []string) string {
	if len(values) == 0 {
		return ""
	}
	last := values[len(values)-1]
	last = strings.TrimSpace(last[strings.LastIndexByte(last, ',')+1:])
	if ip := net.ParseIP(last); ip != nil {
		return ip.String()
	}
	return ""
}
