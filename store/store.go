// Package store keeps snapshots as files in one folder (the serve and collect
// -data directory) plus any extra files named on the command line. It lists
// them with summary metadata, loads them once and caches the parsed
// snapshot by file modification time and size, and saves new snapshots
// atomically under ids it assigns, never overwriting an existing file.
//
// Snapshots returned by a [Store] are shared between callers and must be
// treated as read-only.
package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sgmap/sgmap"
)

// ext is the file name extension of stored snapshots.
const ext = ".json"

// Store is a folder of snapshot files. It is safe for concurrent use.
type Store struct {
	dir string // "" for a store of added files only

	mu    sync.Mutex
	added map[string]string // id → path, from [Store.Add]
	cache map[string]*entry // path → metadata, and the parsed file if recent
	// recent lists the paths whose entries hold a parsed snapshot, least
	// recently used first; at most maxParsed of them.
	recent []string
	parses int // files parsed, for tests
	// parse turns a file's bytes into a snapshot; see [Store.SetParse].
	parse func(name string, data []byte) (*sgmap.Snapshot, error)
	// maxBytes is the folder's quota (0: none); see SetMaxBytes.
	maxBytes int64
}

// maxParsed bounds how many parsed snapshots stay in memory. Metadata for
// listings is kept for every file, so a dashboard collecting every 15
// minutes for months lists hundreds of snapshots without holding them all.
const maxParsed = 8

// parsing bounds concurrent parses, over every store of the process.
var parsing = make(chan struct{}, 2)

// entry is one file's metadata and, while recently used, its parsed
// snapshot (nil once evicted); valid while the file's mtime and size match.
type entry struct {
	mtime time.Time
	size  int64
	snap  *sgmap.Snapshot
	meta  Meta
}

// Meta summarises one stored snapshot for listings.
type Meta struct {
	ID       string    `json:"id"`
	Accounts []string  `json:"accounts"`
	Regions  []string  `json:"regions"`
	TakenAt  time.Time `json:"taken_at"`
	VPCs     []VPCMeta `json:"vpcs"`
	Warnings int       `json:"warnings"`
	Source   string    `json:"source,omitempty"`
	// Hash is the SHA-256 of the file's bytes: it changes whenever the
	// snapshot does, so caches can key on ID and Hash.
	Hash string `json:"hash"`
}

// VPCMeta counts what one VPC of a snapshot holds.
type VPCMeta struct {
	ID         string `json:"id"`
	Name       string `json:"name,omitempty"`
	Groups     int    `json:"groups"`
	Owners     int    `json:"owners"`
	Interfaces int    `json:"interfaces"`
	Rules      int    `json:"rules"`
}

// Open returns the store for the folder dir, creating the folder if it does
// not exist. An empty dir gives a store that holds only files added with
// [Store.Add] and cannot [Store.Save].
func Open(dir string) (*Store, error) {
	s := &Store{dir: dir, added: map[string]string{}, cache: map[string]*entry{},
		parse: parseSnapshot}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return s, nil
}

// parseSnapshot is the default parse: [sgmap.ParseSnapshot], with errors
// that name the file.
func parseSnapshot(name string, data []byte) (*sgmap.Snapshot, error) {
	snap, err := sgmap.ParseSnapshot(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return snap, nil
}

// SetParse sets how the store turns a file's bytes into a snapshot, given
// the file's base name; its errors name the file. The default is
// [sgmap.ParseSnapshot]. sgmap serve sets package input's
// reader, so that `-snapshot plan.json` serves a Terraform plan, re-read
// when the file changes. Call it before the store is used.
func (s *Store) SetParse(parse func(name string, data []byte) (*sgmap.Snapshot, error)) {
	s.parse = parse
}

// Dir returns the store's folder ("" when it has none).
func (s *Store) Dir() string { return s.dir }

// Writable reports whether [Store.Save] can work: the store has a folder.
func (s *Store) Writable() bool { return s.dir != "" }

// ValidID reports whether id can name a stored snapshot: a non-empty path
// segment of letters, digits, '-', '_' and '.', not starting with '.', at
// most 128 bytes. It rules out '/', '\\' and "..".
func ValidID(id string) bool {
	if id == "" || len(id) > 128 || id[0] == '.' || strings.Contains(id, "..") {
		return false
	}
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}

// Add loads the snapshot file at path and makes it available under its own
// id (when it has a valid one) or one derived from the file name, made
// unique among the store's ids. The file stays where it is and is re-read
// when it changes. Errors are those of [sgmap.LoadSnapshotFile].
func (s *Store) Add(path string) (id string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("add snapshot: %w", err)
	}
	snap, _, err := s.load(abs, true)
	if err != nil {
		return "", err
	}
	base := snap.ID
	if !ValidID(base) || strings.HasPrefix(base, "demo-") || base == "latest" {
		// The same rule as the CLI's render -snapshot FILE (base name
		// without .json), so both give the same diagram bytes, made safe
		// for URLs.
		base = sanitize(strings.TrimSuffix(filepath.Base(abs), ext))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id = base
	for n := 2; s.taken(id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	s.added[id] = abs
	return id, nil
}

// taken reports whether id is in use; s.mu must be held.
func (s *Store) taken(id string) bool {
	if _, ok := s.added[id]; ok {
		return true
	}
	if s.dir == "" {
		return false
	}
	_, err := os.Lstat(filepath.Join(s.dir, id+ext))
	return err == nil
}

// sanitize maps a file name to a valid id.
func sanitize(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	id := strings.Trim(string(b), "_.")
	for strings.Contains(id, "..") {
		id = strings.ReplaceAll(id, "..", "_")
	}
	if len(id) > 100 {
		id = id[:100]
	}
	if id == "" || strings.HasPrefix(id, "demo-") || id == "latest" {
		id = "file-" + id
	}
	return id
}

// path returns the file behind id, or an ENOTFOUND error.
func (s *Store) path(id string) (string, error) {
	if !ValidID(id) {
		return "", sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", clip(id))
	}
	s.mu.Lock()
	p, ok := s.added[id]
	s.mu.Unlock()
	if ok {
		return p, nil
	}
	if s.dir == "" {
		return "", sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", id)
	}
	p = filepath.Join(s.dir, id+ext)
	// The folder holds files the store wrote: a symbolic link there (to
	// /dev/zero, /etc/passwd, …) is not one of them.
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return "", sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", id)
	}
	return p, nil
}

// Get returns the snapshot with the given id. An unknown or malformed id is
// an [sgmap.ENOTFOUND] error; a file that does not parse gives the error of
// [sgmap.DecodeSnapshot].
func (s *Store) Get(id string) (*sgmap.Snapshot, error) {
	snap, _, err := s.Load(id)
	return snap, err
}

// Load is [Store.Get] that also returns the snapshot's [Meta].
func (s *Store) Load(id string) (*sgmap.Snapshot, Meta, error) {
	return s.loadID(id, true)
}

// loadID loads the file of id; with needSnap false only its metadata is
// guaranteed (listings), which stays cached for every file while parsed
// snapshots are evicted.
func (s *Store) loadID(id string, needSnap bool) (*sgmap.Snapshot, Meta, error) {
	p, err := s.path(id)
	if err != nil {
		return nil, Meta{}, err
	}
	snap, meta, err := s.load(p, needSnap)
	if err != nil {
		if sgmap.ErrorCode(err) == sgmap.ENOTFOUND {
			return nil, Meta{}, sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", id)
		}
		return nil, Meta{}, err
	}
	meta.ID = id
	return snap, meta, nil
}

// load returns the parsed file at p and its metadata, from the cache when
// the file's mtime and size have not changed. With needSnap false (listings)
// cached metadata is enough and nothing is parsed.
func (s *Store) load(p string, needSnap bool) (*sgmap.Snapshot, Meta, error) {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Meta{}, sgmap.Errorf(sgmap.ENOTFOUND, "snapshot file %s does not exist", filepath.Base(p))
		}
		return nil, Meta{}, fmt.Errorf("stat snapshot: %w", err)
	}
	s.mu.Lock()
	e := s.cache[p]
	if e != nil && e.mtime.Equal(fi.ModTime()) && e.size == fi.Size() && (e.snap != nil || !needSnap) {
		if e.snap != nil {
			s.touch(p)
		}
		s.mu.Unlock()
		return e.snap, e.meta, nil
	}
	s.mu.Unlock()
	if !fi.Mode().IsRegular() {
		return nil, Meta{}, sgmap.Errorf(sgmap.EINVALID, "snapshot %s is not a regular file", filepath.Base(p))
	}
	// At most maxParsing files are read and parsed at once: a flood of
	// requests for distinct large files must not hold them all in memory.
	parsing <- struct{}{}
	defer func() { <-parsing }()
	data, err := readAtMost(p, sgmap.MaxSnapshotBytes+1)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("read snapshot: %w", err)
	}
	if int64(len(data)) > sgmap.MaxSnapshotBytes {
		return nil, Meta{}, sgmap.Errorf(sgmap.ETOOLARGE, "snapshot %s is larger than %d MiB", filepath.Base(p), sgmap.MaxSnapshotBytes>>20)
	}
	snap, err := s.parse(filepath.Base(p), data)
	if err != nil {
		return nil, Meta{}, err
	}
	sum := sha256.Sum256(data)
	e = &entry{mtime: fi.ModTime(), size: fi.Size(), snap: snap, meta: metaOf(snap, hex.EncodeToString(sum[:]))}
	s.mu.Lock()
	s.parses++
	s.cache[p] = e
	s.touch(p)
	s.mu.Unlock()
	return e.snap, e.meta, nil
}

// touch marks p's parsed snapshot most recently used and evicts the least
// recently used ones beyond maxParsed. Callers hold s.mu.
func (s *Store) touch(p string) {
	s.recent = slices.DeleteFunc(s.recent, func(q string) bool { return q == p })
	s.recent = append(s.recent, p)
	for len(s.recent) > maxParsed {
		if old := s.cache[s.recent[0]]; old != nil {
			old.snap = nil
		}
		s.recent = s.recent[1:]
	}
}

// List returns every stored and added snapshot, newest first; snapshots
// taken at the same time are ordered by id, highest first, so the one saved
// last (…-2, …-3) counts as the newest.
// Files that cannot be read or parsed are left out and reported in the
// returned error (an errors.Join of them), alongside the good ones.
func (s *Store) List() ([]Meta, error) {
	ids, err := s.ids()
	if err != nil {
		return nil, err
	}
	var out []Meta
	var errs []error
	for _, id := range ids {
		_, m, err := s.loadID(id, false)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Meta) int {
		if c := b.TakenAt.Compare(a.TakenAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out, errors.Join(errs...)
}

// ids lists the ids of the folder's files and the added files.
func (s *Store) ids() ([]string, error) {
	s.mu.Lock()
	ids := make([]string, 0, len(s.added))
	for id := range s.added {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	if s.dir == "" {
		return ids, nil
	}
	des, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	for _, de := range des {
		name := de.Name()
		id := strings.TrimSuffix(name, ext)
		if !de.Type().IsRegular() || !strings.HasSuffix(name, ext) || !ValidID(id) {
			continue
		}
		// A zero-size file is a name reserved by a Save in progress.
		if fi, err := de.Info(); err != nil || fi.Size() == 0 {
			continue
		}
		ids = append(ids, id)
	}
	return ids, nil
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

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// IsAdded reports whether id names a file added with [Store.Add] (which
// may change on disk) rather than one saved in the folder.
func (s *Store) IsAdded(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.added[id]
	return ok
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
