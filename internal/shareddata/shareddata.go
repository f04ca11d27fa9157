// Package shareddata is for tests that read the third-party sample files
// kept beside the checkout (../shared/data): real exports nobody on the
// team wrote. They are not in the repository, so a checkout alone skips
// those tests; CI has them, and there a missing folder is a failure, not a
// silent skip (docs/architecture.md, "Where the tests are").
package shareddata

import (
	"os"
	"testing"
)

// Missing ends a test whose shared data at path is not there: it fails
// under CI=true and skips otherwise, saying which.
func Missing(t testing.TB, path string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared test data %s is missing (%v): CI must have it", path, err)
	}
	t.Skipf("shared test data %s is not beside the checkout (%v); CI=true makes this a failure", path, err)
}
