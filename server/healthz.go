package server

import "net/http"

// handleHealthz answers 200 "ok" without touching the store or the
// renderer, so it never waits on a render.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok"))
}
