package server

import (
	"net/http"
	"time"

	"github.com/sgmap/sgmap/store"
)

// handleAPIDelete serves DELETE /api/snapshots/{snap}: it deletes a stored
// snapshot and drops what the caches hold of it (docs/http.md). Demos,
// files named with -snapshot and unknown ids are not stored snapshots.
func (s *Server) handleAPIDelete(w http.ResponseWriter, r *http.Request) {
	id := pathParam(r, "snap")
	var meta store.Meta
	if metas, _ := s.store.List(); metas != nil {
		for _, m := range metas {
			if m.ID == id {
				meta = m
			}
		}
	}
	if err := s.store.Delete(id); err != nil {
		s.writeError(w, r, err)
		return
	}
	dropped := 0
	if meta.Hash != "" {
		dropped = s.cache.forget(id + "@" + meta.Hash)
	}
	s.log.Info("snapshot deleted", "snapshot_id", id, "cached_items_dropped", dropped, "remote_addr", r.RemoteAddr)
	w.WriteHeader(http.StatusNoContent)
}

// prune applies Config.Retention to the store and drops what the caches
// hold of the deleted snapshots.
func (s *Server) prune() {
	r := s.cfg.Retention
	if r.IsZero() || !s.store.Writable() {
		return
	}
	removed, err := s.store.Prune(r, time.Now())
	if err != nil {
		s.log.Warn("cannot apply the retention", "keep", r.String(), "error", err)
	}
	if len(removed) == 0 {
		return
	}
	ids := make([]string, len(removed))
	for i, m := range removed {
		ids[i] = m.ID
		s.cache.forget(m.ID + "@" + m.Hash)
	}
	s.log.Info("deleted snapshots past the retention", "keep", r.String(), "snapshots", len(ids), "snapshot_ids", ids)
}
