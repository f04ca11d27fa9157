package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// indexName is the index object: every snapshot's [Meta], so that a
// listing reads one object instead of every snapshot. It starts with a dot,
// which no snapshot id can, and is not a *.json file an older sgmap would
// take for a snapshot.
const indexName = ".sgmap-index"

// indexFormat is the version of the index's layout; an index of another
// format is rebuilt.
const indexFormat = 1

// maxIndexBytes bounds the index object: about 560 bytes per snapshot of
// one VPC, so room for well over 100,000 snapshots.
const maxIndexBytes = 256 << 20

// index is the index object's content (docs/http.md, "Snapshot store").
type index struct {
	Format    int          `json:"format"`
	Snapshots []indexEntry `json:"snapshots"`
}

// indexEntry is one snapshot object in the index.
type indexEntry struct {
	// Object is the object's name and Version its version when indexed:
	// an object whose listed version differs was changed behind the
	// store's back and is read again.
	Object  string `json:"object"`
	Version string `json:"version"`
	Meta    Meta   `json:"meta"`
}

// loadedIndex is an index as read, with the version of its object ("" when
// there was none).
type loadedIndex struct {
	idx     *index
	version string
}

// readIndex returns the index object, parsed again only when its version
// changed since the last read. A missing, unreadable or foreign index is
// an empty one at version "" or at the version to replace.
func (s *Store) readIndex() (loadedIndex, error) {
	if st, ok := s.b.(statter); ok {
		// A folder tells the version without reading the index.
		in, err := st.Stat(bg, indexName)
		s.mu.Lock()
		last := s.idx
		s.mu.Unlock()
		if err == nil && last.idx != nil && in.Version == last.version {
			return last, nil
		}
	}
	data, version, err := s.b.Get(bg, indexName, maxIndexBytes)
	if errors.Is(err, ErrNotFound) {
		return loadedIndex{idx: &index{Format: indexFormat}}, nil
	}
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return loadedIndex{}, fmt.Errorf("read snapshot index: %w", err)
	}
	s.mu.Lock()
	last := s.idx
	s.mu.Unlock()
	if last.idx != nil && last.version == version {
		return last, nil
	}
	var idx index
	if err != nil || json.Unmarshal(data, &idx) != nil || idx.Format != indexFormat {
		// Rebuilt from the objects, and replaced at this version.
		return loadedIndex{idx: &index{Format: indexFormat}, version: version}, nil
	}
	li := loadedIndex{idx: &idx, version: version}
	s.mu.Lock()
	s.idx = li
	s.mu.Unlock()
	return li, nil
}

// writeIndex puts idx in place of the index at version ("" for none): a
// compare-and-swap that fails with [ErrPrecondition] when another writer
// changed the index meanwhile.
func (s *Store) writeIndex(idx *index, version string) error {
	slices.SortFunc(idx.Snapshots, func(a, b indexEntry) int { return strings.Compare(a.Object, b.Object) })
	data, err := json.Marshal(idx)
	if err != nil {
		return fmt.Errorf("encode snapshot index: %w", err)
	}
	cond := Cond{IfVersion: version}
	if version == "" {
		cond = Cond{IfAbsent: true}
	}
	v, err := s.b.Put(bg, indexName, data, cond)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.idx = loadedIndex{idx: idx, version: v}
	s.mu.Unlock()
	return nil
}

// updateIndex applies change to the current index and writes it back,
// again on a fresh copy whenever another writer got there first, so no
// writer's entry is lost. change reports whether it changed anything;
// when it did not, nothing is written.
func (s *Store) updateIndex(change func(idx *index) (bool, error)) error {
	for range maxTries {
		li, err := s.readIndex()
		if err != nil {
			return err
		}
		idx := &index{Format: indexFormat, Snapshots: slices.Clone(li.idx.Snapshots)}
		changed, err := change(idx)
		if err != nil || !changed {
			return err
		}
		err = s.writeIndex(idx, li.version)
		if !errors.Is(err, ErrPrecondition) {
			return err
		}
	}
	return fmt.Errorf("update snapshot index: %d writers in a row got there first", maxTries)
}

// reconcile brings idx up to date with the listed snapshot objects infos:
// entries of objects gone are dropped, and objects missing from the index
// (saved by a process killed before it updated the index, or copied into
// the folder) or changed since are read and entered. It reports whether it
// changed idx, and the objects that do not load.
func (s *Store) reconcile(idx *index, infos []Info) (bool, []error) {
	listed := make(map[string]Info, len(infos))
	for _, in := range infos {
		listed[in.Name] = in
	}
	changed := false
	kept := idx.Snapshots[:0]
	indexed := make(map[string]bool, len(idx.Snapshots))
	for _, e := range idx.Snapshots {
		if in, ok := listed[e.Object]; ok && in.Version == e.Version && !indexed[e.Object] {
			kept = append(kept, e)
			indexed[e.Object] = true
			continue
		}
		changed = true
	}
	idx.Snapshots = kept
	var errs []error
	for _, in := range infos {
		if indexed[in.Name] {
			continue
		}
		m, err := s.indexMeta(in)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		idx.Snapshots = append(idx.Snapshots, indexEntry{Object: in.Name, Version: in.Version, Meta: m})
		changed = true
	}
	return changed, errs
}

// indexMeta returns the Meta of the object in for the index, with its
// content hash, which is remembered in the cache: a folder whose index
// cannot be written (read-only) is not parsed again at every listing.
func (s *Store) indexMeta(in Info) (Meta, error) {
	_, m, err := s.loadObject(in, false)
	if err == nil && m.Content == "" {
		var snap *sgmap.Snapshot
		if snap, m, err = s.loadObject(in, true); err == nil {
			m.Content = contentOf(snap)
			s.mu.Lock()
			if e := s.cache[in.Name]; e != nil && e.version == in.Version {
				e.meta.Content = m.Content
			}
			s.mu.Unlock()
		}
	}
	m.ID = strings.TrimSuffix(in.Name, ext)
	return m, err
}

// listStored returns the metadata of the stored snapshots from the index,
// brought up to date with the objects first (the index is read before the
// objects are listed, so an entry another writer just added is never taken
// for a deleted object). When the index changed it is written back; a
// backend that cannot be written (a read-only folder) still lists.
func (s *Store) listStored() ([]Meta, error) {
	if s.b == nil {
		return nil, nil
	}
	var errs []error
	var out []Meta
	// A few tries: the listing is right without the write, which only
	// saves the next one the work (and a name taken by something that is
	// not an index, such as a planted link, fails every try).
	for range 5 {
		li, err := s.readIndex()
		if err != nil {
			return nil, err
		}
		infos, err := s.snapshotInfos()
		if err != nil {
			return nil, err
		}
		idx := &index{Format: indexFormat, Snapshots: slices.Clone(li.idx.Snapshots)}
		changed, bad := s.reconcile(idx, infos)
		errs = bad
		out = metasOf(idx)
		if !changed {
			break
		}
		err = s.writeIndex(idx, li.version)
		if errors.Is(err, ErrPrecondition) {
			continue // another writer: reconcile with its index
		}
		if err != nil {
			s.log.Warn("cannot update the snapshot index", "store", s.where(), "error", err)
		}
		break
	}
	return out, errors.Join(errs...)
}

// metasOf returns the metadata of idx's entries.
func metasOf(idx *index) []Meta {
	out := make([]Meta, 0, len(idx.Snapshots))
	for _, e := range idx.Snapshots {
		out = append(out, e.Meta)
	}
	return out
}

// migrate builds the index of a backend that has snapshot objects but no
// index (the folder of an sgmap before the index), and logs it. The
// snapshot files stay as they are; the index is one new object, written
// atomically, so an interrupted migration is simply done again.
func (s *Store) migrate() error {
	_, _, err := s.b.Get(bg, indexName, maxIndexBytes)
	if !errors.Is(err, ErrNotFound) {
		return nil // an index, or an error the first listing reports
	}
	infos, err := s.snapshotInfos()
	if err != nil {
		// The first listing tries again and reports it.
		s.log.Warn("cannot list the data folder to migrate it", "store", s.where(), "error", err)
		return nil
	}
	if len(infos) == 0 {
		return nil
	}
	metas, err := s.listStored()
	if err != nil {
		s.log.Warn("some snapshot files do not load", "store", s.where(), "error", err)
	}
	if _, _, err := s.b.Get(bg, indexName, maxIndexBytes); err == nil {
		s.log.Info("migrated the data folder: built its snapshot index; the snapshot files are unchanged", "store", s.where(), "snapshots", len(metas), "index", indexName)
	}
	return nil
}

// enter enters a snapshot object just put into the index. When another
// writer entered the same content as the newest of the series meanwhile,
// that one is recorded as seen again instead and its id returned: the
// caller deletes its object. When the index cannot be updated the
// snapshot is still stored: the next listing enters it.
func (s *Store) enter(e indexEntry) (dup string) {
	err := s.updateIndex(func(idx *index) (bool, error) {
		dup = ""
		if slices.ContainsFunc(idx.Snapshots, func(o indexEntry) bool { return o.Object == e.Object && o.Version == e.Version }) {
			return false, nil
		}
		if dup = seenIn(idx, e.Meta.Series, e.Meta.Content, e.Object, e.Meta.TakenAt); dup != "" {
			return true, nil
		}
		idx.Snapshots = slices.DeleteFunc(idx.Snapshots, func(o indexEntry) bool { return o.Object == e.Object })
		idx.Snapshots = append(idx.Snapshots, e)
		return true, nil
	})
	if err != nil {
		s.log.Warn("cannot update the snapshot index; the next listing will", "store", s.where(), "snapshot_id", e.Meta.ID, "error", err)
		return ""
	}
	return dup
}

// CheckIndex reports whether the index object is whole: missing (nothing
// saved yet) or JSON of the current format. The listing rebuilds a garbled
// index silently; the conformance suite (package storetest) uses this to
// prove a crash never leaves one.
func (s *Store) CheckIndex() error {
	if s.b == nil {
		return nil
	}
	data, _, err := s.b.Get(bg, indexName, maxIndexBytes)
	if errors.Is(err, ErrNotFound) {
		return nil
	} else if err != nil {
		return fmt.Errorf("check snapshot index: %w", err)
	}
	var idx index
	if err := json.Unmarshal(data, &idx); err != nil || idx.Format != indexFormat {
		return fmt.Errorf("check snapshot index: %d bytes, not an index of format %d: %v", len(data), indexFormat, err)
	}
	return nil
}
