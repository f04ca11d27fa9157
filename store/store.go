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
	"fmt"
	"log/slog"
	"path/filepath"
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
