package store

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// saveN saves n article snapshots a minute apart, each with its own rule
// description (distinct content), and returns their ids.
func saveN(t testing.TB, st *Store, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		s := mustDemo(t, "article")
		s.TakenAt = s.TakenAt.Add(time.Duration(i) * time.Minute)
		s.Groups[0].Rules[0].Description = "edit " + time.Duration(i).String()
		id, err := st.Save(s)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func listIDs(t testing.TB, st *Store) []string {
	t.Helper()
	metas, err := st.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var ids []string
	for _, m := range metas {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestIndex_ListParsesNothing: a second store on the same folder (a
// restart, another replica) lists from the index without reading one
// snapshot.
func TestIndex_ListParsesNothing(t *testing.T) {
	a := mustOpen(t)
	ids := saveN(t, a, 5)
	b, err := Open(a.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, b); !slices.Equal(got, ids) {
		t.Errorf("List = %v, want %v", got, ids)
	}
	if n := b.Parses(); n != 0 {
		t.Errorf("List parsed %d snapshots, want 0 (the index has them)", n)
	}
	metas, _ := b.List()
	if metas[0].VPCs[0].Rules == 0 || len(metas[0].Hash) != 64 {
		t.Errorf("indexed meta %+v lacks counts or hash", metas[0])
	}
}

// TestIndex_RebuiltWhenMissingOrStale: the objects are the truth. A lost or
// garbled index is rebuilt; a file copied in, rewritten or removed behind
// the store's back shows in the next listing.
func TestIndex_RebuiltWhenMissingOrStale(t *testing.T) {
	st := mustOpen(t)
	ids := saveN(t, st, 3)
	idx := filepath.Join(st.Dir(), indexName)
	for name, garble := range map[string]func(){
		"missing": func() { os.Remove(idx) },
		"garbled": func() { os.WriteFile(idx, []byte(`{"format":1,"snapshots":[{"obj`), 0o644) },
		"foreign": func() { os.WriteFile(idx, []byte(`{"format":99}`), 0o644) },
	} {
		garble()
		fresh, err := Open(st.Dir())
		if err != nil {
			t.Fatal(err)
		}
		if got := listIDs(t, fresh); !slices.Equal(got, ids) {
			t.Errorf("%s index: List = %v, want %v", name, got, ids)
		}
		if data, err := os.ReadFile(idx); err != nil || len(data) < 100 {
			t.Errorf("%s index not rewritten: %d bytes, %v", name, len(data), err)
		}
	}
	// Copied in by hand, then removed by hand.
	data, _ := os.ReadFile(filepath.Join(st.Dir(), ids[0]+ext))
	writeFileT(t, filepath.Join(st.Dir(), "copied.json"), string(data))
	os.Remove(filepath.Join(st.Dir(), ids[1]+ext))
	want := []string{ids[0], ids[2], "copied"}
	slices.Sort(want)
	if got := listIDs(t, st); !slices.Equal(got, want) {
		t.Errorf("after copy and remove: List = %v, want %v", got, want)
	}
	fresh, _ := Open(st.Dir())
	if got := listIDs(t, fresh); !slices.Equal(got, want) || fresh.Parses() != 0 {
		t.Errorf("index after copy and remove: List = %v (%d parses), want %v from the index", got, fresh.Parses(), want)
	}
}
