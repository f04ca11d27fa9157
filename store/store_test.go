package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

func mustOpen(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func mustDemo(t testing.TB, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := demo.Get(name)
	if err != nil {
		t.Fatalf("demo.Get(%q): %v", name, err)
	}
	s.ID, s.Source = "", "upload"
	return s
}

func TestSave_AssignsIDAndRoundTrips(t *testing.T) {
	st := mustOpen(t)
	snap := mustDemo(t, "article")
	id, err := st.Save(snap)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	want := snap.Accounts[0] + "-" + snap.TakenAt.UTC().Format("20060102T150405Z")
	if id != want {
		t.Errorf("Save id = %q, want %q", id, want)
	}
	got, err := st.Get(id)
	if err != nil {
		t.Fatalf("Get(%q): %v", id, err)
	}
	if got.ID != id {
		t.Errorf("stored ID = %q, want %q", got.ID, id)
	}
	snap.ID = id
	if diff := cmp.Diff(snap, got); diff != "" {
		t.Errorf("Get(%q) differs from saved snapshot (-want +got):\n%s", id, diff)
	}
}

func TestSave_NeverOverwrites(t *testing.T) {
	st := mustOpen(t)
	snap := mustDemo(t, "article")
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			s := mustDemo(t, "article") // same taken_at, other content
			s.Groups[0].Rules[0].Description = fmt.Sprint("edit ", i)
			id, err := st.Save(s)
			if err != nil {
				t.Errorf("Save: %v", err)
			}
			ids[i] = id
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("id %q assigned twice", id)
		}
		seen[id] = true
	}
	base := baseID(snap)
	if !seen[base] || !seen[base+"-2"] || !seen[base+"-8"] {
		t.Errorf("ids = %v, want %s, %s-2 … %s-8", ids, base, base, base)
	}
	metas, err := st.List()
	if err != nil || len(metas) != 8 {
		t.Errorf("List() = %d metas, %v; want 8, nil", len(metas), err)
	}
}

func TestSave_InvalidIsRejected(t *testing.T) {
	st := mustOpen(t)
	snap := mustDemo(t, "article")
	snap.TakenAt = time.Time{}
	_, err := st.Save(snap)
	var ve *sgmap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Save(invalid) error = %v, want *sgmap.ValidationError", err)
	}
	des, _ := os.ReadDir(st.Dir())
	if len(des) != 0 {
		t.Errorf("folder holds %d files after a rejected save, want 0", len(des))
	}
}

func TestSave_NoFolder(t *testing.T) {
	st, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Save(mustDemo(t, "article"))
	if code := sgmap.ErrorCode(err); code != sgmap.EUNAVAILABLE {
		t.Errorf("Save without folder: code %q (%v), want %q", code, err, sgmap.EUNAVAILABLE)
	}
}

func TestList_MetaAndOrder(t *testing.T) {
	st := mustOpen(t)
	old := mustDemo(t, "antipattern")
	old.TakenAt = old.TakenAt.Add(-time.Hour)
	oldID, err := st.Save(old)
	if err != nil {
		t.Fatal(err)
	}
	newID, err := st.Save(mustDemo(t, "article"))
	if err != nil {
		t.Fatal(err)
	}
	// Files the store must ignore: temporary, reserved (empty), not JSON.
	os.WriteFile(filepath.Join(st.Dir(), ".x.json.tmp-1"), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(st.Dir(), "reserved.json"), nil, 0o644)
	os.WriteFile(filepath.Join(st.Dir(), "notes.txt"), []byte("hi"), 0o644)
	metas, err := st.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var ids []string
	for _, m := range metas {
		ids = append(ids, m.ID)
	}
	if diff := cmp.Diff([]string{newID, oldID}, ids); diff != "" {
		t.Errorf("List ids (-want +got):\n%s", diff)
	}
	m := metas[0]
	if len(m.VPCs) != 1 || m.VPCs[0].Groups == 0 || m.VPCs[0].Owners == 0 || m.VPCs[0].Rules == 0 || m.VPCs[0].Interfaces == 0 {
		t.Errorf("article meta VPCs = %+v, want one VPC with non-zero counts", m.VPCs)
	}
	if m.Source != "upload" || len(m.Hash) != 64 {
		t.Errorf("meta source %q hash %q", m.Source, m.Hash)
	}
	snap, meta, err := st.Latest()
	if err != nil || meta.ID != newID || snap.ID != newID {
		t.Errorf("Latest() = %q, %v; want %q", meta.ID, err, newID)
	}
}

func TestList_BrokenFileReported(t *testing.T) {
	st := mustOpen(t)
	id, err := st.Save(mustDemo(t, "article"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(st.Dir(), "broken.json"), []byte(`{"schema_version":"1.0","taken_at":`), 0o644)
	metas, err := st.List()
	if len(metas) != 1 || metas[0].ID != id {
		t.Errorf("List() = %+v, want only %q", metas, id)
	}
	if err == nil || !strings.Contains(err.Error(), "broken.json") {
		t.Errorf("List() error = %v, want one naming broken.json", err)
	}
}

func TestGet_CacheFollowsFileChanges(t *testing.T) {
	st := mustOpen(t)
	id, err := st.Save(mustDemo(t, "article"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := st.Get(id)
	b, _ := st.Get(id)
	if a != b {
		t.Errorf("second Get re-parsed an unchanged file")
	}
	other := mustDemo(t, "antipattern")
	other.ID = id
	f, _ := os.Create(filepath.Join(st.Dir(), id+".json"))
	other.Encode(f)
	f.Close()
	os.Chtimes(filepath.Join(st.Dir(), id+".json"), time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	c, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if c == a || len(c.Groups) != len(other.Groups) {
		t.Errorf("Get after rewrite returned the stale snapshot")
	}
}

func TestGet_BadIDs(t *testing.T) {
	st := mustOpen(t)
	os.WriteFile(filepath.Join(filepath.Dir(st.Dir()), "outside.json"), []byte("{}"), 0o644)
	for _, id := range []string{"", "..", "../outside", "a/b", `a\b`, ".hidden", "nope", strings.Repeat("x", 200), "x\x00y"} {
		_, err := st.Get(id)
		if code := sgmap.ErrorCode(err); code != sgmap.ENOTFOUND {
			t.Errorf("Get(%q) code = %q (%v), want %q", id, code, err, sgmap.ENOTFOUND)
		}
	}
}

func TestAdd(t *testing.T) {
	st := mustOpen(t)
	dir := t.TempDir()
	write := func(name string, s *sgmap.Snapshot) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := s.Encode(f); err != nil {
			t.Fatal(err)
		}
		return p
	}
	withID := mustDemo(t, "article")
	withID.ID = "prod-eu"
	id1, err := st.Add(write("a.json", withID))
	if err != nil || id1 != "prod-eu" {
		t.Errorf("Add(a.json) = %q, %v; want prod-eu", id1, err)
	}
	id2, err := st.Add(write("my snap<1>.json", mustDemo(t, "antipattern")))
	if err != nil || id2 != "my_snap_1" {
		t.Errorf("Add(my snap<1>.json) = %q, %v; want my_snap_1", id2, err)
	}
	id3, err := st.Add(write("b.json", withID))
	if err != nil || id3 != "prod-eu-2" {
		t.Errorf("Add(b.json) = %q, %v; want prod-eu-2", id3, err)
	}
	id4, err := st.Add(write("prod.v2.json", mustDemo(t, "antipattern")))
	if err != nil || id4 != "prod.v2" {
		t.Errorf("Add(prod.v2.json) = %q, %v; want prod.v2 (as the CLI names it)", id4, err)
	}
	id5, err := st.Add(write("..x...json", mustDemo(t, "antipattern")))
	if err != nil || !ValidID(id5) {
		t.Errorf("Add(..x...json) = %q, %v; want a valid id", id5, err)
	}
	if _, err := st.Add(filepath.Join(dir, "missing.json")); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		t.Errorf("Add(missing) = %v, want ENOTFOUND", err)
	}
	metas, err := st.List()
	if err != nil || len(metas) != 5 {
		t.Errorf("List() = %d, %v; want 5", len(metas), err)
	}
	if s, err := st.Get("my_snap_1"); err != nil || s.Groups[0].Name == "" {
		t.Errorf("Get(my_snap_1) = %v", err)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"123456789012-20261125T093000Z": true, "demo-article": true, "a.b_c": true,
		"": false, ".": false, "..": false, "a..b": false, "a/b": false, "é": false, " a": false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}

// TestStore_BoundedParsedCache checks a long-running dashboard does not keep
// every snapshot it ever listed in memory: listings reuse cached metadata,
// and at most maxParsed parsed snapshots stay cached.
func TestStore_BoundedParsedCache(t *testing.T) {
	st := mustOpen(t)
	n := maxParsed + 4
	var ids []string
	for i := range n {
		s := mustDemo(t, "article")
		s.TakenAt = s.TakenAt.Add(time.Duration(i) * time.Minute)
		s.Groups[0].Rules[0].Description = fmt.Sprint("edit ", i)
		id, err := st.Save(s)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, err := st.Get(id); err != nil {
			t.Fatal(err)
		}
	}
	parsed := func() (held, parses int) {
		st.mu.Lock()
		defer st.mu.Unlock()
		for _, e := range st.cache {
			if e.snap != nil {
				held++
			}
		}
		return held, st.parses
	}
	held, before := parsed()
	if held > maxParsed {
		t.Errorf("%d parsed snapshots held after loading %d, want at most %d", held, n, maxParsed)
	}
	metas, err := st.List()
	if err != nil || len(metas) != n {
		t.Fatalf("List: %d metas, %v", len(metas), err)
	}
	if _, after := parsed(); after != before {
		t.Errorf("List parsed %d files again; metadata should come from the cache", after-before)
	}
	// An evicted snapshot loads again, intact.
	s, err := st.Get(ids[0])
	if err != nil || s.TakenAt.IsZero() {
		t.Errorf("Get(%s) after eviction: %v", ids[0], err)
	}
}

// TestLatest_SameTakenAt checks that among snapshots taken at the same time
// the one saved last is the latest.
func TestLatest_SameTakenAt(t *testing.T) {
	st := mustOpen(t)
	var last string
	for i := range 3 {
		s := mustDemo(t, "article")
		s.Groups[0].Rules[0].Description = fmt.Sprint("edit ", i)
		id, err := st.Save(s)
		if err != nil {
			t.Fatal(err)
		}
		last = id
	}
	_, meta, err := st.Latest()
	if err != nil || meta.ID != last {
		t.Errorf("Latest() = %q, %v; want the last saved, %q", meta.ID, err, last)
	}
}

// TestLoad_RefusesSpecialFiles checks links and devices in the data folder
// are not read: a link to /dev/zero would be read until memory runs out.
func TestLoad_RefusesSpecialFiles(t *testing.T) {
	st := mustOpen(t)
	if err := os.Symlink("/dev/zero", filepath.Join(st.Dir(), "zero.json")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	if _, err := st.Get("zero"); err == nil {
		t.Error("Get(zero) followed a link to /dev/zero")
	}
	added, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := added.Add("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Add(/dev/zero) = %v, want a 'not a regular file' error", err)
	}
}
