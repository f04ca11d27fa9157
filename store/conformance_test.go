package store_test

import (
	"testing"

	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/storetest"
)

// TestFolderConformance runs the backend conformance suite (list, add,
// dedupe, delete, retention, two writers, kill -9 during a write) on the
// folder backend.
func TestFolderConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend {
		dir := storetest.Reused()
		if dir == "" {
			dir = t.TempDir()
		}
		f, err := store.NewFolder(dir)
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
}
