package server

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/sgmap/sgmap/static"
)

// routes maps the whole HTTP surface: docs/http.md, the static files
// and the login form.
func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, s.accessLog, middleware.Recoverer, middleware.CleanPath, middleware.GetHead, securityHeaders,
		s.checkHost, sameOriginWrites)
	r.Use(s.proxiedClient, s.signedLinks)
	r.Use(compressed)

	r.Get("/healthz", s.handleHealthz)
	r.Handle("/static/*", staticHandler())
	r.Get("/login", s.handleLogin)
	r.Post("/login", s.handleLoginPost)
	r.Post("/logout", s.handleLogout)

	r.Group(func(r chi.Router) {
		r.Use(s.requireToken)
		r.Get("/", s.handleHome)
		r.Get("/snapshots/{snap}", s.handleSnapshot)
		r.Get("/api/snapshots", s.handleAPISnapshots)
		r.Get("/api/stats", s.handleAPIStats)
		r.Post("/api/snapshots", s.handleAPIUpload)
		r.Delete("/api/snapshots/{snap}", s.handleAPIDelete)
		r.Post("/api/embed", s.handleAPIEmbed)
		r.Get("/snapshots/{snap}/findings", s.handleFindingsPage)
		r.Get("/snapshots/{snap}/findings.json", s.handleFindingsJSON)
		r.Get("/snapshots/{snap}/findings.sarif", s.handleFindingsSARIF)
		r.Get("/snapshots/{snap}/rules.csv", s.handleRulesCSV)
		r.Get("/snapshots/{snap}/vpcs/{vpc}", s.handleDiagram)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.svg", s.handleDiagramSVG)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.dot", s.handleDiagramDOT)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.drawio", s.handleDiagramDrawio)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.png", s.handleDiagramPNG)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.pdf", s.handleDiagramPDF)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/diagram.mmd", s.handleDiagramMermaid)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/graph.json", s.handleGraphJSON)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/page.json", s.handlePageJSON)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/render.json", s.handleRenderStatus)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/search.json", s.handleSearch)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/reach.json", s.handleReachJSON)
		r.Get("/snapshots/{snap}/vpcs/{vpc}/history", s.handleHistory)
		r.Get("/snapshots/{snap}/diff/{other}", s.handleDiff) // also {other}.json
		r.Get("/snapshots/{snap}/diff/{other}/vpcs/{vpc}/diagram.svg", s.handleDiffSVG)
		r.Get("/snapshots/{snap}/diff/{other}/vpcs/{vpc}/diagram.png", s.handleDiffPNG)
		r.Get("/snapshots/{snap}/diff/{other}/vpcs/{vpc}/diagram.pdf", s.handleDiffPDF)
		r.Get("/snapshots/{snap}/diff/{other}/vpcs/{vpc}/diagram.drawio", s.handleDiffDrawio)
	})
	r.NotFound(s.handleNotFound)
	r.MethodNotAllowed(s.handleMethodNotAllowed)
	return r
}

// staticHandler serves static/. Pages link assets with ?v=<static.Hash>,
// cached as immutable; the modules those import have no ?v= and are
// revalidated on every use (no-cache with an ETag of the same hash), so a
// page never mixes scripts from two builds.
func staticHandler() http.Handler {
	fs := http.StripPrefix("/static/", http.FileServerFS(static.FS))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || strings.Contains(r.URL.Path, "/.") {
			http.NotFound(w, r) // no directory listings, no dot files
			return
		}
		if r.URL.Query().Get("v") == static.Hash() {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("ETag", `"`+static.Hash()+`"`)
		fs.ServeHTTP(w, r)
	})
}
