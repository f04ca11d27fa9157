package store

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
)

// seriesOfN saves n snapshots of one series, a day apart ending at end,
// and returns their ids oldest first.
func seriesOfN(t *testing.T, st *Store, source string, n int, end time.Time) []string {
	t.Helper()
	var ids []string
	for i := range n {
		s := mustDemo(t, "article")
		s.Source = source
		s.TakenAt = end.AddDate(0, 0, i-n+1)
		s.Groups[0].Rules[0].Description = "day " + s.TakenAt.Format(time.DateOnly)
		id, err := st.Save(s)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestPrune(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	for _, tt := range []struct {
		name      string
		r         Retention
		keepA     int // how many of the newest of series A stay
		keepAlone bool
	}{
		{"keep-last 3", Retention{KeepLast: 3}, 3, true},
		{"keep 4d", Retention{KeepFor: 4*24*time.Hour + time.Hour}, 5, true},
		{"both", Retention{KeepFor: 4*24*time.Hour + time.Hour, KeepLast: 2}, 2, true},
		{"keep-last 1", Retention{KeepLast: 1}, 1, true},
		{"nothing", Retention{}, 10, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := mustOpen(t)
			a := seriesOfN(t, st, "upload", 10, now)
			// A series whose only snapshot is a year old: the newest of
			// its series, never deleted.
			alone := seriesOfN(t, st, "aws-api", 1, now.AddDate(-1, 0, 0))
			removed, err := st.Prune(tt.r, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(removed) != 10-tt.keepA {
				t.Errorf("removed %d, want %d", len(removed), 10-tt.keepA)
			}
			want := append(slices.Clone(a[10-tt.keepA:]), alone...)
			slices.Sort(want)
			if got := listIDs(t, st); !slices.Equal(got, want) {
				t.Errorf("kept %v, want %v", got, want)
			}
			for _, m := range removed {
				if _, err := os.Lstat(filepath.Join(st.Dir(), m.ID+ext)); err == nil {
					t.Errorf("%s still on disk", m.ID)
				}
			}
		})
	}
}

// TestPrune_SeenAgainCounts: a snapshot taken long ago but seen again
// yesterday is current, not expired.
func TestPrune_SeenAgainCounts(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	st := mustOpen(t)
	ids := seriesOfN(t, st, "upload", 3, now.AddDate(0, 0, -30))
	same := mustDemo(t, "article")
	same.TakenAt = now.AddDate(0, 0, -1)
	same.Groups[0].Rules[0].Description = "day " + now.AddDate(0, 0, -30).Format(time.DateOnly)
	if saved, err := st.Record(same); err != nil || !saved.Deduplicated {
		t.Fatalf("Record = %+v, %v", saved, err)
	}
	removed, err := st.Prune(Retention{KeepFor: 7 * 24 * time.Hour}, now)
	if err != nil || len(removed) != 2 {
		t.Fatalf("Prune removed %v, %v; want the 2 older", removed, err)
	}
	if got := listIDs(t, st); !slices.Equal(got, ids[2:]) {
		t.Errorf("kept %v, want %v", got, ids[2:])
	}
}

func TestDelete(t *testing.T) {
	st := mustOpen(t)
	ids := saveN(t, st, 3)
	if _, err := st.Get(ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ids[1]); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := st.Get(ids[1]); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		t.Errorf("Get after Delete = %v, want ENOTFOUND", err)
	}
	if got, want := listIDs(t, st), []string{ids[0], ids[2]}; !slices.Equal(got, want) {
		t.Errorf("List after Delete = %v, want %v", got, want)
	}
	fresh, _ := Open(st.Dir())
	if got, want := listIDs(t, fresh), []string{ids[0], ids[2]}; !slices.Equal(got, want) || fresh.Parses() != 0 {
		t.Errorf("index after Delete lists %v, want %v", got, want)
	}
	for _, id := range []string{ids[1], "nope", "../x", "demo-article"} {
		if err := st.Delete(id); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
			t.Errorf("Delete(%q) = %v, want ENOTFOUND", id, err)
		}
	}
	// A broken file is listed as an error, and can be deleted.
	writeFileT(t, filepath.Join(st.Dir(), "broken.json"), `{"schema_version":`)
	if _, err := st.List(); err == nil {
		t.Error("List of a folder with a broken file reports nothing")
	}
	if err := st.Delete("broken"); err != nil {
		t.Errorf("Delete(broken) = %v", err)
	}
	if _, err := st.List(); err != nil {
		t.Errorf("List after deleting the broken file = %v", err)
	}
	// A file named on the command line is the user's, not the store's.
	p := filepath.Join(t.TempDir(), "mine.json")
	data, _ := os.ReadFile(filepath.Join(st.Dir(), ids[0]+ext))
	writeFileT(t, p, string(data))
	added, err := st.Add(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(added); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("Delete(added) = %v, want EINVALID", err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("added file removed: %v", err)
	}
}

func TestParseAge(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "36h": 36 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "0d", "-3d", "3y", "x9d", "-1h", "99999999999d"} {
		if _, err := ParseAge(in); sgmap.ErrorCode(err) != sgmap.EINVALID {
			t.Errorf("ParseAge(%q) = %v, want EINVALID", in, err)
		}
	}
}
