package storetest

import (
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/store"
)

// newStore returns a store on b that logs nothing.
func newStore(t testing.TB, b store.Backend) *store.Store {
	t.Helper()
	st, err := store.New(b, store.WithLog(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatalf("store.New(%s): %v", b, err)
	}
	return st
}

// snapshot returns the article demo of the series source, taken at at,
// whose content is named by edit (equal edits, equal content).
func snapshot(t testing.TB, source, edit string, at time.Time) *sgmap.Snapshot {
	t.Helper()
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	s.ID, s.Source, s.TakenAt = "", source, at.UTC().Truncate(time.Second)
	s.Groups[0].Rules[0].Description = edit
	return s
}

// base is when the suite's snapshots are taken: recent, so that a -keep of
// days keeps them, and whole seconds, as stored.
var base = time.Now().UTC().Truncate(time.Hour).Add(-30 * 24 * time.Hour)

func record(t testing.TB, st *store.Store, s *sgmap.Snapshot) store.Saved {
	t.Helper()
	saved, err := st.Record(s)
	if err != nil {
		t.Fatalf("Record: %v", err)
	}
	return saved
}

func ids(t testing.TB, st *store.Store) []string {
	t.Helper()
	metas, err := st.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var out []string
	for _, m := range metas {
		out = append(out, m.ID)
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// testListAdd: saved snapshots list newest first, load back, and a second
// store on the same backend (a restart, another replica) lists them from
// the index without reading one.
func testListAdd(t *testing.T, b store.Backend) {
	st := newStore(t, b)
	if metas, err := st.List(); err != nil || len(metas) != 0 {
		t.Fatalf("empty store lists %v, %v", metas, err)
	}
	var saved []string
	for i := range 3 {
		s := record(t, st, snapshot(t, "upload", fmt.Sprint("edit ", i), base.Add(time.Duration(i)*time.Hour)))
		if s.Deduplicated || !store.ValidID(s.ID) {
			t.Fatalf("Record %d = %+v", i, s)
		}
		saved = append(saved, s.ID)
	}
	metas, err := st.List()
	if err != nil || len(metas) != 3 || metas[0].ID != saved[2] || metas[2].ID != saved[0] {
		t.Fatalf("List = %+v, %v; want %v newest first", metas, err, saved)
	}
	snap, meta, err := st.Load(saved[1])
	if err != nil || snap.ID != saved[1] || snap.Groups[0].Rules[0].Description != "edit 1" || meta.Hash == "" || meta.Series == "" {
		t.Errorf("Load(%s) = %v, %+v", saved[1], err, meta)
	}
	if _, _, err := st.Latest(); err != nil {
		t.Errorf("Latest: %v", err)
	}
	other := newStore(t, b)
	if got := ids(t, other); !slices.Equal(got, sorted(saved)) {
		t.Errorf("second store lists %v, want %v", got, saved)
	}
	if n := other.Parses(); n != 0 {
		t.Errorf("second store parsed %d snapshots to list them, want 0 (the index)", n)
	}
}

// testDedupe: the content of the newest of a series is recorded as seen
// again, not stored; other content, or another series, is stored.
func testDedupe(t *testing.T, b store.Backend) {
	st := newStore(t, b)
	first := record(t, st, snapshot(t, "aws-api", "same", base))
	again := record(t, st, snapshot(t, "aws-api", "same", base.Add(15*time.Minute)))
	if !again.Deduplicated || again.ID != first.ID {
		t.Fatalf("identical Record = %+v, want deduplicated onto %s", again, first.ID)
	}
	metas, _ := st.List()
	if len(metas) != 1 || metas[0].SeenAgain != 1 || !metas[0].LastSeen().Equal(base.Add(15*time.Minute)) {
		t.Fatalf("after a duplicate the store lists %+v", metas)
	}
	if other := record(t, st, snapshot(t, "upload", "same", base.Add(time.Hour))); other.Deduplicated {
		t.Errorf("another series was deduplicated: %+v", other)
	}
	if changed := record(t, st, snapshot(t, "aws-api", "changed", base.Add(time.Hour))); changed.Deduplicated {
		t.Errorf("changed content was deduplicated: %+v", changed)
	}
	if m, _ := newStore(t, b).List(); len(m) != 3 {
		t.Errorf("a second store lists %d snapshots, want 3", len(m))
	}
}

// testDelete: a deleted snapshot is gone for this store and for another;
// deleting it again, or an unknown id, is ENOTFOUND.
func testDelete(t *testing.T, b store.Backend) {
	st := newStore(t, b)
	var saved []string
	for i := range 3 {
		saved = append(saved, record(t, st, snapshot(t, "upload", fmt.Sprint(i), base.Add(time.Duration(i)*time.Hour))).ID)
	}
	if _, err := st.Get(saved[1]); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(saved[1]); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := st.Get(saved[1]); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		t.Errorf("Get after Delete = %v, want ENOTFOUND", err)
	}
	want := sorted([]string{saved[0], saved[2]})
	if got := ids(t, st); !slices.Equal(got, want) {
		t.Errorf("List after Delete = %v, want %v", got, want)
	}
	if got := ids(t, newStore(t, b)); !slices.Equal(got, want) {
		t.Errorf("another store lists %v after Delete, want %v", got, want)
	}
	for _, id := range []string{saved[1], "nope", "../x"} {
		if err := st.Delete(id); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
			t.Errorf("Delete(%q) = %v, want ENOTFOUND", id, err)
		}
	}
}

// testRetention: -keep-last and -keep per series, never the newest of one.
func testRetention(t *testing.T, b store.Backend) {
	st := newStore(t, b)
	now := base.Add(10 * 24 * time.Hour)
	var a []string
	for i := range 6 { // days 5..10 after base
		a = append(a, record(t, st, snapshot(t, "upload", fmt.Sprint(i), base.AddDate(0, 0, 5+i))).ID)
	}
	old := record(t, st, snapshot(t, "aws-api", "alone", base)).ID // 10 days old, alone in its series
	removed, err := st.Prune(store.Retention{KeepLast: 4}, now)
	if err != nil || len(removed) != 2 {
		t.Fatalf("Prune(keep-last 4) removed %+v, %v; want 2", removed, err)
	}
	removed, err = st.Prune(store.Retention{KeepFor: 2*24*time.Hour + time.Hour}, now)
	if err != nil || len(removed) != 1 {
		t.Fatalf("Prune(keep 2d1h) removed %+v, %v; want 1", removed, err)
	}
	want := sorted(append(slices.Clone(a[3:]), old))
	if got := ids(t, st); !slices.Equal(got, want) {
		t.Errorf("after retention the store lists %v, want %v", got, want)
	}
	if got := ids(t, newStore(t, b)); !slices.Equal(got, want) {
		t.Errorf("another store lists %v after retention, want %v", got, want)
	}
}

// testTwoWriters: two stores on one backend (two replicas) saving at once
// lose no snapshot and no index entry.
func testTwoWriters(t *testing.T, b store.Backend) {
	stores := []*store.Store{newStore(t, b), newStore(t, b)}
	const each = 8
	saved := make([][]string, len(stores))
	var wg sync.WaitGroup
	for w, st := range stores {
		wg.Go(func() {
			for i := range each {
				// Same taken_at for both writers: they contend for ids.
				s, err := st.Record(snapshot(t, "upload", fmt.Sprintf("writer %d edit %d", w, i), base.Add(time.Duration(i)*time.Minute)))
				if err != nil || s.Deduplicated {
					t.Errorf("writer %d: Record = %+v, %v", w, s, err)
					return
				}
				saved[w] = append(saved[w], s.ID)
			}
		})
	}
	wg.Wait()
	all := sorted(append(slices.Clone(saved[0]), saved[1]...))
	if len(slices.Compact(slices.Clone(all))) != 2*each {
		t.Fatalf("ids %v: want %d distinct", all, 2*each)
	}
	fresh := newStore(t, b)
	if got := ids(t, fresh); !slices.Equal(got, all) {
		t.Errorf("a fresh store lists %v, want %v", got, all)
	}
	if n := fresh.Parses(); n != 0 {
		t.Errorf("the index lacked %d of the snapshots (a fresh store had to read them)", n)
	}
}
