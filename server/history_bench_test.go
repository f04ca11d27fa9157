package server

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
)

// BenchmarkHistory_Article200 serves the history page of a VPC with 200
// stored snapshots, each one rule description apart from the one before
// (docs/performance.md, "Snapshot diff"): "cold" counts the newest 60
// steps on a fresh server, "warm" is the page again (counts cached).
func BenchmarkHistory_Article200(b *testing.B) {
	s := mustServer(b, Config{})
	var last string
	for i := range 200 {
		snap, err := demo.Get("article")
		if err != nil {
			b.Fatal(err)
		}
		snap.ID, snap.Source = "", ""
		snap.TakenAt = snap.TakenAt.Add(time.Duration(i) * time.Minute)
		snap.Groups[0].Rules[0].Description = fmt.Sprintf("edit %d", i)
		id, err := s.store.Save(snap)
		if err != nil {
			b.Fatal(err)
		}
		last = id
	}
	path := "/snapshots/" + last + "/vpcs/vpc-0a1b2c3d4e5f60718/history"
	page := func(b *testing.B, srv *Server) {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 || strings.Count(w.Body.String(), `<li class="entry`) != 200 {
			b.Fatalf("history: %d, %d entries", w.Code, strings.Count(w.Body.String(), `<li class="entry`))
		}
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			fresh := mustServer(b, Config{Store: s.store})
			b.StartTimer()
			page(b, fresh)
		}
	})
	b.Run("warm", func(b *testing.B) {
		page(b, s)
		for b.Loop() {
			page(b, s)
		}
	})
}
