package server

import (
	"net/url"
	"slices"

	"github.com/sgmap/sgmap/store"
)

// changeLinks are a snapshot page's links to change over time: "compare
// with previous" (the newest listed snapshot of the same accounts,
// regions and source taken before it) and each VPC's history.
type changeLinks struct {
	PreviousID, PreviousURL string
	History                 []crumb
}

// changeLinksOf returns the links of the snapshot m, shown under id (which
// may be "latest"). It reads the store's listing only.
func (s *Server) changeLinksOf(id string, m store.Meta) changeLinks {
	var out changeLinks
	base := "/snapshots/" + url.PathEscape(id)
	for _, v := range m.VPCs {
		out.History = append(out.History, crumb{Text: v.ID, URL: base + "/vpcs/" + url.PathEscape(v.ID) + "/history"})
	}
	all, err := s.listSnapshots()
	if err != nil {
		return out
	}
	var prev *store.Meta
	for i := range all {
		c := &all[i].Meta
		if all[i].IsDemo || c.ID == m.ID || !c.TakenAt.Before(m.TakenAt) || c.Source != m.Source ||
			!slices.Equal(c.Accounts, m.Accounts) || !slices.Equal(c.Regions, m.Regions) {
			continue
		}
		if prev == nil || c.TakenAt.After(prev.TakenAt) {
			prev = c
		}
	}
	if prev != nil {
		out.PreviousID = prev.ID
		out.PreviousURL = "/snapshots/" + url.PathEscape(prev.ID) + "/diff/" + url.PathEscape(id)
	}
	return out
}
