package server

import (
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// checkHost refuses requests whose Host header names a host outside
// Config.Hosts (DNS rebinding: a page on evil.example that resolves to
// 127.0.0.1 reaches the dashboard, but still says Host: evil.example).
// /healthz stays open to any name: it reveals nothing.
func (s *Server) checkHost(next http.Handler) http.Handler {
	if len(s.cfg.Hosts) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || s.allowedHost(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		http.Error(w, "sgmap answers only to the host names it listens on; use http://127.0.0.1:PORT/ or set -token to serve other names", http.StatusMisdirectedRequest)
	})
}

func (s *Server) allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true
	}
	return slices.ContainsFunc(s.cfg.Hosts, func(h string) bool { return strings.EqualFold(h, host) })
}

// sameOriginWrites refuses requests that change state (uploads, logins)
// when the browser says they come from another site: without it any web
// page could POST a snapshot to a dashboard on the visitor's loopback.
// Non-browser clients send neither header and pass.
func sameOriginWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		// Sec-Fetch-Site, which no page can set, decides where a browser
		// sends it: a same-origin form under Referrer-Policy no-referrer
		// (ours) carries "Origin: null", so Origin is only checked
		// without it.
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
			if site != "same-origin" && site != "none" {
				http.Error(w, "cross-site request refused", http.StatusForbidden)
				return
			}
		} else if o := r.Header.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			if err != nil || !strings.EqualFold(u.Host, r.Host) {
				http.Error(w, "cross-origin request refused", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
