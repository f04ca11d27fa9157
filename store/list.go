package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// List returns every stored and added snapshot, newest first: by when its
// content was last seen ([Meta.LastSeen]: taken_at, or the last time the
// same content was saved again), then by taken_at; snapshots seen at the
// same time are ordered by id, highest first, so the one saved last (…-2,
// …-3) counts as the newest. So "latest" is what the last collection saw.
// Files that cannot be read or parsed are left out and reported in the
// returned error (an errors.Join of them), alongside the good ones.
func (s *Store) List() ([]Meta, error) {
	out, errs := s.listAdded()
	stored, err := s.listStored()
	if err != nil {
		errs = append(errs, err)
	}
	out = append(out, stored...)
	sortNewestFirst(out)
	return out, errors.Join(errs...)
}

// sortNewestFirst orders metas as [Store.List] returns them.
func sortNewestFirst(metas []Meta) {
	slices.SortFunc(metas, func(a, b Meta) int {
		if c := b.LastSeen().Compare(a.LastSeen()); c != 0 {
			return c
		}
		if c := b.TakenAt.Compare(a.TakenAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// listAdded returns the metadata of the added files.
func (s *Store) listAdded() ([]Meta, []error) {
	s.mu.Lock()
	added := maps.Clone(s.added)
	s.mu.Unlock()
	var out []Meta
	var errs []error
	for id, p := range added {
		_, m, err := s.loadFile(p, false)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.ID = id
		out = append(out, m)
	}
	return out, errs
}

// snapshotInfos lists the backend's snapshot objects: *.json objects at
// the top whose name is a valid id, not empty (a name reserved by the
// previous store's saves).
func (s *Store) snapshotInfos() ([]Info, error) {
	if s.b == nil {
		return nil, nil
	}
	infos, err := s.b.List(bg, "")
	if err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	return slices.DeleteFunc(infos, func(in Info) bool {
		id, ok := strings.CutSuffix(in.Name, ext)
		return !ok || !ValidID(id) || in.Size == 0
	}), nil
}

// Latest returns the newest snapshot (by taken_at) and its id, or an
// [sgmap.EUNAVAILABLE] error when the store holds none that loads.
func (s *Store) Latest() (*sgmap.Snapshot, Meta, error) {
	metas, _ := s.List()
	for _, m := range metas {
		snap, meta, err := s.Load(m.ID)
		if err == nil {
			return snap, meta, nil
		}
	}
	return nil, Meta{}, sgmap.Errorf(sgmap.EUNAVAILABLE, "no snapshot has been stored yet")
}
