package s3store_test

import (
	"testing"

	"github.com/sgmap/sgmap/internal/s3test"
	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/storetest"
)

// TestConformance runs the store's backend conformance suite (the one the
// folder passes) on S3: objects and conditions, compare-and-swap, list,
// add, dedupe, delete, retention, two writers, and kill -9 during a write.
func TestConformance(t *testing.T) {
	s3test.Need(t, srv)
	storetest.Run(t, func(t *testing.T) store.Backend {
		if url := storetest.Reused(); url != "" {
			return openBackend(t, url) // the crash test's child, on the parent's bucket
		}
		b, _ := newBackend(t, "conformance")
		return b
	})
}
