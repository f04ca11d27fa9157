package server

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
)

// pageRenderWait bounds how long the diagram page waits for a render
// before answering with a "still drawing" message.
var pageRenderWait = 15 * time.Second

// diagramPage is the data of diagram.html (DOM contract: #diagram-page).
type diagramPage struct {
	Page
	Snapshot, VPC, View, Focus        string
	Egress, Findings                  bool
	SVGURL, DOTURL, JSONURL, EmbedURL string
	FileBase                          string
	Groups                            []groupOption
	SVG                               template.HTML // checked by svgcheck.CheckSafe
	RenderError                       string
	Suggestions                       []crumb
	// BigVPC is the VPC's group count when an unfocused view of it is too
	// big to read whole; FocusHints then link to focused views.
	BigVPC     int
	FocusHints []crumb
	PageData   *pageData
}

// bigVPCGroups is where a whole-VPC diagram stops being readable at a glance
// (the DOT writer switches to its grid layout at 60 top-level enclosures).
const bigVPCGroups = 60

// groupOption is one option of select[name=focus].
type groupOption struct {
	ID, Name string
	Selected bool
}

// handleDiagram shows one VPC's interactive diagram: the inline SVG plus
// the page data the scripts use for the panel, tooltips and search.
func (s *Server) handleDiagram(w http.ResponseWriter, r *http.Request) {
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
	fs, err := s.findings(r.Context(), v.Ref)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data := s.diagramData(r, v, a, audit.Annotations(fs, v.VPC))
	wait, cancel := context.WithTimeout(r.Context(), pageRenderWait)
	defer cancel()
	if out, err := s.svg(wait, v); err == nil {
		data.SVG = template.HTML(inlineSVG(out.SVG))
	} else if code := sgmap.ErrorCode(err); code == sgmap.ETOOLARGE || code == sgmap.EUNAVAILABLE {
		data.RenderError = sgmap.ErrorMessage(err)
		data.Suggestions = v.suggestions()
	} else if errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil {
		// The render goes on in the background; a reload picks it up.
		data.RenderError = "This diagram is still being drawn. Reload the page in a few seconds, or pick a lighter view."
		data.Suggestions = v.suggestions()
	} else {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "diagram", data)
}

// diagramData fills everything but the SVG.
func (s *Server) diagramData(r *http.Request, v *viewRequest, a *artifacts, anns []graph.Annotation) diagramPage {
	base, q := v.base(), v.query()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	d := diagramPage{
		Page: s.page(v.VPC+" · "+v.SnapParam, "diagram",
			crumb{Text: v.SnapParam, URL: "/snapshots/" + url.PathEscape(v.SnapParam)}, crumb{Text: v.VPC}),
		Snapshot: v.SnapParam, VPC: v.VPC, View: string(v.Options.View), Focus: v.Options.Focus,
		Egress: v.Options.Egress, Findings: v.Findings,
		SVGURL: base + "/diagram.svg?" + q, DOTURL: base + "/diagram.dot?" + q, JSONURL: base + "/graph.json?" + q,
		FileBase: v.Ref.ID + "-" + v.VPC + "-" + string(v.Options.View),
		PageData: s.pageData(v, a, anns),
	}
	d.EmbedURL = scheme + "://" + r.Host + d.SVGURL
	idx := sgmap.NewIndex(v.Ref.Snap)
	groups := idx.GroupsInVPC(v.VPC)
	// The Focus list is sorted by name, as people look for groups
	// (diagram-focus.js filters it as they type).
	byName := slices.Clone(groups)
	slices.SortStableFunc(byName, func(a, b *sgmap.SecurityGroup) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.DisplayName()), strings.ToLower(b.DisplayName())), cmp.Compare(a.ID, b.ID))
	})
	for _, g := range byName {
		d.Groups = append(d.Groups, groupOption{ID: g.ID, Name: g.DisplayName(),
			Selected: v.Options.Focus == g.ID || v.Options.Focus == g.Name})
	}
	if len(groups) > bigVPCGroups && v.Options.Focus == "" {
		d.BigVPC, d.FocusHints = len(groups), v.focusHints(idx, groups)
	}
	return d
}

// focusHints links to focused views of the groups enclosing the most ENIs:
// on a big VPC, those are the parts worth a readable picture first. Groups
// around more than a quarter of the VPC's ENIs (a baseline group on every
// instance) are left out: their focus is nearly the whole VPC again.
func (v *viewRequest) focusHints(idx *sgmap.Index, groups []*sgmap.SecurityGroup) []crumb {
	enis := 0
	for _, e := range idx.Snapshot.Interfaces {
		if e.VPCID == v.VPC {
			enis++
		}
	}
	byMembers := slices.DeleteFunc(slices.Clone(groups), func(g *sgmap.SecurityGroup) bool {
		return 4*len(idx.Members[g.ID]) > enis
	})
	slices.SortStableFunc(byMembers, func(a, b *sgmap.SecurityGroup) int {
		return cmp.Compare(len(idx.Members[b.ID]), len(idx.Members[a.ID]))
	})
	var out []crumb
	for _, g := range byMembers[:min(6, len(byMembers))] {
		q := url.Values{"view": {string(v.Options.View)}, "focus": {g.ID}}
		if v.Findings != v.FindingsDefault {
			q.Set("findings", boolStr(v.Findings))
		}
		out = append(out, crumb{Text: fmt.Sprintf("%s (%d ENIs)", g.DisplayName(), len(idx.Members[g.ID])),
			URL: v.base() + "?" + q.Encode()})
	}
	return out
}

// suggestions link to lighter views when a diagram is too large to draw:
// the overview, and a focus on each of the first few groups.
func (v *viewRequest) suggestions() []crumb {
	var out []crumb
	base := v.base()
	if v.Options.View != "overview" || v.Options.Focus != "" {
		out = append(out, crumb{Text: "Overview of the whole VPC", URL: base + "?view=overview"})
	}
	idx := sgmap.NewIndex(v.Ref.Snap)
	for i, g := range idx.GroupsInVPC(v.VPC) {
		if i == 10 {
			break
		}
		out = append(out, crumb{Text: "Focus on " + g.DisplayName(),
			URL: base + "?" + url.Values{"view": {"overview"}, "focus": {g.ID}}.Encode()})
	}
	return out
}

// inlineSVG drops what precedes the <svg> element (XML prolog, doctype,
// Graphviz's comments) so the SVG can sit inside HTML.
func inlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		return svg[i:]
	}
	return svg
}
