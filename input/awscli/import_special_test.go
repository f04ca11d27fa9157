package awscli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestImport_RefusesSpecialFiles reproduces issue 8 item 7: importing a
// named pipe blocked for ever. A FIFO named directly or found in a folder
// is refused at once with a message naming it.
func TestImport_RefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "groups.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, dir} {
		_, err := Import([]string{path})
		if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), fifo) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Import(%s) = %v, want invalid naming %s as not a regular file", path, err, fifo)
		}
	}
	if _, err := Import([]string{"/dev/zero"}); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("Import(/dev/zero) = %v, want invalid", err)
	}
	_ = os.Remove(fifo)
}

// TestImport_LinkLoopMessageNamesTheFolder: a folder holding only a
// symbolic-link loop gave "no AWS CLI output … in " with no name at all
// (issue 8 item 10).
func TestImport_LinkLoopMessageNamesTheFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("loop", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "self.json")); err != nil {
		t.Fatal(err)
	}
	_, err := Import([]string{filepath.Join(dir, "loop")})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "loop")) {
		t.Errorf("Import(loop) = %v, want an error naming it", err)
	}
	os.Remove(filepath.Join(dir, "self.json"))
	_, err = Import([]string{dir})
	if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), dir+" holds no .json files") {
		t.Errorf("Import(folder with a loop) = %v, want invalid naming %s", err, dir)
	}
}
