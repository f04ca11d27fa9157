package server

import "github.com/go-chi/chi/v5"

// diagramRoutes registers the per-VPC routes: the diagram page and the
// SVG, DOT and graph JSON behind it.
func (s *Server) diagramRoutes(r chi.Router) {
	r.Get("/snapshots/{snap}/vpcs/{vpc}", s.handleDiagram)
	r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.svg", s.handleDiagramSVG)
	r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.dot", s.handleDiagramDOT)
	r.Get("/snapshots/{snap}/vpcs/{vpc}/graph.json", s.handleGraphJSON)
}
