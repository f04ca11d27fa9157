package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// pageCSP is the Content-Security-Policy of every response but diagram.svg:
// scripts and styles only from files under /static, nothing inline.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// svgCSP is diagram.svg's policy: Graphviz writes presentation attributes
// only, the SVG carries no script, and it must stay embeddable in other
// sites' docs (no frame-ancestors, no X-Frame-Options).
const svgCSP = "default-src 'none'; style-src 'unsafe-inline'"

// securityHeaders sets the headers every response carries; the SVG handler
// relaxes CSP and framing for itself.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// accessLog writes one Info line per request (Error for 5xx is written by
// writeError, with the cause).
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		defer func() {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.Group("request",
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.String("request_id", middleware.GetReqID(r.Context())),
					slog.String("remote_addr", r.RemoteAddr)),
				slog.Int("status_code", ww.Status()),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)))
		}()
		next.ServeHTTP(ww, r)
	})
}
