package server

import (
	"context"
	"net/http"
	"net/url"
)

// homePage is the data of home.html.
type homePage struct {
	Page
	Snapshots  []snapshotView
	Collection *collectionView
	CanUpload  bool
}

// snapshotView is one snapshot as pages show it.
type snapshotView struct {
	ID, Description, TakenAt, Source string
	IsDemo                           bool
	Accounts, Regions                []string
	Warnings                         int
	VPCs                             []vpcView
	// SeenAgain and LastSeen: how often the same content was collected
	// or uploaded again, and when last (docs/http.md, "Snapshot series").
	SeenAgain int
	LastSeen  string
}

// vpcView is one row of a table.vpcs.
type vpcView struct {
	ID, Name, URL                     string
	Groups, Owners, Interfaces, Rules int
	Findings                          severityCounts
}

// severityCounts counts findings by severity; Known is false when the
// build has no audit.
type severityCounts struct {
	Known                bool
	Error, Warning, Info int
}

// handleHome lists the snapshots and their VPCs.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	list, err := s.listSnapshots()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data := homePage{Page: s.page("Snapshots", "home"), Collection: s.collectionView(),
		CanUpload: s.store.Writable()}
	for _, l := range list {
		data.Snapshots = append(data.Snapshots, s.snapshotView(r.Context(), l))
	}
	s.renderPage(w, r, http.StatusOK, "home", data)
}

// snapshotView summarises one listed snapshot, with finding counts per VPC
// when findings are available.
func (s *Server) snapshotView(ctx context.Context, l listing) snapshotView {
	m := l.Meta
	v := snapshotView{ID: m.ID, Description: l.Description, TakenAt: formatTime(m.TakenAt),
		Source: m.Source, IsDemo: l.IsDemo, Accounts: m.Accounts, Regions: m.Regions, Warnings: m.Warnings,
		SeenAgain: m.SeenAgain, LastSeen: formatTime(m.LastSeen())}
	counts := s.findingCounts(ctx, m)
	for _, vm := range m.VPCs {
		v.VPCs = append(v.VPCs, vpcView{ID: vm.ID, Name: vm.Name,
			URL:    "/snapshots/" + url.PathEscape(m.ID) + "/vpcs/" + url.PathEscape(vm.ID),
			Groups: vm.Groups, Owners: vm.Owners, Interfaces: vm.Interfaces, Rules: vm.Rules,
			Findings: counts[vm.ID]})
	}
	return v
}
