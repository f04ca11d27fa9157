package server

import (
	"strings"
	"sync"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/store"
)

// latestID names the newest stored snapshot (the article demo when none is
// stored).
const latestID = "latest"

// snapshotRef is a resolved snapshot id.
type snapshotRef struct {
	ID     string // the id it resolved to (never "latest")
	Snap   *sgmap.Snapshot
	Meta   store.Meta
	IsDemo bool
	// Key identifies the snapshot's content for caches: id plus the file
	// hash (stored) or the build version (demos).
	Key string
	// Immutable is true when the content behind ID cannot change while the
	// server runs (demos; stored files are only added, but -snapshot files
	// and edited folders can change, so they are not).
	Immutable bool
	// Stored is true for snapshots saved in the store's folder by id,
	// which the store never overwrites.
	Stored bool
}

// demoSet builds the embedded demos lazily, once each.
type demoSet struct {
	listed bool
	mu     sync.Mutex
	built  map[string]*snapshotRef
}

func newDemoSet(listed bool) *demoSet {
	return &demoSet{listed: listed, built: map[string]*snapshotRef{}}
}

// get returns the demo with the given id (demo-<name>) whether or not demos
// are listed: "latest" falls back to the article demo.
func (d *demoSet) get(id string) (*snapshotRef, error) {
	name, ok := strings.CutPrefix(id, "demo-")
	if !ok {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", clip(id))
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if ref := d.built[id]; ref != nil {
		return ref, nil
	}
	snap, err := demo.Get(name)
	if err != nil {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", clip(id))
	}
	ref := &snapshotRef{ID: id, Snap: snap, Meta: store.MetaOf(snap), IsDemo: true,
		Key: id + "@" + sgmap.Version, Immutable: true}
	ref.Meta.ID = id
	d.built[id] = ref
	return ref, nil
}

// ids returns the listed demo ids.
func (d *demoSet) ids() []string {
	if !d.listed {
		return nil
	}
	var out []string
	for _, n := range demo.Names() {
		out = append(out, "demo-"+n)
	}
	return out
}

// snapshot resolves id: a listed demo, "latest", or a stored snapshot.
// Unknown ids are [sgmap.ENOTFOUND] errors.
func (s *Server) snapshot(id string) (*snapshotRef, error) {
	switch {
	case id == latestID:
		snap, meta, err := s.store.Latest()
		if err != nil {
			return s.demos.get("demo-article")
		}
		return &snapshotRef{ID: meta.ID, Snap: snap, Meta: meta, Key: meta.ID + "@" + meta.Hash}, nil
	case strings.HasPrefix(id, "demo-") && s.cfg.Demos:
		return s.demos.get(id)
	}
	snap, meta, err := s.store.Load(id)
	if err != nil {
		return nil, err
	}
	return &snapshotRef{ID: id, Snap: snap, Meta: meta, Key: id + "@" + meta.Hash, Stored: !s.store.IsAdded(id)}, nil
}

// listing is one snapshot in the home page and GET /api/snapshots.
type listing struct {
	Meta   store.Meta
	IsDemo bool
	// Description says what a demo shows.
	Description string
}

// listSnapshots returns the stored snapshots, newest first, then the demos.
// Files that do not load are logged and left out.
func (s *Server) listSnapshots() ([]listing, error) {
	metas, err := s.store.List()
	if err != nil && metas == nil {
		return nil, err
	} else if err != nil {
		s.log.Warn("some snapshot files do not load", "error", err)
	}
	out := make([]listing, 0, len(metas)+3)
	for _, m := range metas {
		out = append(out, listing{Meta: m})
	}
	descriptions := map[string]string{}
	for _, d := range demo.All() {
		descriptions["demo-"+d.Name] = d.Description
	}
	for _, id := range s.demos.ids() {
		ref, err := s.demos.get(id)
		if err != nil {
			return nil, err
		}
		out = append(out, listing{Meta: ref.Meta, IsDemo: true, Description: descriptions[id]})
	}
	return out, nil
}

// formatTime is how pages show times: RFC 3339 in UTC, or "" for zero.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// clip shortens user input echoed in error messages.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
