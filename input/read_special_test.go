package input

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestImport_RefusesSpecialFiles reproduces issue 8 item 7 through the
// import dispatcher: a named pipe (named, or found in a folder) blocked
// `sgmap import` for ever; it is refused at once, naming the file.
func TestImport_RefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "state.tfstate")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, dir, "/dev/zero"} {
		_, err := Options{}.Import([]string{path})
		if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Import(%s) = %v, want invalid: not a regular file", path, err)
		}
	}
}

// TestImport_Limits: an import of any JSON format is held to the snapshot
// limits before decoding (issue 8 item 2), with a message naming the limit.
func TestImport_Limits(t *testing.T) {
	body := `{"version":4,"resources":[` + strings.Repeat("{},", 3_000_000) + `{}]}`
	_, err := Options{}.Read("big.tfstate", strings.NewReader(body))
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || !strings.Contains(err.Error(), "Limits.") || !strings.Contains(err.Error(), "big.tfstate") {
		t.Errorf("Read(3M empty resources) = %v, want too_large naming the file and the limit", err)
	}
}
