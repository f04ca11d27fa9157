package server

import (
	"net/http"

	"github.com/sgmap/sgmap"
)

// handleNotFound answers unknown paths in the format the path suggests.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, sgmap.Errorf(sgmap.ENOTFOUND, "There is no page at this address."))
}

// handleMethodNotAllowed answers a known path with the wrong method.
func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusMethodNotAllowed)
	w.Write([]byte("Method not allowed.\n"))
}
