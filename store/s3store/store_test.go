package s3store_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/internal/s3test"
	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/s3store"
)

// The snapshot store on S3, as two replicas use it: what one records the
// other lists, concurrent writers lose nothing, and dedupe, delete and
// retention work through the bucket.

// newStores opens n stores on one new bucket and prefix.
func newStores(t *testing.T, n int) []*store.Store {
	t.Helper()
	b, bucket := newBackend(t, "team")
	stores := []*store.Store{}
	for i := range n {
		var be store.Backend = b
		if i > 0 {
			be = openBackend(t, "s3://"+bucket+"/team")
		}
		st, err := store.New(be)
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, st)
	}
	return stores
}

// variant is the article demo from source with its content made unique
// by n (a group's name), so it is never deduplicated against another n.
func variant(t *testing.T, source string, n int) *sgmap.Snapshot {
	t.Helper()
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	s.ID, s.Source = "", source
	s.Groups[0].Name = fmt.Sprintf("variant-%d", n)
	s.TakenAt = time.Date(2026, 1, 1, 0, n, 0, 0, time.UTC)
	return s
}

func listIDs(t *testing.T, st *store.Store) []string {
	t.Helper()
	metas, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range metas {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestStore_TwoReplicasConcurrentRecords(t *testing.T) {
	stores := newStores(t, 2)
	const each = 6
	var mu sync.Mutex
	var want []string
	var wg sync.WaitGroup
	for i, st := range stores {
		wg.Go(func() {
			for n := range each {
				saved, err := st.Record(variant(t, fmt.Sprintf("replica-%d", i), n))
				if err != nil || saved.Deduplicated {
					t.Errorf("replica %d Record %d = %+v, %v", i, n, saved, err)
					return
				}
				mu.Lock()
				want = append(want, saved.ID)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(want)
	if len(slices.Compact(slices.Clone(want))) != 2*each {
		t.Fatalf("the replicas were given %d distinct ids for %d snapshots: %v", len(slices.Compact(slices.Clone(want))), 2*each, want)
	}
	for i, st := range stores {
		if got := listIDs(t, st); !slices.Equal(got, want) {
			t.Errorf("replica %d lists %v, want %v (an index update was lost)", i, got, want)
		}
	}
	// Every listed snapshot loads, from either replica.
	for _, id := range want {
		if _, err := stores[1].Get(id); err != nil {
			t.Errorf("Get(%s) on the other replica: %v", id, err)
		}
	}
}

func TestStore_DedupeDeleteRetention(t *testing.T) {
	stores := newStores(t, 2)
	a, b := stores[0], stores[1]
	first, err := a.Record(variant(t, "collect", 1))
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.Record(variant(t, "collect", 1))
	if err != nil || !again.Deduplicated || again.ID != first.ID {
		t.Fatalf("the same content through the other replica = %+v, %v; want deduplicated onto %s", again, err, first.ID)
	}
	second, err := b.Record(variant(t, "collect", 2))
	if err != nil || second.Deduplicated {
		t.Fatalf("new content = %+v, %v", second, err)
	}
	third, err := a.Record(variant(t, "collect", 3))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(second.ID); err != nil {
		t.Fatal(err)
	}
	if got, want := listIDs(t, b), sorted(first.ID, third.ID); !slices.Equal(got, want) {
		t.Fatalf("after a Delete through A, B lists %v, want %v", got, want)
	}
	gone, err := b.Prune(store.Retention{KeepLast: 1}, time.Now())
	if err != nil || len(gone) != 1 || gone[0].ID != first.ID {
		t.Fatalf("Prune(KeepLast 1) = %v, %v; want %s deleted", gone, err, first.ID)
	}
	if got := listIDs(t, a); !slices.Equal(got, []string{third.ID}) {
		t.Errorf("after retention A lists %v, want only the newest %s", got, third.ID)
	}
	if _, err := a.Get(first.ID); err == nil {
		t.Errorf("a pruned snapshot still loads")
	}
	// The bucket holds the kept snapshot and the store's own objects only.
	infos, err := stores[0].Backend().List(s3test.Context(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		if in.Name != third.ID+".json" && in.Name[0] != '.' {
			t.Errorf("the bucket still holds %s", in.Name)
		}
	}
}

func sorted(ids ...string) []string {
	slices.Sort(ids)
	return ids
}

// TestStore_ListReadsOnlyTheIndex: listing a store of many snapshots
// through S3 costs a request or two (the index), not one per snapshot,
// and a replica that did not write them lists them the same way.
func TestStore_ListReadsOnlyTheIndex(t *testing.T) {
	counter := &countingTransport{}
	b, bucket := newBackend(t, "team")
	writer, err := store.New(b)
	if err != nil {
		t.Fatal(err)
	}
	const n = 25
	for i := range n {
		if _, err := writer.Record(variant(t, "collect", i)); err != nil {
			t.Fatal(err)
		}
	}
	reader, err := store.New(openBackend(t, "s3://"+bucket+"/team", s3store.WithS3Options(func(o *s3.Options) {
		o.HTTPClient = &http.Client{Transport: counter}
	})))
	if err != nil {
		t.Fatal(err)
	}
	counter.n.Store(0)
	metas, err := reader.List()
	if err != nil || len(metas) != n {
		t.Fatalf("List = %d snapshots, %v; want %d", len(metas), err, n)
	}
	if got := counter.n.Load(); got > 2 {
		t.Errorf("listing %d snapshots made %d requests, want at most 2 (the index)", n, got)
	}
	t.Logf("listing %d snapshots from another replica: %d requests", n, counter.n.Load())
}

// countingTransport counts the requests sent.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}
