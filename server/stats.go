package server

import (
	"net/http"
	"runtime"
)

// apiStats is GET /api/stats: what the server holds right now, for
// scripts/soak.sh and operators (behind the token like the rest of /api).
type apiStats struct {
	Goroutines   int   `json:"goroutines"`
	HeapBytes    int64 `json:"heap_bytes"`
	CacheItems   int   `json:"cache_items"`
	CacheBytes   int64 `json:"cache_bytes"`
	Loading      int   `json:"loading"`       // diagram loads under way
	WorkRunning  int   `json:"work_running"`  // builds, audits, renders running
	WorkWaiting  int   `json:"work_waiting"`  // waiting for a slot
	UploadsTaken int   `json:"uploads_taken"` // upload slots in use
}

func (s *Server) handleAPIStats(w http.ResponseWriter, r *http.Request) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	items, bytes := s.cache.stats()
	running, waiting := s.admit.load()
	drawing, drawWaiting := s.draw.load()
	running, waiting = running+drawing, waiting+drawWaiting
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, apiStats{Goroutines: runtime.NumGoroutine(), HeapBytes: int64(m.HeapInuse),
		CacheItems: items, CacheBytes: bytes, Loading: s.cache.running(), WorkRunning: running, WorkWaiting: waiting,
		UploadsTaken: len(s.uploads.sem)})
}
