package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/sgmap/sgmap/store"
)

// testObjects checks Get, Put and its conditions, List and Delete.
func testObjects(t *testing.T, b store.Backend) {
	ctx := t.Context()
	if _, _, err := b.Get(ctx, "t/missing", 1<<20); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(missing) = %v, want ErrNotFound", err)
	}
	v1, err := b.Put(ctx, "t/a", []byte("one"), store.Cond{IfAbsent: true})
	if err != nil || v1 == "" {
		t.Fatalf("Put IfAbsent (new) = %q, %v", v1, err)
	}
	if _, err := b.Put(ctx, "t/a", []byte("two"), store.Cond{IfAbsent: true}); !errors.Is(err, store.ErrPrecondition) {
		t.Errorf("Put IfAbsent (existing) = %v, want ErrPrecondition", err)
	}
	mustGet(t, b, "t/a", "one", v1)
	v2, err := b.Put(ctx, "t/a", []byte("two!"), store.Cond{IfVersion: v1})
	if err != nil || v2 == v1 {
		t.Fatalf("Put IfVersion (current) = %q, %v; want a new version", v2, err)
	}
	if _, err := b.Put(ctx, "t/a", []byte("three"), store.Cond{IfVersion: v1}); !errors.Is(err, store.ErrPrecondition) {
		t.Errorf("Put IfVersion (stale) = %v, want ErrPrecondition", err)
	}
	if _, err := b.Put(ctx, "t/none", []byte("x"), store.Cond{IfVersion: v1}); !errors.Is(err, store.ErrPrecondition) {
		t.Errorf("Put IfVersion (missing object) = %v, want ErrPrecondition", err)
	}
	mustGet(t, b, "t/a", "two!", v2)
	if _, _, err := b.Get(ctx, "t/a", 3); !errors.Is(err, store.ErrTooLarge) {
		t.Errorf("Get(max 3) of 4 bytes = %v, want ErrTooLarge", err)
	}
	if _, err := b.Put(ctx, "t/b", []byte("bb"), store.Cond{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Put(ctx, "u", []byte("u"), store.Cond{}); err != nil {
		t.Fatal(err)
	}
	infos, err := b.List(ctx, "t/")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range infos {
		names = append(names, in.Name)
		if in.Name == "t/a" && (in.Version != v2 || in.Size != 4) {
			t.Errorf("List: t/a is %+v, want version %s, size 4", in, v2)
		}
	}
	if want := []string{"t/a", "t/b"}; !slices.Equal(names, want) {
		t.Errorf("List(t/) = %v, want %v", names, want)
	}
	if all, _ := b.List(ctx, ""); len(all) != 3 {
		t.Errorf("List() = %+v, want 3 objects", all)
	}
	if err := b.Delete(ctx, "t/a"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Get(ctx, "t/a", 1<<20); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := b.Delete(ctx, "t/a"); err != nil {
		t.Errorf("Delete(missing) = %v, want nil", err)
	}
	if _, err := b.Put(ctx, "t/a", []byte("again"), store.Cond{IfAbsent: true}); err != nil {
		t.Errorf("Put IfAbsent after Delete = %v", err)
	}
	if b.String() == "" {
		t.Error("String() is empty")
	}
}

func mustGet(t *testing.T, b store.Backend, name, want, version string) {
	t.Helper()
	data, v, err := b.Get(t.Context(), name, 1<<20)
	if err != nil || !bytes.Equal(data, []byte(want)) || v != version {
		t.Errorf("Get(%s) = %q, %q, %v; want %q, %q", name, data, v, err, want, version)
	}
}

// testCAS: concurrent read-modify-write loops on one counter object with
// IfVersion lose no increment.
func testCAS(t *testing.T, b store.Backend) {
	ctx := t.Context()
	if _, err := b.Put(ctx, "counter", []byte("0"), store.Cond{IfAbsent: true}); err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 10
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				for try := 0; ; try++ {
					data, v, err := b.Get(ctx, "counter", 64)
					if err != nil {
						t.Error(err)
						return
					}
					n, _ := strconv.Atoi(string(data))
					_, err = b.Put(ctx, "counter", []byte(strconv.Itoa(n+1)), store.Cond{IfVersion: v})
					if err == nil {
						break
					}
					if !errors.Is(err, store.ErrPrecondition) || try > 1000 {
						t.Error(fmt.Errorf("increment: %w", err))
						return
					}
				}
			}
		})
	}
	wg.Wait()
	data, _, _ := b.Get(ctx, "counter", 64)
	if string(data) != strconv.Itoa(writers*each) {
		t.Errorf("counter = %s after %d increments: a compare-and-swap let a write through", data, writers*each)
	}
}
