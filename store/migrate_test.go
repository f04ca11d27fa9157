package store

import (
	"bytes"
	"context"
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
)

// oldFolder writes a data folder as sgmap wrote it before the index: one
// <id>.json per snapshot (the id inside), plus what interrupted saves
// left (an empty reserved name, a temporary file) and a foreign file.
func oldFolder(t *testing.T) (dir string, ids []string) {
	t.Helper()
	dir = t.TempDir()
	for i := range 3 {
		s := mustDemo(t, "article")
		s.TakenAt = s.TakenAt.Add(time.Duration(i) * time.Hour)
		s.Groups[0].Rules[0].Description = "old " + s.TakenAt.String()
		s.ID = baseID(s)
		var buf bytes.Buffer
		if err := s.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		writeFileT(t, filepath.Join(dir, s.ID+ext), buf.String())
		ids = append(ids, s.ID)
	}
	writeFileT(t, filepath.Join(dir, "123456789012-20260101T000000Z.json"), "")
	writeFileT(t, filepath.Join(dir, ".x.json.tmp-42"), "{part")
	writeFileT(t, filepath.Join(dir, "notes.txt"), "mine")
	return dir, ids
}

// TestMigrate_OldFolder: an old folder opens as it is; the first open
// builds the index in place (one new object, written atomically), logs the
// migration, and leaves every snapshot file byte for byte as it was.
func TestMigrate_OldFolder(t *testing.T) {
	dir, ids := oldFolder(t)
	before := map[string][]byte{}
	for _, id := range ids {
		before[id], _ = os.ReadFile(filepath.Join(dir, id+ext))
	}
	var logs bytes.Buffer
	st, err := Open(dir, WithLog(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "migrated the data folder") || !strings.Contains(logs.String(), "snapshots=3") {
		t.Errorf("migration log = %q, want it to say 3 snapshots were indexed", logs.String())
	}
	if err := st.CheckIndex(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, indexName)); err != nil {
		t.Fatalf("no index after the migration: %v", err)
	}
	if got := listIDs(t, st); !slices.Equal(got, ids) {
		t.Errorf("migrated folder lists %v, want %v", got, ids)
	}
	for _, id := range ids {
		if after, _ := os.ReadFile(filepath.Join(dir, id+ext)); !bytes.Equal(after, before[id]) {
			t.Errorf("%s changed by the migration", id)
		}
		if s, err := st.Get(id); err != nil || s.ID != id {
			t.Errorf("Get(%s) after migration: %v", id, err)
		}
	}
	// Done once: the next open lists from the index, logs nothing.
	logs.Reset()
	again, err := Open(dir, WithLog(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, again); !slices.Equal(got, ids) || again.Parses() != 0 || logs.Len() != 0 {
		t.Errorf("second open: %v, %d parses, log %q", got, again.Parses(), logs.String())
	}
	// Migrated snapshots take part in series: the newest one's content
	// uploaded again is deduplicated.
	dup := mustDemo(t, "article")
	dup.TakenAt = dup.TakenAt.Add(2 * time.Hour)
	dup.Groups[0].Rules[0].Description = "old " + dup.TakenAt.String()
	dup.TakenAt = dup.TakenAt.Add(time.Hour)
	if saved, err := again.Record(dup); err != nil || !saved.Deduplicated || saved.ID != ids[2] {
		t.Errorf("Record of the newest migrated content = %+v, %v; want deduplicated onto %s", saved, err, ids[2])
	}
}

// TestMigrate_ReadOnlyFolder: an old folder on a read-only mount still
// lists (the index cannot be written, and is not needed to read).
func TestMigrate_ReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	dir, ids := oldFolder(t)
	os.Remove(filepath.Join(dir, "123456789012-20260101T000000Z.json"))
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	st, err := Open(dir, WithLog(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, st); !slices.Equal(got, ids) {
		t.Errorf("read-only old folder lists %v, want %v", got, ids)
	}
}

// readOnly is a backend whose writes fail as on a read-only mount.
type readOnly struct{ Backend }

func (readOnly) Put(context.Context, string, []byte, Cond) (string, error) {
	return "", &os.PathError{Op: "open", Path: "x", Err: syscall.EROFS}
}

// TestList_IndexUnwritable: when the index cannot be written (a read-only
// mount), listings still work and parse each snapshot once, not at every
// listing (more snapshots than the parsed cache holds).
func TestList_IndexUnwritable(t *testing.T) {
	dir := t.TempDir()
	var ids []string
	for i := range maxParsed + 4 {
		s := mustDemo(t, "article")
		s.TakenAt = s.TakenAt.Add(time.Duration(i) * time.Hour)
		s.Groups[0].Rules[0].Description = fmt.Sprint("old ", i)
		s.ID = baseID(s)
		var buf bytes.Buffer
		s.Encode(&buf)
		writeFileT(t, filepath.Join(dir, s.ID+ext), buf.String())
		ids = append(ids, s.ID)
	}
	f, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := New(readOnly{f}, WithLog(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got := listIDs(t, st); !slices.Equal(got, ids) {
			t.Fatalf("List = %v, want %v", got, ids)
		}
	}
	if n := st.Parses(); n != len(ids) {
		t.Errorf("three listings parsed %d times, want %d (once each)", n, len(ids))
	}
	if _, err := st.Save(mustDemo(t, "antipattern")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Save on a read-only backend = %v, want ErrReadOnly", err)
	}
}
