package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// Retention says which stored snapshots to keep (serve and collect -keep,
// -keep-last; sgmap store prune). Within each series the newest snapshot
// is always kept; the others are deleted when either rule says so.
type Retention struct {
	// KeepFor deletes snapshots last seen longer ago than this (0: no
	// limit). Last seen is the taken_at or the newest seen-again time.
	KeepFor time.Duration
	// KeepLast keeps at most this many snapshots per series, the newest
	// (0: no limit).
	KeepLast int
}

// IsZero reports whether r keeps everything.
func (r Retention) IsZero() bool { return r.KeepFor <= 0 && r.KeepLast <= 0 }

// String describes r for logs: "90d, last 10".
func (r Retention) String() string {
	var parts []string
	if r.KeepFor > 0 {
		parts = append(parts, FormatAge(r.KeepFor))
	}
	if r.KeepLast > 0 {
		parts = append(parts, fmt.Sprintf("last %d", r.KeepLast))
	}
	if len(parts) == 0 {
		return "everything"
	}
	return strings.Join(parts, ", ")
}

// Expired returns the stored snapshots r deletes at now, oldest first.
func (s *Store) Expired(r Retention, now time.Time) ([]Meta, error) {
	metas, err := s.listStored()
	if err != nil && metas == nil {
		return nil, err
	}
	if r.IsZero() {
		return nil, nil
	}
	bySeries := map[string][]Meta{}
	for _, m := range metas {
		bySeries[m.Series] = append(bySeries[m.Series], m)
	}
	var out []Meta
	for _, ms := range bySeries {
		slices.SortFunc(ms, func(a, b Meta) int {
			if newer(a, b) {
				return -1
			}
			return 1
		})
		for i, m := range ms[1:] { // the newest stays
			if r.KeepLast > 0 && i+1 >= r.KeepLast || r.KeepFor > 0 && now.Sub(m.LastSeen()) > r.KeepFor {
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b Meta) int { return cmp.Or(a.TakenAt.Compare(b.TakenAt), strings.Compare(a.ID, b.ID)) })
	return out, nil
}

// Prune deletes what r expires at now ([Store.Expired]) and returns it.
func (s *Store) Prune(r Retention, now time.Time) ([]Meta, error) {
	expired, err := s.Expired(r, now)
	if err != nil || len(expired) == 0 {
		return nil, err
	}
	ids := make([]string, len(expired))
	for i, m := range expired {
		ids[i] = m.ID
	}
	if err := s.deleteStored(ids); err != nil {
		return nil, err
	}
	return expired, nil
}

// Delete removes the stored snapshot id: its object, its index entry and
// what the store caches of it. An id that is not stored is an
// [sgmap.ENOTFOUND] error; a file added from the command line is not
// deleted ([sgmap.EINVALID]).
func (s *Store) Delete(id string) error {
	if !ValidID(id) || s.b == nil {
		return notFound(id)
	}
	if s.IsAdded(id) {
		return sgmap.Errorf(sgmap.EINVALID, "snapshot %q is a file named on the command line (-snapshot), not a stored one: sgmap does not delete it", id)
	}
	metas, err := s.listStored()
	if err != nil && metas == nil {
		return err
	}
	if !slices.ContainsFunc(metas, func(m Meta) bool { return m.ID == id }) {
		// Not listed: it may still be an object that does not load (a
		// broken file), which is deleted like any other.
		names, err := s.objectNames(id + ext)
		if err != nil {
			return fmt.Errorf("delete snapshot %s: %w", id, err)
		}
		if !names[id+ext] {
			return notFound(id)
		}
	}
	return s.deleteStored([]string{id})
}

// deleteStored deletes the objects of ids, then their index entries (in
// this order: a crash between the two leaves entries without objects,
// which the next listing drops, never objects without entries, which it
// would enter again).
func (s *Store) deleteStored(ids []string) error {
	gone := map[string]bool{}
	var errs []error
	for _, id := range ids {
		if err := s.b.Delete(bg, id+ext); err != nil {
			errs = append(errs, s.classify(fmt.Errorf("delete snapshot %s: %w", id, err)))
			continue
		}
		gone[id+ext] = true
	}
	s.mu.Lock()
	for name := range gone {
		delete(s.cache, name)
		delete(s.bad, name)
		s.recent = slices.DeleteFunc(s.recent, func(k string) bool { return k == name })
	}
	s.mu.Unlock()
	err := s.updateIndex(func(idx *index) (bool, error) {
		n := len(idx.Snapshots)
		idx.Snapshots = slices.DeleteFunc(idx.Snapshots, func(e indexEntry) bool { return gone[e.Object] })
		return len(idx.Snapshots) != n, nil
	})
	if err != nil {
		// The objects are gone: the next listing drops their entries.
		s.log.Warn("cannot update the snapshot index after a delete; the next listing will", "store", s.where(), "error", err)
	}
	return errors.Join(errs...)
}

// ParseAge parses a retention age: a Go duration (36h, 90m) or a number of
// days or weeks (90d, 2w), positive.
func ParseAge(s string) (time.Duration, error) {
	var d time.Duration
	var err error
	if n, unit, ok := cutUnit(s); ok {
		d = time.Duration(n) * unit
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, sgmap.Errorf(sgmap.EINVALID, "age %q: want a duration such as 90d, 2w or 36h", s)
	}
	if d <= 0 {
		return 0, sgmap.Errorf(sgmap.EINVALID, "age %q: want a positive duration such as 90d", s)
	}
	return d, nil
}

// cutUnit parses "90d" and "2w".
func cutUnit(s string) (int64, time.Duration, bool) {
	units := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if len(s) < 2 || units[s[len(s)-1]] == 0 {
		return 0, 0, false
	}
	var n int64
	for _, c := range s[:len(s)-1] {
		if c < '0' || c > '9' || n > 1e6 {
			return 0, 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, units[s[len(s)-1]], true
}

// FormatAge formats an age as ParseAge reads it: whole days as "90d",
// anything else as a Go duration.
func FormatAge(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
