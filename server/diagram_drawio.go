package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/sgmap/sgmap/graph/drawio"
)

// drawioType is draw.io's media type for .drawio files.
const drawioType = "application/vnd.jgraph.mxfile"

// drawioFile is a converted draw.io file and its ETag (a hash of it).
type drawioFile struct {
	Data []byte
	ETag string
}

// handleDiagramDrawio serves the diagram as an editable draw.io file
// (docs/exports.md): the same query parameters, caching and ETag
// revalidation as diagram.svg, converted from the same cached SVG, so it
// is the bytes `sgmap render -format drawio` writes.
func (s *Server) handleDiagramDrawio(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.drawio(r.Context(), v)
	if err != nil {
		s.writeError(w, r, s.adviseRender(v, err))
		return
	}
	h := w.Header()
	h.Set("ETag", out.ETag)
	h.Set("Cache-Control", v.cacheControl(s.cfg.Token != ""))
	if etagMatch(r.Header.Get("If-None-Match"), out.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", drawioType)
	h.Set("Content-Disposition", "attachment")
	w.Write(out.Data)
}

// drawio converts (or fetches from the cache) the draw.io file of v.
func (s *Server) drawio(ctx context.Context, v *viewRequest) (*drawioFile, error) {
	val, err := s.cache.get(ctx, "d\x00"+v.cacheKey(), func(ctx context.Context) (any, int64, error) {
		a, err := s.artifacts(ctx, v)
		if err != nil {
			return nil, 0, err
		}
		svg, err := s.svg(ctx, v)
		if err != nil {
			return nil, 0, err
		}
		var buf bytes.Buffer
		err = s.draw.do(ctx, func() error { return drawio.Write(&buf, a.Graph, svg.SVG) })
		if err != nil {
			return nil, 0, fmt.Errorf("draw.io of %s %s: %w", v.Ref.ID, v.VPC, err)
		}
		sum := sha256.Sum256(buf.Bytes())
		f := &drawioFile{Data: buf.Bytes(), ETag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		return f, int64(len(f.Data)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.(*drawioFile), nil
}
