package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/store"
)

func TestRun_Collect(t *testing.T) {
	// The first collection succeeds, later ones fail: denied until the
	// test has seen that on the home page, then with an internal error.
	var calls, phase atomic.Int32
	collect := func(ctx context.Context) (*sgmap.Snapshot, error) {
		n := calls.Add(1)
		if n > 1 && phase.Load() == 0 {
			return nil, sgmap.Errorf(sgmap.EFORBIDDEN, "ec2:DescribeSecurityGroups was denied")
		}
		if n > 1 {
			return nil, errors.New("dial tcp 10.1.2.3:443: secret internal detail")
		}
		snap, _ := demo.Get("article")
		snap.ID, snap.Source = "", ""
		snap.TakenAt = snap.TakenAt.Add(time.Duration(n) * time.Hour)
		snap.Warnings = []sgmap.Warning{{Service: "ecs", Message: "ecs:ListClusters denied"}}
		return snap, nil
	}
	s := mustServer(t, Config{Demos: false, Collect: collect, Refresh: 20 * time.Millisecond})
	if w := do(t, s, "GET", "/", nil); !strings.Contains(w.Body.String(), `id="collection-status"`) ||
		!strings.Contains(w.Body.String(), "Collecting the first snapshot") {
		t.Errorf("home before the first collection lacks the pending #collection-status")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	home := waitHome(t, s, "ec2:DescribeSecurityGroups was denied")
	list, _ := s.store.List()
	if len(list) != 1 || list[0].Source != "aws-api" {
		t.Fatalf("store after one good collection = %+v, want one snapshot with source collect", list)
	}
	for _, want := range []string{"Last collection:", list[0].ID, "1 warning(s)", "ec2:DescribeSecurityGroups was denied"} {
		if !strings.Contains(home, want) {
			t.Errorf("#collection-status lacks %q", want)
		}
	}
	phase.Store(1)
	if home := waitHome(t, s, "Internal error"); strings.Contains(home, "secret internal detail") {
		t.Errorf("an internal collection error must show as Internal error, without its text")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}

func TestRun_NoCollectWarmsAndReturns(t *testing.T) {
	cr := &countingRenderer{Renderer: testRenderer}
	s := mustServer(t, Config{Demos: true, Renderer: cr})
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if cr.n.Load() != 1 {
		t.Errorf("warm-up rendered %d diagrams, want 1 (the article overview)", cr.n.Load())
	}
	do(t, s, "GET", articleBase, nil)
	if cr.n.Load() != 1 {
		t.Errorf("the article overview page rendered again after warm-up")
	}
}

// waitHome polls the home page until it contains want.
func waitHome(t *testing.T, s *Server, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		home := do(t, s, "GET", "/", nil).Body.String()
		if strings.Contains(home, want) || time.Now().After(deadline) {
			return home
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRun_CollectUnchangedAndRetention: serve -collect of an account that
// does not change keeps one snapshot, seen again at each round, instead of
// a copy per round (issue 11); one that changes each round is held to
// -keep-last.
func TestRun_CollectUnchangedAndRetention(t *testing.T) {
	for _, tt := range []struct {
		name    string
		changes bool
		want    int
	}{{"unchanged", false, 1}, {"changing, keep-last 3", true, 3}} {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			collect := func(ctx context.Context) (*sgmap.Snapshot, error) {
				n := calls.Add(1)
				snap, _ := demo.Get("article")
				snap.ID, snap.Source = "", ""
				snap.TakenAt = time.Now().UTC().Add(time.Duration(n) * time.Second)
				if tt.changes {
					snap.Groups[0].Rules[0].Description = fmt.Sprint("round ", n)
				}
				return snap, nil
			}
			s := mustServer(t, Config{Collect: collect, Refresh: 10 * time.Millisecond, Retention: store.Retention{KeepLast: 3}})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- s.Run(ctx) }()
			deadline := time.Now().Add(20 * time.Second)
			for calls.Load() < 6 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
			<-done
			list, err := s.store.List()
			if err != nil || len(list) != tt.want {
				t.Fatalf("after %d collections the store lists %d snapshots (%v), want %d", calls.Load(), len(list), err, tt.want)
			}
			if !tt.changes && list[0].SeenAgain < 4 {
				t.Errorf("the unchanged snapshot was seen again %d times after %d collections", list[0].SeenAgain, calls.Load())
			}
		})
	}
}
