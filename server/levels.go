package server

import (
	"context"
	"net/url"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// isMap reports whether v is the map level.
func (v *viewRequest) isMap() bool { return v.Options.View == "map" }

// app is the application v shows ("" for the whole VPC).
func (v *viewRequest) app() string { return "" }

// views are the levels the view switch offers for v's VPC.
func (v *viewRequest) views() []graph.View { return []graph.View{graph.Overview, graph.Detail} }

// defaultIsMap reports whether the map is the VPC's default view.
func (s *Server) defaultIsMap(v *viewRequest) bool { return false }

// busyApps links to the n applications with the most ENIs.
func (s *Server) busyApps(v *viewRequest, idx *sgmap.Index, n int) []crumb { return nil }

// locator decides which level of a VPC shows a search hit.
type locator struct {
	v *viewRequest
}

// locator returns the locator for v's VPC.
func (s *Server) locator(ctx context.Context, v *viewRequest) (*locator, error) {
	return &locator{v: v}, nil
}

// place sets the level, URL and application of h.
func (l *locator) place(h *searchHit) {
	h.Level = "Overview"
	h.URL = hitURL(l.v, url.Values{"view": {"overview"}}, h.Target)
}
