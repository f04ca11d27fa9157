package server

import (
	"bytes"
	"net/http"

	"github.com/sgmap/sgmap/graph/drawio"
)

// drawioType is the media type of a draw.io file.
const drawioType = "application/vnd.jgraph.mxfile"

// handleDiagramDrawio serves the diagram as an editable draw.io file
// (docs/exports.md): the same query parameters, caching and ETag
// revalidation as diagram.svg, converted from the same cached SVG in a
// render slot like PNG and PDF, so it is the bytes `sgmap render -format
// drawio` writes.
func (s *Server) handleDiagramDrawio(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The conversion reads the graph beside the SVG (containment, ids).
	a, err := s.artifacts(r.Context(), v)
	if err != nil {
		s.writeError(w, r, s.adviseRender(v, err))
		return
	}
	w.Header().Set("Content-Disposition", "attachment")
	s.serveConverted(w, r, v, drawioType, "drawio", func(svg []byte) ([]byte, error) {
		var buf bytes.Buffer
		err := drawio.Write(&buf, a.Graph, svg)
		return buf.Bytes(), err
	})
}
