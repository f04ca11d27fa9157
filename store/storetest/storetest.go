// Package storetest is the conformance suite of [store.Backend]: the same
// tests of the object semantics (conditional puts, listing, delete) and of
// a [store.Store] on top (list, add, dedupe, delete, retention, two
// writers, kill -9 during a write) run against every backend, so the
// folder and S3 keep the same semantics.
//
// It touches a backend's storage only through the [store.Backend] methods.
package storetest

import (
	"os"
	"testing"

	"github.com/sgmap/sgmap/store"
)

// EnvStorage is set, in the child process of the crash test, to the
// String() of the parent's backend: newBackend must then return a backend
// on that same storage (the folder, the bucket and prefix) instead of a
// fresh one. [Reused] reads it.
const EnvStorage = "SGMAP_STORETEST_STORAGE"

// envChild marks the crash test's child process.
const envChild = "SGMAP_STORETEST_CHILD"

// Reused returns the storage a newBackend must open again (see
// [EnvStorage]), or "" when it should make a fresh one.
func Reused() string { return os.Getenv(EnvStorage) }

// Run runs the suite. newBackend returns a backend on fresh, empty storage
// (a new folder, a new bucket prefix), or, when [Reused] is not "", on the
// storage it names. The crash test runs the test binary again
// (os.Args[0] -test.run=<this test>/crash) as the writer it kills, so the
// caller's test function must be reachable that way.
func Run(t *testing.T, newBackend func(t *testing.T) store.Backend) {
	if mode := os.Getenv(envChild); mode != "" {
		// A child process of crash or two-processes: run its writer.
		t.Run(mode, func(t *testing.T) { writerChild(t, mode, newBackend) })
		return
	}
	t.Run("objects", func(t *testing.T) { testObjects(t, newBackend(t)) })
	t.Run("compare-and-swap", func(t *testing.T) { testCAS(t, newBackend(t)) })
	t.Run("list-add", func(t *testing.T) { testListAdd(t, newBackend(t)) })
	t.Run("dedupe", func(t *testing.T) { testDedupe(t, newBackend(t)) })
	t.Run("delete", func(t *testing.T) { testDelete(t, newBackend(t)) })
	t.Run("retention", func(t *testing.T) { testRetention(t, newBackend(t)) })
	t.Run("two-writers", func(t *testing.T) { testTwoWriters(t, newBackend(t)) })
	t.Run("two-processes", func(t *testing.T) { testTwoProcesses(t, newBackend(t)) })
	t.Run("crash", func(t *testing.T) { testCrash(t, newBackend) })
}
