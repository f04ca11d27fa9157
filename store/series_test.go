package store

import (
	"slices"
	"testing"
	"time"
)

// TestRecord_Dedupe: a snapshot with the content of the newest of its
// series is not stored again but recorded as seen again; a change, a
// change back, or another series is stored.
func TestRecord_Dedupe(t *testing.T) {
	st := mustOpen(t)
	first := mustDemo(t, "article")
	a, err := st.Record(first)
	if err != nil || a.Deduplicated {
		t.Fatalf("first Record = %+v, %v", a, err)
	}
	again := mustDemo(t, "article")
	again.TakenAt = first.TakenAt.Add(15 * time.Minute)
	b, err := st.Record(again)
	if err != nil || !b.Deduplicated || b.ID != a.ID {
		t.Fatalf("identical Record = %+v, %v; want deduplicated onto %s", b, err, a.ID)
	}
	metas, _ := st.List()
	if len(metas) != 1 || metas[0].SeenAgain != 1 || !slices.Equal(metas[0].SeenAt, []time.Time{again.TakenAt.UTC()}) ||
		!metas[0].LastSeen().Equal(again.TakenAt) {
		t.Fatalf("after a duplicate: %+v", metas)
	}
	// Seen again, it is the latest: newer than a snapshot of another
	// account taken between the two.
	between := mustDemo(t, "article")
	between.Accounts = []string{"210987654321"}
	between.TakenAt = first.TakenAt.Add(5 * time.Minute)
	if _, err := st.Record(between); err != nil {
		t.Fatal(err)
	}
	if _, latest, err := st.Latest(); err != nil || latest.ID != a.ID {
		t.Errorf("Latest = %s, %v; want %s, seen again after the other", latest.ID, err, a.ID)
	}
	if err := st.Delete(baseID(between)); err != nil {
		t.Fatal(err)
	}
	// Seen again survives a restart: it is in the index.
	fresh, _ := Open(st.Dir())
	if m, _ := fresh.List(); len(m) != 1 || m[0].SeenAgain != 1 {
		t.Errorf("reopened store lists %+v", m)
	}

	changed := mustDemo(t, "article")
	changed.TakenAt = first.TakenAt.Add(30 * time.Minute)
	changed.Groups[0].Rules[0].Description = "changed"
	c, err := st.Record(changed)
	if err != nil || c.Deduplicated {
		t.Fatalf("changed Record = %+v, %v", c, err)
	}
	back := mustDemo(t, "article")
	back.TakenAt = first.TakenAt.Add(45 * time.Minute)
	d, err := st.Record(back)
	if err != nil || d.Deduplicated {
		t.Errorf("changed back Record = %+v, %v; want stored (the newest of the series differs)", d, err)
	}
	other := mustDemo(t, "article")
	other.Source = "aws-api"
	other.TakenAt = back.TakenAt
	e, err := st.Record(other)
	if err != nil || e.Deduplicated {
		t.Errorf("other series Record = %+v, %v; want stored", e, err)
	}
	if n := len(listIDs(t, st)); n != 4 {
		t.Errorf("%d snapshots stored, want 4", n)
	}
}
