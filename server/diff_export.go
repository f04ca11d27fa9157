package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"github.com/sgmap/sgmap/diff"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
	"github.com/sgmap/sgmap/graph/paint"
)

// handleDiffPNG serves GET /snapshots/{a}/diff/{b}/vpcs/{vpc}/diagram.png:
// the visual diff's SVG painted as diagram.png paints a diagram (?dpi=).
func (s *Server) handleDiffPNG(w http.ResponseWriter, r *http.Request) {
	kind, convert, err := pngConverter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveDiffExport(w, r, "image/png", kind, func(*graph.Graph) func([]byte) ([]byte, error) { return convert })
}

// handleDiffPDF serves the visual diff as a vector PDF.
func (s *Server) handleDiffPDF(w http.ResponseWriter, r *http.Request) {
	s.serveDiffExport(w, r, "application/pdf", "pdf", func(*graph.Graph) func([]byte) ([]byte, error) { return paint.SVGToPDF })
}

// handleDiffDrawio serves the visual diff as an editable draw.io file,
// its added, removed and changed colours kept (docs/exports.md).
func (s *Server) handleDiffDrawio(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Disposition", "attachment")
	s.serveDiffExport(w, r, drawioType, "drawio", func(g *graph.Graph) func([]byte) ([]byte, error) {
		return func(svg []byte) ([]byte, error) {
			var buf bytes.Buffer
			err := drawio.Write(&buf, g, svg)
			return buf.Bytes(), err
		}
	})
}

// serveDiffExport converts one VPC's visual diff SVG (diffSVG, cached) with
// the converter conv makes from the diff's graph, cached by both sides'
// keys, the VPC and kind, with a strong ETag and the diff's caching rules.
func (s *Server) serveDiffExport(w http.ResponseWriter, r *http.Request, ctype, kind string, conv func(*graph.Graph) func([]byte) ([]byte, error)) {
	other := pathParam(r, "other")
	a, b, err := s.diffSides(r, other)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vpc := pathParam(r, "vpc")
	var g *graph.Graph
	svg := func(ctx context.Context) ([]byte, error) {
		out, err := s.diffSVG(ctx, a, b, vpc)
		if err != nil {
			return nil, err
		}
		d, err := s.diffOf(ctx, a, b)
		if err != nil {
			return nil, err
		}
		err = s.admit.do(ctx, func() error {
			g, err = diff.Visual(a.Snap, b.Snap, d, vpc, graph.Options{})
			return err
		})
		return out, err
	}
	convert := func(svg []byte) ([]byte, error) { return conv(g)(svg) }
	key := "Vx\x00" + kind + "\x00" + a.Key + "\x00" + b.Key + "\x00" + vpc
	out, err := s.convertCached(r.Context(), key, "diff of "+b.ID+" "+vpc+" as "+kind, svg, convert)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("ETag", out.ETag)
	h.Set("Cache-Control", diffCacheControl(r, other, a, b, s.cfg.Token != ""))
	if etagMatch(r.Header.Get("If-None-Match"), out.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(out.Body)))
	w.Write(out.Body)
}
