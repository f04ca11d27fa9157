package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// signedKey marks a request whose embed signature [Server.signedLinks]
// accepted.
type signedKey struct{}

// signedLinks judges every request carrying sig by its signature alone
// (embed.go), before routing, so that a POST or a path the signature was
// not made for gets 403 saying why, never 405 or the login page, and a
// broken link fails the same way for everyone, signed in or not. Without
// a token there is nothing to check: every route is open anyway.
func (s *Server) signedLinks(next http.Handler) http.Handler {
	if s.cfg.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.Query().Has("sig") {
			next.ServeHTTP(w, r)
			return
		}
		client := clientIP(r)
		if wait := s.authLimit.wait(client); wait > 0 {
			refuseAuth(w, wait)
			return
		}
		reason, guess := checkEmbed(s.cfg.Token, r.Method, r.URL.Path, r.URL.Query(), time.Now())
		if reason != "" {
			if guess {
				s.authLimit.fail(client)
			}
			s.writeError(w, r, sgmap.Errorf(sgmap.EFORBIDDEN, "%s", reason))
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), signedKey{}, true)))
	})
}

// isSigned reports whether r passed [Server.signedLinks] with a valid
// signature.
func isSigned(r *http.Request) bool {
	ok, _ := r.Context().Value(signedKey{}).(bool)
	return ok
}

// embedRequest is the body of POST /api/embed.
type embedRequest struct {
	// URL is the diagram export to sign: a path and query on this server
	// ("/snapshots/…/diagram.svg?view=detail") or an absolute URL of it.
	URL string `json:"url"`
	// TTL is the link's lifetime, a Go duration ("24h", "720h", "8760h").
	TTL string `json:"ttl"`
}

// embedResponse is the answer of POST /api/embed.
type embedResponse struct {
	URL     string    `json:"url"`
	Expires time.Time `json:"expires"`
}

// handleAPIEmbed signs an embed link for a signed-in user: the page must
// not hold the key, so it asks the server. Without a token there is
// nothing to sign (plain links work) and it answers 400.
func (s *Server) handleAPIEmbed(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Token == "" {
		s.writeError(w, r, sgmap.Errorf(sgmap.EINVALID, "this server has no token: diagram links open without a signature"))
		return
	}
	var req embedRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil {
		s.writeError(w, r, sgmap.Errorf(sgmap.EINVALID, "the body must be JSON: {\"url\": \"/snapshots/…/diagram.svg?…\", \"ttl\": \"720h\"}"))
		return
	}
	ttl, err := ParseEmbedTTL(req.TTL)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Host != "" && u.Host != r.Host) || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		s.writeError(w, r, sgmap.Errorf(sgmap.EINVALID, "url must be a diagram export on this server"))
		return
	}
	u.Scheme, u.Host = publicScheme(r), r.Host
	exp := time.Now().Add(ttl).Truncate(time.Second)
	signed, err := SignEmbed(s.cfg.Token, u, exp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, embedResponse{URL: signed.String(), Expires: exp.UTC()})
}

// ParseEmbedTTL reads a link lifetime: a Go duration from one minute to
// [MaxEmbedTTL]; "" is 30 days. Errors are [sgmap.EINVALID].
func ParseEmbedTTL(v string) (time.Duration, error) {
	if v == "" {
		return 30 * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute || d > MaxEmbedTTL {
		return 0, sgmap.Errorf(sgmap.EINVALID, "ttl must be a duration from 1m to %s (e.g. 24h, 720h, 8760h), not %q", MaxEmbedTTL, clip(v))
	}
	return d, nil
}

// publicScheme is the scheme clients use to reach the server: https when
// it serves TLS itself or a load balancer in front says it terminated TLS
// (X-Forwarded-Proto, which ALBs set). It only shapes links handed to the
// user, never a security decision.
func publicScheme(r *http.Request) string {
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		return "https"
	}
	return "http"
}
