package store

import (
	"context"
	"errors"
	"time"
)

// Backend is where a [Store] keeps its objects: snapshot files, the index
// that lists them without reading each one, and anything else the store
// needs. The folder (the default, -data DIR) and S3 (-data s3://bucket/prefix)
// implement it with the same semantics, so one conformance suite tests both.
//
// Names are slash-separated relative paths of at most 512 bytes made of
// [A-Za-z0-9._-/], never starting with "/" or containing "..": the store
// chooses them, never a user.
//
// Every method is safe for concurrent use, by goroutines of one process and
// by several processes (replicas) sharing the same folder or bucket.
type Backend interface {
	// Get returns an object's bytes and its version. An object larger than
	// max bytes is an error wrapping [ErrTooLarge]; a missing one wraps
	// [ErrNotFound].
	Get(ctx context.Context, name string, max int64) (data []byte, version string, err error)
	// Put writes an object whole and atomically: readers see the old bytes
	// or the new ones, never a part, and a crash (kill -9) mid-write leaves
	// the old object or none. The condition makes it a compare-and-swap;
	// when it does not hold, Put changes nothing and returns an error
	// wrapping [ErrPrecondition]. It returns the new version. Any other
	// error may leave the write applied (S3 gave no answer): callers must
	// not count it as a lost race; the store's index, which is checked
	// against the objects at each listing, heals itself then.
	Put(ctx context.Context, name string, data []byte, cond Cond) (version string, err error)
	// List returns the objects whose names start with prefix, sorted by
	// name, without reading their contents.
	List(ctx context.Context, prefix string) ([]Info, error)
	// Delete removes an object. Deleting a missing object is not an error.
	Delete(ctx context.Context, name string) error
	// String names the backend for messages and logs: the folder's path
	// or the s3:// URL.
	String() string
}

// Cond is the precondition of a [Backend.Put]. The zero Cond always holds.
type Cond struct {
	// IfAbsent holds only when no object has the name (S3: If-None-Match: *).
	IfAbsent bool
	// IfVersion, when set, holds only when the object exists with this
	// version (S3: If-Match with its ETag).
	IfVersion string
}

// Info describes one object of a [Backend] listing.
type Info struct {
	Name     string
	Size     int64
	Version  string // changes whenever the bytes do (S3: the ETag)
	Modified time.Time
}

// Errors a [Backend] wraps; test them with [errors.Is].
var (
	// ErrNotFound: the object does not exist.
	ErrNotFound = errors.New("object not found")
	// ErrPrecondition: a [Cond] of Put did not hold (another writer won).
	ErrPrecondition = errors.New("precondition failed")
	// ErrTooLarge: the object is larger than the caller's limit.
	ErrTooLarge = errors.New("object too large")
)
