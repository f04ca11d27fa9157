package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// artifacts are what one view of one VPC builds to, before rendering.
type artifacts struct {
	Graph *graph.Graph
	DOT   []byte
	JSON  []byte // graph JSON exactly as `sgmap render -format json` writes it
}

// renderedSVG is a rendered, checked diagram.
type renderedSVG struct {
	SVG  []byte
	Gzip []byte // SVG gzipped once, so cached hits cost no compression
	ETag string // strong ETag: a hash of SVG
}

// artifacts builds (or fetches from the cache) the graph, DOT and graph
// JSON of v, exactly as the CLI's render command does.
func (s *Server) artifacts(ctx context.Context, v *viewRequest) (*artifacts, error) {
	val, err := s.cache.get(ctx, "a\x00"+v.cacheKey(), func(ctx context.Context) (any, int64, error) {
		// Findings first, outside the slot: they take one of their own.
		var fs []audit.Finding
		if v.Findings {
			var err error
			if fs, err = s.findings(ctx, v.Ref); err != nil {
				return nil, 0, err
			}
		}
		var a *artifacts
		err := s.admit.do(ctx, func() error {
			// Annotating takes milliseconds on a big snapshot: inside the
			// slot, so that a refused request costs nothing (issue 8).
			var anns []graph.Annotation
			if v.Findings {
				anns = audit.Annotations(fs, v.VPC)
			}
			var err error
			a, err = buildArtifacts(v, anns)
			return err
		})
		if err != nil {
			return nil, 0, err
		}
		// The Graph itself is about as big as its JSON.
		return a, int64(len(a.DOT) + 2*len(a.JSON)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.(*artifacts), nil
}

// buildArtifacts builds the graph of v, annotated with anns when the view
// shows findings, and writes its DOT and JSON.
func buildArtifacts(v *viewRequest, anns []graph.Annotation) (*artifacts, error) {
	g, err := graph.Build(v.Ref.Snap, v.VPC, v.Options)
	if err != nil {
		return nil, err
	}
	if v.Findings {
		g.Annotate(anns)
	}
	a := &artifacts{Graph: g}
	var dot, js bytes.Buffer
	if err := graph.WriteDOT(&dot, g); err != nil {
		return nil, fmt.Errorf("write dot: %w", err)
	}
	enc := json.NewEncoder(&js)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		return nil, fmt.Errorf("encode graph: %w", err)
	}
	a.DOT, a.JSON = dot.Bytes(), js.Bytes()
	return a, nil
}

// svg renders (or fetches from the cache) the diagram of v. Renderer
// failures are wrapped as render errors (too large → 422); an SVG that
// fails svgcheck.CheckSafe is never served.
func (s *Server) svg(ctx context.Context, v *viewRequest) (*renderedSVG, error) {
	val, err := s.cache.get(ctx, "s\x00"+v.cacheKey(), func(ctx context.Context) (any, int64, error) {
		a, err := s.artifacts(ctx, v)
		if err != nil {
			return nil, 0, err
		}
		var out []byte
		err = s.draw.do(ctx, func() error {
			var err error
			out, err = s.cfg.Renderer.SVG(ctx, a.DOT)
			return err
		})
		if isBusy(err) {
			return nil, 0, err
		} else if err != nil {
			if code := sgmap.ErrorCode(err); code == sgmap.ETOOLARGE || code == sgmap.EUNAVAILABLE {
				return nil, 0, &renderError{err}
			}
			return nil, 0, fmt.Errorf("render %s %s: %w", v.Ref.ID, v.VPC, err)
		}
		if err := svgcheck.CheckSafe(out); err != nil {
			return nil, 0, fmt.Errorf("rendered svg of %s %s is not safe to serve: %w", v.Ref.ID, v.VPC, err)
		}
		sum := sha256.Sum256(out)
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(out)
		if err := zw.Close(); err != nil {
			return nil, 0, fmt.Errorf("gzip svg: %w", err)
		}
		r := &renderedSVG{SVG: out, Gzip: gz.Bytes(), ETag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		return r, int64(len(r.SVG) + len(r.Gzip)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.(*renderedSVG), nil
}
