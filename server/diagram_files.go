package server

import (
	"net/http"
	"strings"
)

// handleDiagramSVG serves the standalone SVG: the exact bytes `sgmap
// render` writes for the same snapshot and view. It is embeddable in other
// sites' docs, so it gets an SVG-only CSP and no frame denial.
func (s *Server) handleDiagramSVG(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.svg(r.Context(), v)
	if err != nil {
		s.writeError(w, r, s.adviseRender(v, err))
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", svgCSP)
	h.Del("X-Frame-Options")
	h.Set("ETag", out.ETag)
	h.Set("Cache-Control", v.cacheControl(s.cfg.Token != ""))
	if etagMatch(r.Header.Get("If-None-Match"), out.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "image/svg+xml")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		// Setting Content-Encoding makes the Compress middleware pass
		// the pre-compressed bytes through.
		h.Set("Content-Encoding", "gzip")
		w.Write(out.Gzip)
		return
	}
	w.Write(out.SVG)
}

// handleDiagramDOT serves the DOT behind the diagram.
func (s *Server) handleDiagramDOT(w http.ResponseWriter, r *http.Request) {
	s.serveArtifact(w, r, "text/vnd.graphviz; charset=utf-8", func(a *artifacts) ([]byte, error) { return a.DOT, nil })
}

// handleGraphJSON serves the graph JSON behind the diagram.
func (s *Server) handleGraphJSON(w http.ResponseWriter, r *http.Request) {
	s.serveArtifact(w, r, "application/json", func(a *artifacts) ([]byte, error) { return a.JSON, nil })
}

// serveArtifact serves what pick makes of the built (not rendered)
// artifacts of a view.
func (s *Server) serveArtifact(w http.ResponseWriter, r *http.Request, ctype string, pick func(*artifacts) ([]byte, error)) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.artifacts(r.Context(), v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := pick(a)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", v.cacheControl(s.cfg.Token != ""))
	w.Write(body)
}

// cacheControl lets shared caches keep diagrams of snapshots that cannot
// change (demos, and stored snapshots named by id, which the store never
// overwrites) for five minutes; "latest" and -snapshot files must be
// revalidated (the ETag makes that cheap).
func (v *viewRequest) cacheControl(private bool) string {
	switch {
	case v.SnapParam == latestID || !(v.Ref.Immutable || v.Ref.Stored):
		return "no-cache"
	case private:
		// Behind a token, a shared cache must not hand an authorised
		// response to anyone else.
		return "private, max-age=300"
	}
	return "public, max-age=300"
}

// acceptsGzip reports whether the client takes gzip (q=0 is a refusal).
func acceptsGzip(r *http.Request) bool {
	for _, e := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(e), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return strings.ReplaceAll(strings.TrimSpace(params), " ", "") != "q=0"
		}
	}
	return false
}

// etagMatch reports whether an If-None-Match header names etag.
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
