package server

import (
	"net/http"
	"net/url"
	"strings"
)

// snapshotPage is the data of snapshot.html.
type snapshotPage struct {
	Page
	Snapshot snapshotView
	// ResolvedID is the id "latest" stands for (else the id itself).
	ResolvedID    string
	Exports       []crumb
	Warnings      []warningView
	FindingsKnown bool
	// FindingGroups count the findings by id and VPC (FindingsTotal in
	// all); the findings page (FindingsURL) lists them, filtered and paged.
	FindingGroups []findingGroup
	FindingsTotal int
	FindingsURL   string
	// Exposure is what the Internet reaches (server/exposure.go).
	ExposureKnown bool
	Exposure      []exposureView
	ExposureMore  int
	// Changes links to the previous snapshot's diff and VPC histories.
	Changes changeLinks
}

// warningView is one collection warning.
type warningView struct{ Where, Message, Action string }

// findingView is one row of #findings.
type findingView struct {
	ID, Severity, Subject, SubjectName, Message, URL, VPC string
}

// handleSnapshot shows one snapshot: its VPCs, warnings and findings.
func (s *Server) handleSnapshot(w http.ResponseWriter, r *http.Request) {
	ref, err := s.snapshot(pathParam(r, "snap"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := pathParam(r, "snap")
	data := snapshotPage{
		Page:     s.page(id, "snapshot", crumb{Text: id}),
		Snapshot: s.snapshotView(r.Context(), listing{Meta: ref.Meta, IsDemo: ref.IsDemo}),
	}
	data.Snapshot.ID, data.ResolvedID = id, ref.ID
	base := "/snapshots/" + url.PathEscape(id)
	for i := range data.Snapshot.VPCs {
		data.Snapshot.VPCs[i].URL = base + "/vpcs/" + url.PathEscape(data.Snapshot.VPCs[i].ID)
	}
	for _, w := range ref.Snap.Warnings {
		where := strings.Join(nonEmpty(w.AccountID, w.Region, w.Service, w.Operation), " ")
		data.Warnings = append(data.Warnings, warningView{Where: where, Message: w.Message, Action: w.Action})
	}
	data.Exports, data.FindingsURL = snapshotExports(base), base+"/findings"
	data.Changes = s.changeLinksOf(id, ref.Meta)
	data.FindingGroups, data.FindingsTotal, data.FindingsKnown = s.findingGroupsOf(r.Context(), ref, base)
	if rows, more, err := s.exposure(r.Context(), ref, base); err == nil {
		data.ExposureKnown, data.Exposure, data.ExposureMore = true, rows, more
	}
	s.renderPage(w, r, http.StatusOK, "snapshot", data)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
