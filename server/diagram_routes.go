package server

import "github.com/go-chi/chi/v5"

// diagramRoutes registers the per-VPC routes (diagram page, SVG, DOT,
// graph JSON). They arrive with package graph.
func (s *Server) diagramRoutes(r chi.Router) {}
