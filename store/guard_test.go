package store

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
)

// TestSave_SymlinkSwappedIn reproduces issue 8 item 3: a local process
// replaces the reserved file by a link to another file between the
// reservation and the write. The link's target must stay untouched and
// the snapshot land in the folder.
func TestSave_SymlinkSwappedIn(t *testing.T) {
	st := mustOpen(t)
	victim := filepath.Join(t.TempDir(), "victim.txt")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The name is free when chosen; the link appears just before the
	// write (once: a hostile process racing every attempt is the next
	// test's loop bound).
	beforePut = func(name string) {
		beforePut = nil
		path := filepath.Join(st.Dir(), name)
		os.Remove(path)
		if err := os.Symlink(victim, path); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { beforePut = nil }()
	id, err := st.Save(mustDemo(t, "article"))
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target was overwritten: %.40q", b)
	}
	fi, err := os.Lstat(filepath.Join(st.Dir(), id+ext))
	if err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("stored file is not a regular file: %v %v", fi, err)
	}
	if _, err := st.Get(id); err != nil {
		t.Errorf("Get(%q) after the swap: %v", id, err)
	}
}

func TestSave_Quota(t *testing.T) {
	st := mustOpen(t)
	if _, err := st.Save(mustDemo(t, "article")); err != nil {
		t.Fatal(err)
	}
	used, _ := st.used()
	st.SetMaxBytes(used + 100)
	_, err := st.Save(mustDemo(t, "antipattern"))
	if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), "over its quota") {
		t.Fatalf("Save past the quota = %v, want ErrFull naming the quota", err)
	}
	if after, _ := st.used(); after != used {
		t.Errorf("folder grew from %d to %d bytes on a refused save", used, after)
	}
	st.SetMaxBytes(0)
	if _, err := st.Save(mustDemo(t, "antipattern")); err != nil {
		t.Errorf("Save without a quota: %v", err)
	}
}

func TestClassify(t *testing.T) {
	st := mustOpen(t)
	for _, tt := range []struct {
		errno syscall.Errno
		want  error
		msg   string
	}{
		{syscall.ENOSPC, ErrFull, "disk is full"},
		{syscall.EDQUOT, ErrFull, "disk is full"},
		{syscall.EROFS, ErrReadOnly, "cannot be written"},
		{syscall.EACCES, ErrReadOnly, "cannot be written"},
	} {
		err := st.classify(fmt.Errorf("save snapshot: %w", &os.PathError{Op: "write", Path: "x", Err: tt.errno}))
		if !errors.Is(err, tt.want) || !strings.Contains(sgmap.ErrorMessage(err), tt.msg) || !errors.Is(err, tt.errno) {
			t.Errorf("classify(%v) = %v (%q)", tt.errno, err, sgmap.ErrorMessage(err))
		}
	}
}

// TestCleanLeftovers: what kill -9 during a Save leaves (an empty reserved
// file of the previous store, a temporary file old enough not to be
// another process's write in progress) is removed; real snapshots, young
// temporary files and foreign files stay.
func TestCleanLeftovers(t *testing.T) {
	st := mustOpen(t)
	id, err := st.Save(mustDemo(t, "article"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"123-20261102T093000Z.json": "",
		".x.json.tmp-123":           "{partial",
		".y.json.tmp-456":           "{in progress",
		"notes.txt":                 "",
	} {
		writeFileT(t, filepath.Join(st.Dir(), name), data)
	}
	old := time.Now().Add(-2 * tmpMaxAge)
	os.Chtimes(filepath.Join(st.Dir(), ".x.json.tmp-123"), old, old)
	removed, err := st.CleanLeftovers()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	if want := []string{".x.json.tmp-123", "123-20261102T093000Z.json"}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	names := slices.DeleteFunc(dirNamesT(t, st.Dir()), func(n string) bool { return n == lockName || n == indexName })
	if want := []string{".y.json.tmp-456", id + ext, "notes.txt"}; !slices.Equal(names, want) {
		t.Errorf("folder holds %v, want %v", names, want)
	}
}

// TestSave_FutureTakenAtIsClamped: an upload dated in the future must not
// become "latest" for ever (issue 8 item 10).
func TestSave_FutureTakenAtIsClamped(t *testing.T) {
	st := mustOpen(t)
	old := mustDemo(t, "article")
	future := mustDemo(t, "antipattern")
	future.TakenAt = time.Now().AddDate(70, 0, 0)
	futureID, err := st.Save(future)
	if err != nil {
		t.Fatal(err)
	}
	old.TakenAt = time.Now().Add(time.Second)
	oldID, err := st.Save(old)
	if err != nil {
		t.Fatal(err)
	}
	_, latest, err := st.Latest()
	if err != nil || latest.ID != oldID {
		t.Errorf("latest = %q (%v), want %q saved after the future-dated %q", latest.ID, err, oldID, futureID)
	}
	got, _ := st.Get(futureID)
	if got.TakenAt.After(time.Now()) || !slices.ContainsFunc(got.Warnings, func(w sgmap.Warning) bool { return w.Code == "future-taken-at" }) {
		t.Errorf("future snapshot stored with taken_at %v and warnings %v", got.TakenAt, got.Warnings)
	}
}

func writeFileT(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func dirNamesT(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

// TestIndex_LinkPlanted: a link planted at the index's name is neither
// followed nor fatal to listing.
func TestIndex_LinkPlanted(t *testing.T) {
	st := mustOpen(t)
	id, err := st.Save(mustDemo(t, "article"))
	if err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "victim")
	writeFileT(t, victim, "precious")
	os.Remove(filepath.Join(st.Dir(), indexName))
	if err := os.Symlink(victim, filepath.Join(st.Dir(), indexName)); err != nil {
		t.Skip(err)
	}
	fresh, err := Open(st.Dir(), WithLog(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if metas, err := fresh.List(); err != nil || len(metas) != 1 || metas[0].ID != id {
		t.Errorf("List with a planted index link = %+v, %v", metas, err)
	}
	other := mustDemo(t, "antipattern")
	if _, err := fresh.Save(other); err != nil {
		t.Errorf("Save with a planted index link = %v, want the snapshot stored", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target was written: %q", b)
	}
}
