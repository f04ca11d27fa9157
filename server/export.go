package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/paint"
)

// download is one entry of the diagram page's Download menu.
type download struct {
	ID, Label, Title string
	File             string // route file name, e.g. diagram.png
	Ext              string // extension of the saved file
}

// downloads is the Download menu, in order: adding a format is one line
// (and its route). IDs are stable: tests and people link to them.
var downloads = []download{
	{ID: "download-svg", Label: "SVG", File: "diagram.svg", Ext: "svg", Title: "The diagram as drawn, for the web"},
	{ID: "download-png", Label: "PNG", File: "diagram.png", Ext: "png", Title: "A picture for slides and tickets (96 dpi; add dpi=192 to the link for a sharper one)"},
	{ID: "download-pdf", Label: "PDF", File: "diagram.pdf", Ext: "pdf", Title: "Vector PDF with searchable text, for audit evidence"},
	{ID: "download-drawio", Label: "draw.io", File: "diagram.drawio", Ext: "drawio", Title: "An editable draw.io file laid out like the SVG"},
	{ID: "download-mermaid", Label: "Mermaid", File: "diagram.mmd", Ext: "mmd", Title: "A flowchart that renders in Markdown on GitHub"},
	{ID: "download-dot", Label: "DOT", File: "diagram.dot", Ext: "dot", Title: "The Graphviz source"},
	{ID: "download-json", Label: "Graph JSON", File: "graph.json", Ext: "json", Title: "The graph as data (docs/graph-json.md)"},
}

// downloadLink is a menu entry with its URL, for the template.
type downloadLink struct {
	download
	URL, Name string
}

// downloadLinks returns the menu for the view at base with query q, files
// named fileBase.ext.
func downloadLinks(base, q, fileBase string) []downloadLink {
	out := make([]downloadLink, len(downloads))
	for i, d := range downloads {
		out[i] = downloadLink{download: d, URL: base + "/" + d.File + "?" + q, Name: fileBase + "." + d.Ext}
	}
	return out
}

// exported is a PNG or PDF of a diagram, with its strong ETag.
type exported struct {
	Body []byte
	ETag string
}

// handleDiagramPNG serves the diagram as PNG (?dpi=, default 96).
func (s *Server) handleDiagramPNG(w http.ResponseWriter, r *http.Request) {
	kind, convert, err := pngConverter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveExport(w, r, "image/png", kind, convert)
}

// pngConverter reads ?dpi= (24 to 300, default 96) and returns the cache
// kind and the SVG-to-PNG conversion at that dpi.
func pngConverter(r *http.Request) (string, func([]byte) ([]byte, error), error) {
	dpi := float64(paint.DefaultDPI)
	if q := r.URL.Query().Get("dpi"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 24 || n > 300 {
			return "", nil, sgmap.Errorf(sgmap.EINVALID, "dpi must be a whole number from 24 to 300, not %q", clip(q))
		}
		dpi = float64(n)
	}
	return "png" + strconv.Itoa(int(dpi)), func(svg []byte) ([]byte, error) {
		d, err := paint.Parse(svg)
		if err != nil {
			return nil, err
		}
		return paint.PNGWithin(d, dpi, maxExportPixels)
	}, nil
}

// maxExportPixels bounds a served PNG: 32 Mpx is about 200 MB of peak
// memory for the conversion (docs/performance.md, "PNG and PDF exports"),
// one per work slot. The large demo's production map at 192 dpi (24 Mpx)
// fits.
const maxExportPixels = 32 << 20

// handleDiagramPDF serves the diagram as a vector PDF.
func (s *Server) handleDiagramPDF(w http.ResponseWriter, r *http.Request) {
	s.serveExport(w, r, "application/pdf", "pdf", paint.SVGToPDF)
}

// handleDiagramMermaid serves the Mermaid flowchart of the diagram's graph.
func (s *Server) handleDiagramMermaid(w http.ResponseWriter, r *http.Request) {
	s.serveArtifact(w, r, "text/vnd.mermaid; charset=utf-8", func(a *artifacts) ([]byte, error) {
		var b bytes.Buffer
		if err := graph.WriteMermaid(&b, a.Graph); err != nil {
			return nil, fmt.Errorf("write mermaid: %w", err)
		}
		return b.Bytes(), nil
	})
}

// serveExport serves the diagram's SVG converted by convert, cached under
// kind, with an ETag and the SVG's caching rules.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request, ctype, kind string, convert func([]byte) ([]byte, error)) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.serveConverted(w, r, v, ctype, kind, convert)
}

// serveConverted is serveExport for a view already parsed.
func (s *Server) serveConverted(w http.ResponseWriter, r *http.Request, v *viewRequest, ctype, kind string, convert func([]byte) ([]byte, error)) {
	out, err := s.export(r.Context(), v, kind, convert)
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
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(out.Body)))
	w.Write(out.Body)
}

// export converts (or fetches from the cache) the diagram of v. The
// conversion takes an admission slot of its own, after the SVG's render
// has given its slot back: PNG and PDF cost as much as a render
// (docs/performance.md, "PNG and PDF exports").
func (s *Server) export(ctx context.Context, v *viewRequest, kind string, convert func([]byte) ([]byte, error)) (*exported, error) {
	svg := func(ctx context.Context) ([]byte, error) {
		out, err := s.svg(ctx, v)
		if err != nil {
			return nil, err
		}
		return out.SVG, nil
	}
	what := fmt.Sprintf("%s %s as %s", v.Ref.ID, v.VPC, kind)
	return s.convertCached(ctx, "x\x00"+kind+"\x00"+v.cacheKey(), what, svg, convert)
}

// convertCached converts the SVG svg gives, in a work slot, cached under
// key with a strong ETag; what names the export in errors.
func (s *Server) convertCached(ctx context.Context, key, what string, svg func(context.Context) ([]byte, error), convert func([]byte) ([]byte, error)) (*exported, error) {
	val, err := s.cache.get(ctx, key, func(ctx context.Context) (any, int64, error) {
		in, err := svg(ctx)
		if err != nil {
			return nil, 0, err
		}
		var body []byte
		err = s.draw.do(ctx, func() error {
			var err error
			body, err = convert(in)
			return err
		})
		if isBusy(err) {
			return nil, 0, err
		} else if err != nil {
			if sgmap.ErrorCode(err) == sgmap.ETOOLARGE {
				return nil, 0, &renderError{err}
			}
			return nil, 0, fmt.Errorf("export %s: %w", what, err)
		}
		sum := sha256.Sum256(body)
		return &exported{Body: body, ETag: `"` + hex.EncodeToString(sum[:16]) + `"`}, int64(len(body)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.(*exported), nil
}
