package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
)

// handlePageJSON serves the diagram page's data (panel, tooltips, search
// within the view): only what the view draws, fetched by diagram.js after
// the SVG is on screen, so the page itself stays small (docs/http.md).
func (s *Server) handlePageJSON(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	val, err := s.cache.get(r.Context(), "p\x00"+v.cacheKey(), func(ctx context.Context) (any, int64, error) {
		a, err := s.artifacts(ctx, v)
		if err != nil {
			return nil, 0, err
		}
		fs, err := s.findings(ctx, v.Ref)
		if err != nil {
			return nil, 0, err
		}
		var buf bytes.Buffer
		err = s.admit.do(ctx, func() error { // a big VPC's page data is megabytes of JSON
			if err := json.NewEncoder(&buf).Encode(s.pageData(v, a, audit.Annotations(fs, v.VPC))); err != nil {
				return fmt.Errorf("encode page data: %w", err)
			}
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		return buf.Bytes(), int64(buf.Len()), nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", v.cacheControl(s.cfg.Token != ""))
	w.Write(val.([]byte))
}

// statusWait bounds one render.json request; renderKeepAlive is how long a
// render stays wanted after a page or status request stops waiting for it,
// so that the next poll finds it still running rather than cancelled.
var (
	statusWait      = 20 * time.Second
	renderKeepAlive = 10 * time.Second
)

// renderStatus is the body of render.json.
type renderStatus struct {
	Ready bool `json:"ready"`
}

// handleRenderStatus waits (up to statusWait) for the view's render and
// says whether it is ready: the diagram page's progress note polls it and
// reloads itself when it is. A render that fails answers with the error
// (its status and message), which the reloaded page then explains.
func (s *Server) handleRenderStatus(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	wait, cancel := context.WithTimeout(r.Context(), statusWait)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	_, err = s.svg(wait, v)
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, renderStatus{Ready: true})
	case wait.Err() != nil && r.Context().Err() == nil:
		s.keepRendering(v)
		writeJSON(w, http.StatusOK, renderStatus{Ready: false})
	default:
		s.writeError(w, r, s.adviseRender(v, err))
	}
}

// keepRendering keeps waiting for v's render, detached from the request,
// for renderKeepAlive: the render is wanted by a page that will ask again.
func (s *Server) keepRendering(v *viewRequest) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), renderKeepAlive)
		defer cancel()
		s.svg(ctx, v)
	}()
}

// mapLimit is maxMapEdgeRules on the map, else 0.
func mapLimit(v graph.View) int {
	if v == graph.Map {
		return maxMapEdgeRules
	}
	return 0
}

// groupSummary is a group's page data without members and rules.
func groupSummary(x *sgmap.Index, gr graph.Group) groupData {
	gd := groupData{ID: gr.ID, Name: gr.Name, Description: gr.Description, Missing: gr.Missing,
		Tags: map[string]string{}, Members: []memberData{}, Ingress: []ruleData{}, Egress: []ruleData{},
		Findings: []findingData{}}
	if sg := x.Groups[gr.ID]; sg != nil {
		gd.AccountID = sg.AccountID
	}
	return gd
}

// pageGraph is the graph JSON the page data carries: the graph JSON itself,
// compacted and without its annotations; on the map, whose edges aggregate hundreds of rules, with each
// edge's rule ids cut as the page data's edges are, and its details left
// to the page data's edges (graph.json has them all), and its bundle to
// the bundles' edge lists.
func pageGraph(g *graph.Graph, js []byte) json.RawMessage {
	if g.View != graph.Map && len(g.Annotations) == 0 {
		return compactJSON(js)
	}
	c := *g
	// Findings reach the page through its groups' findings and the SVG's
	// marks; the list itself (thousands on a big VPC) stays in graph.json.
	c.Annotations = nil
	if g.View != graph.Map {
		out, err := json.Marshal(&c)
		if err != nil {
			return compactJSON(js)
		}
		return out
	}
	c.Edges = slices.Clone(g.Edges)
	for i := range c.Edges {
		if r := c.Edges[i].Rules; len(r) > maxMapEdgeRules {
			c.Edges[i].Rules = r[:maxMapEdgeRules]
		}
		c.Edges[i].Details = nil // the page data's edges carry them
		c.Edges[i].Bundle = ""   // the bundles list their edges
	}
	out, err := json.Marshal(&c)
	if err != nil {
		return compactJSON(js)
	}
	return out
}

// compactJSON drops the indentation of the graph JSON for the page data.
func compactJSON(js []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, js); err != nil {
		return js
	}
	return buf.Bytes()
}
