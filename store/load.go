package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// loadStored loads the object of id, from the cache while its version is
// the listed one.
func (s *Store) loadStored(id string) (*sgmap.Snapshot, Meta, error) {
	if s.b == nil {
		return nil, Meta{}, notFound(id)
	}
	name := id + ext
	if st, ok := s.b.(statter); ok {
		in, err := st.Stat(bg, name)
		if errors.Is(err, ErrNotFound) || err == nil && in.Size == 0 {
			return nil, Meta{}, notFound(id)
		} else if err != nil {
			return nil, Meta{}, fmt.Errorf("load snapshot: %w", err)
		}
		return s.loadObject(in, true)
	}
	infos, err := s.b.List(bg, name)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("load snapshot: %w", err)
	}
	for _, in := range infos {
		if in.Name == name && in.Size > 0 {
			return s.loadObject(in, true)
		}
	}
	return nil, Meta{}, notFound(id)
}

// statter is a [Backend] that describes one object without listing: the
// [Folder] does.
type statter interface {
	Stat(ctx context.Context, name string) (Info, error)
}

// loadObject returns the parsed object in and its metadata, from the cache
// while in.Version matches. With needSnap false (listings) cached metadata
// is enough and nothing is parsed.
func (s *Store) loadObject(in Info, needSnap bool) (*sgmap.Snapshot, Meta, error) {
	if snap, meta, ok := s.cached(in.Name, in.Version, needSnap); ok {
		return snap, meta, nil
	}
	s.mu.Lock()
	bad, ok := s.bad[in.Name]
	s.mu.Unlock()
	if ok && bad.version == in.Version {
		return nil, Meta{}, bad.err
	}
	snap, meta, err := s.parseInto(in.Name, strings.TrimSuffix(path.Base(in.Name), ext), func() ([]byte, string, error) {
		data, version, err := s.b.Get(bg, in.Name, sgmap.MaxSnapshotBytes)
		switch {
		case errors.Is(err, ErrNotFound):
			return nil, "", notFound(strings.TrimSuffix(in.Name, ext))
		case errors.Is(err, ErrTooLarge):
			return nil, "", sgmap.Errorf(sgmap.ETOOLARGE, "snapshot %s is larger than %d MiB", in.Name, sgmap.MaxSnapshotBytes>>20)
		case err != nil:
			return nil, "", fmt.Errorf("read snapshot: %w", err)
		}
		return data, version, nil
	})
	if err != nil && sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		s.mu.Lock()
		s.bad[in.Name] = badEntry{in.Version, err}
		s.mu.Unlock()
	}
	return snap, meta, err
}

// loadFile returns the parsed added file at p and its metadata, from the
// cache when the file's mtime and size have not changed.
func (s *Store) loadFile(p string, needSnap bool) (*sgmap.Snapshot, Meta, error) {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Meta{}, sgmap.Errorf(sgmap.ENOTFOUND, "snapshot file %s does not exist", filepath.Base(p))
		}
		return nil, Meta{}, fmt.Errorf("stat snapshot: %w", err)
	}
	version := fmt.Sprintf("%d-%d", fi.ModTime().UnixNano(), fi.Size())
	if snap, meta, ok := s.cached(p, version, needSnap); ok {
		return snap, meta, nil
	}
	if !fi.Mode().IsRegular() {
		return nil, Meta{}, sgmap.Errorf(sgmap.EINVALID, "snapshot %s is not a regular file", filepath.Base(p))
	}
	return s.parseInto(p, filepath.Base(p), func() ([]byte, string, error) {
		data, err := readAtMost(p, sgmap.MaxSnapshotBytes+1)
		if err != nil {
			return nil, "", fmt.Errorf("read snapshot: %w", err)
		}
		if int64(len(data)) > sgmap.MaxSnapshotBytes {
			return nil, "", sgmap.Errorf(sgmap.ETOOLARGE, "snapshot %s is larger than %d MiB", filepath.Base(p), sgmap.MaxSnapshotBytes>>20)
		}
		return data, version, nil
	})
}

// cached returns the cache entry of key when its version matches and it
// holds what the caller needs.
func (s *Store) cached(key, version string, needSnap bool) (*sgmap.Snapshot, Meta, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.cache[key]
	if e == nil || e.version != version || (e.snap == nil && needSnap) {
		return nil, Meta{}, false
	}
	if e.snap != nil {
		s.touch(key)
	}
	return e.snap, e.meta, true
}

// parseInto reads (with read) and parses the snapshot of key, whose errors
// name it file, and caches it.
func (s *Store) parseInto(key, file string, read func() ([]byte, string, error)) (*sgmap.Snapshot, Meta, error) {
	// At most cap(parsing) files are read and parsed at once: a flood of
	// requests for distinct large files must not hold them all in memory.
	parsing <- struct{}{}
	defer func() { <-parsing }()
	data, version, err := read()
	if err != nil {
		return nil, Meta{}, err
	}
	if !strings.HasSuffix(file, ext) {
		file += ext
	}
	snap, err := s.parse(file, data)
	if err != nil {
		return nil, Meta{}, err
	}
	sum := sha256.Sum256(data)
	e := &entry{version: version, snap: snap, meta: metaOf(snap, hex.EncodeToString(sum[:]))}
	s.mu.Lock()
	s.parses++
	s.cache[key] = e
	s.touch(key)
	s.mu.Unlock()
	return e.snap, e.meta, nil
}

// touch marks key's parsed snapshot most recently used and evicts the
// least recently used ones beyond maxParsed. Callers hold s.mu.
func (s *Store) touch(key string) {
	s.recent = slices.DeleteFunc(s.recent, func(q string) bool { return q == key })
	s.recent = append(s.recent, key)
	for len(s.recent) > maxParsed {
		if old := s.cache[s.recent[0]]; old != nil {
			old.snap = nil
		}
		s.recent = s.recent[1:]
	}
}

// readAtMost reads at most n bytes of the file at p: a file that grows, or
// is replaced by something endless, cannot exhaust memory.
func readAtMost(p string, n int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}

// Parses reports how many times the store has parsed a file: for tests and
// diagnostics of the parse cache.
func (s *Store) Parses() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.parses
}
