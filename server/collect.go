package server

import (
	"context"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/store"
)

// collectionStatus is what the home page's #collection-status shows.
type collectionStatus struct {
	Last     time.Time // end of the last successful collection
	LastID   string
	Warnings int
	Err      string // user-facing message of the last failure, "" after a success
	Next     time.Time
}

// collectionView is the template data of #collection-status (nil when
// live collection is off).
type collectionView struct {
	Last, LastID, Error, Next string
	Warnings                  int
}

func (s *Server) collectionView() *collectionView {
	if s.cfg.Collect == nil {
		return nil
	}
	s.collectMu.Lock()
	defer s.collectMu.Unlock()
	c := s.collection
	return &collectionView{Last: formatTime(c.Last), LastID: c.LastID, Error: c.Err,
		Next: formatTime(c.Next), Warnings: c.Warnings}
}

// Run does the server's background work until ctx is done: it warms the
// caches the first pages need (demo snapshots, their findings, the article
// overview), and, when Config.Collect is set, collects a snapshot at once
// and then every Config.Refresh, saving each to the store. Without Collect
// it returns after warming. Call it in its own goroutine next to the HTTP
// server; failures are logged and shown on the home page, never fatal.
func (s *Server) Run(ctx context.Context) error {
	if s.cfg.Collect == nil {
		s.warm(ctx)
		return nil
	}
	go s.warm(ctx)
	t := time.NewTicker(s.cfg.Refresh)
	defer t.Stop()
	for {
		s.collectOnce(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// warm loads every listed snapshot and audits it (the home page shows
// finding counts), then renders the article demo's overview.
func (s *Server) warm(ctx context.Context) {
	start := time.Now()
	list, _ := s.listSnapshots()
	for _, l := range list {
		if ctx.Err() != nil {
			return
		}
		s.findingCounts(ctx, l.Meta)
	}
	if ref, err := s.demos.get("demo-article"); err == nil {
		for _, vpc := range ref.Snap.VPCIDs() {
			v := &viewRequest{SnapParam: ref.ID, Ref: ref, VPC: vpc,
				Options: graph.Options{View: graph.Overview, SnapshotID: ref.ID}}
			s.svg(ctx, v)
		}
	}
	s.log.Info("caches warm", "snapshots", len(list), "duration", time.Since(start))
}

// collectOnce runs one collection and records its outcome.
func (s *Server) collectOnce(ctx context.Context) {
	start := time.Now()
	snap, err := s.cfg.Collect(ctx)
	var saved store.Saved
	if err == nil {
		if snap.Source == "" {
			snap.Source = sgmap.SourceAWSAPI
		}
		// An unchanged account is recorded as seen again, not stored
		// again: the home page does not fill with copies.
		saved, err = s.store.Record(snap)
		if err == nil && !saved.Deduplicated {
			s.prune()
		}
	}
	id := saved.ID
	s.collectMu.Lock()
	defer s.collectMu.Unlock()
	s.collection.Next = time.Now().Add(s.cfg.Refresh)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		s.collection.Err = sgmap.ErrorMessage(err)
		s.log.Error("collection failed", "error", err, "duration", time.Since(start))
		return
	}
	s.collection = collectionStatus{Last: time.Now(), LastID: id, Warnings: len(snap.Warnings),
		Next: s.collection.Next}
	s.log.Info("snapshot collected", "snapshot_id", id, "unchanged", saved.Deduplicated, "warnings", len(snap.Warnings), "duration", time.Since(start))
}
