package infile

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/sgmap/sgmap"
)

func isJSON(p string) bool { return strings.HasSuffix(p, ".json") }

// TestFiles_Walk: a folder gives its matching files sorted, hidden folders
// skipped; a file gives itself; a missing path is ENOTFOUND.
func TestFiles_Walk(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.json", "a.json", "notes.txt", "sub/c.json", ".git/d.json"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Files(dir, isJSON)
	want := []string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"), filepath.Join(dir, "sub", "c.json")}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Files(dir) = %v, %v; want %v", got, err, want)
	}
	if got, err := Files(want[0], isJSON); err != nil || !slices.Equal(got, want[:1]) {
		t.Errorf("Files(file) = %v, %v; want the file itself", got, err)
	}
	if _, err := Files(filepath.Join(dir, "missing"), isJSON); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		t.Errorf("Files(missing) = %v, want not found", err)
	}
}

// TestFiles_RefusesSpecialFiles: pipes, devices and links to folders are
// refused, named or found in a folder, with a message naming them (a FIFO
// blocked `sgmap import` for ever).
func TestFiles_RefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "groups.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, dir, "/dev/zero"} {
		_, err := Files(path, isJSON)
		if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Files(%s) = %v, want invalid: not a regular file", path, err)
		}
	}
	other := t.TempDir()
	link := filepath.Join(other, "folder.json")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := Files(other, isJSON); sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), "link to a folder") {
		t.Errorf("Files(folder with a link to a folder) = %v, want invalid naming the link", err)
	}
}
