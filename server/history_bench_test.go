package server

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/store"
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

// BenchmarkHistory_Article1000 serves the history page of a VPC with 1,000
// stored snapshots (docs/performance.md, "Snapshot store"): "cold" is a
// fresh store and server on the folder (a restart: the listing comes from
// the store's index, the newest 60 steps are counted), "warm" the page
// again.
func BenchmarkHistory_Article1000(b *testing.B) {
	dir := b.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	var last string
	for i := range 1000 {
		snap, err := demo.Get("article")
		if err != nil {
			b.Fatal(err)
		}
		snap.ID, snap.Source = "", ""
		snap.TakenAt = snap.TakenAt.Add(time.Duration(i) * time.Minute)
		snap.Groups[0].Rules[0].Description = fmt.Sprintf("edit %d", i)
		if last, err = st.Save(snap); err != nil {
			b.Fatal(err)
		}
	}
	path := "/snapshots/" + last + "/vpcs/vpc-0a1b2c3d4e5f60718/history"
	page := func(b *testing.B, srv *Server) {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 || strings.Count(w.Body.String(), `<li class="entry`) != 1000 {
			b.Fatalf("history: %d, %d entries", w.Code, strings.Count(w.Body.String(), `<li class="entry`))
		}
	}
	b.Run("cold", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			fresh, err := store.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			srv := mustServer(b, Config{Store: fresh})
			b.StartTimer()
			c0 := processCPU()
			page(b, srv)
			cpu += processCPU() - c0
		}
		b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	})
	b.Run("warm", func(b *testing.B) {
		srv := mustServer(b, Config{Store: st})
		page(b, srv)
		c0 := processCPU()
		for b.Loop() {
			page(b, srv)
		}
		b.ReportMetric(float64(processCPU()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	})
	b.Run("list", func(b *testing.B) {
		c0 := processCPU()
		for b.Loop() {
			if metas, err := st.List(); err != nil || len(metas) != 1000 {
				b.Fatalf("List: %d, %v", len(metas), err)
			}
		}
		b.ReportMetric(float64(processCPU()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	})
}

// processCPU is the process's user and system CPU time so far: on a shared
// machine wall time is mostly other processes' load.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
