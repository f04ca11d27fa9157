package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/diff"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// diffOf compares two snapshots, cached by their content keys. The audits
// of both sides are the ones the dashboard caches for every snapshot
// (findings), so a diff of snapshots already shown costs only the
// comparison (docs/performance.md, "Snapshot diff").
func (s *Server) diffOf(ctx context.Context, a, b *snapshotRef) (*diff.Diff, error) {
	val, err := s.cache.get(ctx, "D\x00"+a.Key+"\x00"+b.Key, func(ctx context.Context) (any, int64, error) {
		fa, err := s.findings(ctx, a)
		if err != nil {
			return nil, 0, err
		}
		fb, err := s.findings(ctx, b)
		if err != nil {
			return nil, 0, err
		}
		side := func(x *sgmap.Snapshot) []audit.Finding {
			if x == a.Snap {
				return fa
			}
			return fb
		}
		var d *diff.Diff
		err = s.admit.do(ctx, func() error {
			d = diff.Compare(a.Snap, b.Snap, diff.Options{Findings: side})
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		sum := d.Summary()
		return d, int64(1024 + 512*(sum.Groups+sum.Rules+sum.Members+sum.Owners+sum.Introduced+sum.Resolved)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.(*diff.Diff), nil
}

// diffSides resolves the {snap} and {other} path parameters.
func (s *Server) diffSides(r *http.Request, other string) (a, b *snapshotRef, err error) {
	if a, err = s.snapshot(pathParam(r, "snap")); err != nil {
		return nil, nil, err
	}
	if b, err = s.snapshot(other); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// handleDiffJSON serves GET /snapshots/{a}/diff/{b}.json: the diff as
// `sgmap diff -format json` writes it, with an ETag.
func (s *Server) handleDiffJSON(w http.ResponseWriter, r *http.Request, other string) {
	a, b, err := s.diffSides(r, other)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.diffOf(r.Context(), a, b)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := diff.WriteJSON(&buf, d, s.cfg.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	serveTagged(w, r, "application/json", buf.Bytes(), diffCacheControl(r, other, a, b, s.cfg.Token != ""))
}

// handleDiffSVG serves GET /snapshots/{a}/diff/{b}/vpcs/{vpc}/diagram.svg:
// the visual diff of one VPC, built and drawn as `sgmap diff -format svg`
// does.
func (s *Server) handleDiffSVG(w http.ResponseWriter, r *http.Request) {
	other := pathParam(r, "other")
	a, b, err := s.diffSides(r, other)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vpc := pathParam(r, "vpc")
	out, err := s.diffSVG(r.Context(), a, b, vpc)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", svgCSP)
	h.Del("X-Frame-Options")
	serveTagged(w, r, "image/svg+xml", out, diffCacheControl(r, other, a, b, s.cfg.Token != ""))
}

// diffSVG builds and renders (or fetches from the cache) one VPC's visual
// diff; like every served SVG it passes svgcheck.CheckSafe.
func (s *Server) diffSVG(ctx context.Context, a, b *snapshotRef, vpc string) ([]byte, error) {
	val, err := s.cache.get(ctx, "V\x00"+a.Key+"\x00"+b.Key+"\x00"+vpc, func(ctx context.Context) (any, int64, error) {
		d, err := s.diffOf(ctx, a, b)
		if err != nil {
			return nil, 0, err
		}
		var dot bytes.Buffer
		err = s.admit.do(ctx, func() error {
			g, err := diff.Visual(a.Snap, b.Snap, d, vpc, graph.Options{})
			if err != nil {
				return err
			}
			return graph.WriteDOT(&dot, g)
		})
		if err != nil {
			return nil, 0, err
		}
		var out []byte
		err = s.draw.do(ctx, func() error {
			out, err = s.cfg.Renderer.SVG(ctx, dot.Bytes())
			return err
		})
		if err != nil {
			if code := sgmap.ErrorCode(err); code == sgmap.ETOOLARGE || code == sgmap.EUNAVAILABLE {
				return nil, 0, &renderError{err}
			}
			return nil, 0, fmt.Errorf("render diff of %s %s: %w", b.ID, vpc, err)
		}
		if err := svgcheck.CheckSafe(out); err != nil {
			return nil, 0, fmt.Errorf("rendered diff svg of %s %s is not safe to serve: %w", b.ID, vpc, err)
		}
		return out, int64(len(out)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.([]byte), nil
}

// serveTagged writes body with a strong ETag (a hash of it), answering 304
// to a matching If-None-Match.
func serveTagged(w http.ResponseWriter, r *http.Request, ctype string, body []byte, cacheControl string) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", ctype)
	w.Write(body)
}

// diffCacheControl is the diagrams' rule (viewRequest.cacheControl) for
// two snapshots: shared caches may keep a diff only when neither side can
// change ("latest" can).
func diffCacheControl(r *http.Request, other string, a, b *snapshotRef, private bool) string {
	switch {
	case pathParam(r, "snap") == latestID || other == latestID,
		!(a.Immutable || a.Stored) || !(b.Immutable || b.Stored):
		return "no-cache"
	case private:
		return "private, max-age=300"
	}
	return "public, max-age=300"
}

// splitJSON tells GET /snapshots/{a}/diff/{b}.json from the page.
func splitJSON(other string) (string, bool) {
	return strings.CutSuffix(other, ".json")
}
