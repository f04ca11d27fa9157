package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/store"
)

// TestStoreCommand runs sgmap store list, rm and prune on a data folder of
// one series of three snapshots, the newest seen again.
func TestStoreCommand(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 4 {
		s, _ := demo.Get("article")
		s.ID, s.Source = "", "upload"
		s.TakenAt = time.Now().UTC().Truncate(time.Second).AddDate(0, 0, i-4)
		s.Groups[0].Rules[0].Description = fmt.Sprint("edit ", min(i, 2)) // the 4th is the 3rd again
		saved, err := st.Record(s)
		if err != nil || saved.Deduplicated != (i == 3) {
			t.Fatalf("Record %d = %+v, %v", i, saved, err)
		}
		if !saved.Deduplicated {
			ids = append(ids, saved.ID)
		}
	}
	r := mustRun(t, nil, "store", "list", "-data", dir)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 4 || !strings.Contains(r.stdout, "SEEN AGAIN") || !strings.Contains(r.stdout, "123456789012/eu-west-1/upload") {
		t.Errorf("store list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = mustRun(t, nil, "store", "list", "-data", dir, "-format", "json")
	var list []struct {
		ID        string    `json:"id"`
		SeenAgain int       `json:"seen_again"`
		LastSeen  time.Time `json:"last_seen"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 3 || list[0].ID != ids[2] || list[0].SeenAgain != 1 {
		t.Errorf("store list -format json = %+v, %v\n%s", list, err, r.stdout)
	}
	r = mustRun(t, nil, "store", "prune", "-data", dir, "-keep-last", "2", "-dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, ids[0]) || !strings.Contains(r.stderr, "would delete 1 snapshots") {
		t.Errorf("store prune -dry-run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = mustRun(t, nil, "store", "prune", "-data", dir, "-keep-last", "2")
	if r.code != 0 || !strings.Contains(r.stderr, "deleted 1 snapshots") {
		t.Errorf("store prune: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = mustRun(t, nil, "store", "rm", "-data", dir, ids[1], "nope")
	if r.code != 1 || !strings.Contains(r.stderr, "deleted "+ids[1]) || !strings.Contains(r.stderr, `no snapshot "nope"`) {
		t.Errorf("store rm: exit %d\n%s", r.code, r.stderr)
	}
	if metas, _ := st.List(); len(metas) != 1 || metas[0].ID != ids[2] {
		t.Errorf("after prune and rm the folder lists %+v, want only %s", metas, ids[2])
	}
	if r := mustRun(t, nil, "store", "-data", dir, "list"); r.code != 0 || !strings.Contains(r.stdout, ids[2]) {
		t.Errorf("store -data DIR list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	missing := dir + "/typo"
	if r := mustRun(t, nil, "store", "list", "-data", missing); r.code != 1 || !strings.Contains(r.stderr, "no data folder") {
		t.Errorf("store list of a missing folder: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("store list created the missing data folder")
	}
	for _, args := range [][]string{{"store"}, {"store", "bogus"}, {"store", "prune", "-data", dir}, {"store", "prune", "-keep", "soon"}, {"store", "rm"}} {
		if r := mustRun(t, nil, args...); r.code != 2 {
			t.Errorf("sgmap %s: exit %d, want 2 (usage)\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}
