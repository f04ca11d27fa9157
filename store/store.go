// Package store keeps snapshots as objects of a [Backend] (a [Folder], the
// serve and collect -data directory, or an S3 bucket) plus any extra files
// named on the command line. It lists them with summary metadata, loads
// them once and caches the parsed snapshot by object version (an added
// file's modification time and size), and saves new snapshots atomically
// under ids it assigns, never overwriting an existing object.
//
// Snapshots returned by a [Store] are shared between callers and must be
// treated as read-only.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sgmap/sgmap"
)

// ext is the file name extension of stored snapshots.
const ext = ".json"

// Store is a [Backend] of snapshot objects plus files added from the
// command line. It is safe for concurrent use.
type Store struct {
	b Backend // nil for a store of added files only

	mu    sync.Mutex
	added map[string]string // id → path, from [Store.Add]
	cache map[string]*entry // object name or added path → metadata, and the parsed snapshot if recent
	// recent lists the keys whose entries hold a parsed snapshot, least
	// recently used first; at most maxParsed of them.
	recent []string
	parses int // files parsed, for tests
	// parse turns a file's bytes into a snapshot; see [Store.SetParse].
	parse func(name string, data []byte) (*sgmap.Snapshot, error)
	// maxBytes is the store's quota (0: none); see SetMaxBytes.
	maxBytes int64
	// saveMu serialises this process's saves, so the quota holds.
	saveMu sync.Mutex
	log    *slog.Logger
	idx    loadedIndex         // the index as last read or written
	bad    map[string]badEntry // object name → why it does not load
}

// badEntry remembers that an object at a version does not load, so that
// listings do not parse it again.
type badEntry struct {
	version string
	err     error
}

// maxParsed bounds how many parsed snapshots stay in memory. Metadata for
// listings is kept for every file, so a dashboard collecting every 15
// minutes for months lists hundreds of snapshots without holding them all.
const maxParsed = 8

// parsing bounds concurrent parses, over every store of the process.
var parsing = make(chan struct{}, 2)

// entry is one object's (or added file's) metadata and, while recently
// used, its parsed snapshot (nil once evicted); valid while the object's
// version (an added file's mtime and size) matches.
type entry struct {
	version string
	snap    *sgmap.Snapshot
	meta    Meta
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
	// Series groups the snapshots of the same accounts, regions and
	// source ("123456789012/eu-west-1/aws-api"; see seriesOf).
	Series string `json:"series,omitempty"`
	// Content is the SHA-256 of the snapshot without its id and taken_at:
	// a save whose content equals the newest of its series is not stored
	// again but recorded here as seen again.
	Content string `json:"content,omitempty"`
	// SeenAgain counts those saves; SeenAt holds their taken_at times,
	// oldest first, the newest 100 of them.
	SeenAgain int         `json:"seen_again,omitempty"`
	SeenAt    []time.Time `json:"seen_at,omitempty"`
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

// Open returns the store of the folder dir (a [Folder] backend), creating
// the folder if it does not exist. An empty dir gives a store that holds
// only files added with [Store.Add] and cannot [Store.Save].
func Open(dir string, opts ...Option) (*Store, error) {
	if dir == "" {
		return New(nil, opts...)
	}
	f, err := NewFolder(dir)
	if err != nil {
		return nil, err
	}
	return New(f, opts...)
}

// Option configures [New].
type Option func(*Store)

// WithLog sets the logger of the store's warnings and of its migration
// (the default is [slog.Default]).
func WithLog(log *slog.Logger) Option { return func(s *Store) { s.log = log } }

// New returns the store whose snapshots are the objects of b; a nil b
// gives a store of added files only. A backend with snapshots but no
// index (a folder of an sgmap before the index) is migrated: the index is
// built from the snapshots, written atomically, and the migration logged.
func New(b Backend, opts ...Option) (*Store, error) {
	s := &Store{b: b, added: map[string]string{}, cache: map[string]*entry{}, bad: map[string]badEntry{},
		parse: parseSnapshot, log: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	if b != nil {
		if err := s.migrate(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// bg is the context of backend calls: the Store's methods predate
// contexts, and a folder ignores them.
var bg = context.Background()

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

// Dir returns the store's folder: "" when its backend is not a [Folder].
func (s *Store) Dir() string {
	if f, ok := s.b.(*Folder); ok {
		return f.Dir()
	}
	return ""
}

// Backend returns the store's backend (nil for a store of added files).
func (s *Store) Backend() Backend { return s.b }

// where names the store's backend in messages.
func (s *Store) where() string {
	if s.b == nil {
		return "(no data folder)"
	}
	return s.b.String()
}

// Writable reports whether [Store.Save] can work: the store has a backend.
func (s *Store) Writable() bool { return s.b != nil }

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
	snap, _, err := s.loadFile(abs, true)
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
	stored, err := s.objectNames(base)
	if err != nil {
		return "", fmt.Errorf("add snapshot: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id = base
	for n := 2; s.added[id] != "" || stored[id+ext]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	s.added[id] = abs
	return id, nil
}

// objectNames returns the names of the backend's objects that start with
// prefix (none without a backend).
func (s *Store) objectNames(prefix string) (map[string]bool, error) {
	names := map[string]bool{}
	if s.b == nil {
		return names, nil
	}
	infos, err := s.b.List(bg, prefix)
	if err != nil {
		return nil, err
	}
	for _, in := range infos {
		names[in.Name] = true
	}
	return names, nil
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

// notFound is the error of an unknown snapshot id.
func notFound(id string) error {
	return sgmap.Errorf(sgmap.ENOTFOUND, "no snapshot %q", clip(id))
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
	if !ValidID(id) {
		return nil, Meta{}, notFound(id)
	}
	s.mu.Lock()
	p, ok := s.added[id]
	s.mu.Unlock()
	var snap *sgmap.Snapshot
	var meta Meta
	var err error
	if ok {
		snap, meta, err = s.loadFile(p, true)
	} else {
		snap, meta, err = s.loadStored(id)
	}
	if err != nil {
		if sgmap.ErrorCode(err) == sgmap.ENOTFOUND {
			return nil, Meta{}, notFound(id)
		}
		return nil, Meta{}, err
	}
	meta.ID = id
	return snap, meta, nil
}

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
