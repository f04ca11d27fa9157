package server

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/sgmap/sgmap/diff"
	"github.com/sgmap/sgmap/store"
)

// historyPage is the data of history.html: one VPC's snapshots, oldest
// first, with the number of changes between neighbours.
type historyPage struct {
	Page
	VPC, VPCName, Snapshot string
	Action                 string // the form's URL (this page)
	Entries                []historyEntry
	// Uncounted is how many of the oldest neighbour pairs were not
	// counted (see maxHistoryCounts).
	Uncounted int
}

// historyEntry is one snapshot on the timeline. Changes and DiffURL are
// about the step from the previous entry; Changes is -1 when not counted.
type historyEntry struct {
	ID, URL, TakenAt, DiagramURL string
	Current, First, Counted      bool
	Changes                      int
	ChangesText, DiffURL         string
}

// maxHistoryCounts bounds the neighbour diffs one history page computes
// (each loads two snapshots); older steps link to their diff uncounted.
const maxHistoryCounts = 60

// handleHistory serves GET /snapshots/{snap}/vpcs/{vpc}/history: every
// listed snapshot of the same accounts that has the VPC, on a timeline.
// With ?from=A&to=B (the page's form) it redirects to the diff page.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	id, vpc := pathParam(r, "snap"), pathParam(r, "vpc")
	if from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to"); from != "" && to != "" {
		http.Redirect(w, r, "/snapshots/"+url.PathEscape(from)+"/diff/"+url.PathEscape(to), http.StatusSeeOther)
		return
	}
	ref, err := s.snapshot(id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	series, err := s.vpcSeries(ref.Meta, vpc)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data := historyPage{VPC: vpc, Snapshot: id,
		Action: "/snapshots/" + url.PathEscape(id) + "/vpcs/" + url.PathEscape(vpc) + "/history"}
	data.Page = s.page("History of "+vpc, "", crumb{Text: id, URL: "/snapshots/" + url.PathEscape(id)},
		crumb{Text: vpc, URL: "/snapshots/" + url.PathEscape(id) + "/vpcs/" + url.PathEscape(vpc)}, crumb{Text: "history"})
	for i, m := range series {
		for _, v := range m.VPCs {
			if v.ID == vpc {
				data.VPCName = cmp.Or(v.Name, data.VPCName)
			}
		}
		e := historyEntry{ID: m.ID, URL: "/snapshots/" + url.PathEscape(m.ID), TakenAt: formatTime(m.TakenAt),
			DiagramURL: "/snapshots/" + url.PathEscape(m.ID) + "/vpcs/" + url.PathEscape(vpc),
			Current:    m.ID == ref.ID, First: i == 0, Changes: -1}
		if i > 0 {
			prev := series[i-1]
			e.DiffURL = "/snapshots/" + url.PathEscape(prev.ID) + "/diff/" + url.PathEscape(m.ID)
			if len(series)-i <= maxHistoryCounts {
				if n, err := s.changeCount(r.Context(), prev, m, vpc); err == nil {
					e.Changes, e.Counted, e.ChangesText = n, true, plural(n, "change")
				}
			} else {
				data.Uncounted++
			}
		}
		data.Entries = append(data.Entries, e)
	}
	s.renderPage(w, r, http.StatusOK, "history", data)
}

// vpcSeries returns the listed snapshots of cur's accounts that have vpc
// (demos left out, unless cur is one), oldest first. It reads the store's listing only (no snapshot files).
func (s *Server) vpcSeries(cur store.Meta, vpc string) ([]store.Meta, error) {
	all, err := s.listSnapshots()
	if err != nil {
		return nil, err
	}
	var out []store.Meta
	for _, l := range all {
		m := l.Meta
		if l.IsDemo && m.ID != cur.ID {
			continue // demos are no one's history
		}
		if !slices.Equal(m.Accounts, cur.Accounts) || !slices.ContainsFunc(m.VPCs, func(v store.VPCMeta) bool { return v.ID == vpc }) {
			continue
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b store.Meta) int { return cmp.Or(a.TakenAt.Compare(b.TakenAt), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}

// changeCount is the number of group, rule, owner and membership changes
// in vpc from a to b (findings not counted: no audit runs), cached by the
// two files' hashes. Identical files differ in nothing and are not read.
func (s *Server) changeCount(ctx context.Context, a, b store.Meta, vpc string) (int, error) {
	if a.Hash != "" && a.Hash == b.Hash {
		return 0, nil
	}
	val, err := s.cache.get(ctx, "H\x00"+a.ID+"@"+a.Hash+"\x00"+b.ID+"@"+b.Hash+"\x00"+vpc, func(ctx context.Context) (any, int64, error) {
		ra, err := s.snapshot(a.ID)
		if err != nil {
			return nil, 0, err
		}
		rb, err := s.snapshot(b.ID)
		if err != nil {
			return nil, 0, err
		}
		var n int
		err = s.admit.do(ctx, func() error {
			sum := diff.Compare(ra.Snap, rb.Snap, diff.Options{VPC: vpc, NoFindings: true}).Summary()
			n = sum.Groups + sum.Rules + sum.Members + sum.Owners
			return nil
		})
		return n, 64, err
	})
	if err != nil {
		return 0, err
	}
	return val.(int), nil
}
