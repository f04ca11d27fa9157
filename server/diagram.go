package server

import (
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
	"github.com/sgmap/sgmap/graph"
)

// pageRenderWait bounds how long the diagram page waits for a render
// before it answers with a progress note that polls render.json and
// reloads itself when the diagram is ready.
var pageRenderWait = 3 * time.Second

// diagramPage is the data of diagram.html (DOM contract: #diagram-page).
type diagramPage struct {
	Page
	Snapshot, VPC, View, Focus, App   string
	Egress, Findings                  bool
	SVGURL, DOTURL, JSONURL, EmbedURL string
	// SignEmbed is set when a token guards the server: the embed link
	// is then signed by POST /api/embed, with a lifetime to choose.
	SignEmbed              bool
	RedactedSVGURL         string // the same diagram with redact=1 (docs/exports.md)
	PageDataURL, StatusURL string
	SearchURL              string
	FileBase               string
	Downloads              []downloadLink // the Download menu (export.go)
	Levels                 []level
	Groups                 []groupOption
	SVG                    template.HTML // checked by svgcheck.CheckSafe, ids namespaced
	RenderError            string
	Suggestions            []crumb
	// Pending is true while the render goes on: the page shows progress
	// (what is being drawn: Boxes, Lines) and reloads itself when done.
	Pending      bool
	Boxes, Lines int
	// Busy links to the busiest applications and groups of a VPC too big
	// to read whole (BigVPC is its group count).
	BigVPC int
	Busy   []crumb
}

// level is one entry of the view switch (Map, Overview, Detail).
type level struct {
	Text, URL string
	Current   bool
}

// groupOption is one option of select[name=focus].
type groupOption struct {
	ID, Name string
	Selected bool
}

// handleDiagram shows one VPC's interactive diagram: the inline SVG (ids
// namespaced, see InlineSVG) and the URLs of its page data and search.
// When the render takes longer than pageRenderWait the page shows progress
// instead and reloads itself once the diagram is ready.
func (s *Server) handleDiagram(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.knowDefault(r.Context(), v); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.artifacts(r.Context(), v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data := s.diagramData(r, v, a)
	wait, cancel := context.WithTimeout(r.Context(), pageRenderWait)
	defer cancel()
	out, err := s.svg(wait, v)
	switch code := sgmap.ErrorCode(err); {
	case err == nil:
		data.SVG = s.inlineSVG(v, out)
	case code == sgmap.ETOOLARGE || code == sgmap.EUNAVAILABLE:
		data.RenderError = sgmap.ErrorMessage(s.adviseRender(v, err))
		data.Suggestions = s.suggestions(v)
	case errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil:
		s.keepRendering(v)
		data.Pending = true
	default:
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "diagram", data)
}

// diagramData fills everything but the SVG.
func (s *Server) diagramData(r *http.Request, v *viewRequest, a *artifacts) diagramPage {
	base, q := v.base(), v.query()
	scheme := publicScheme(r)
	d := diagramPage{
		Page:     s.page(v.VPC+" · "+v.SnapParam, "diagram", s.diagramCrumbs(v)...),
		Snapshot: v.SnapParam, VPC: v.VPC, View: string(v.Options.View), Focus: v.Options.Focus, App: v.app(),
		Egress: v.Options.Egress, Findings: v.Findings,
		SVGURL: base + "/diagram.svg?" + q, DOTURL: base + "/diagram.dot?" + q, JSONURL: base + "/graph.json?" + q,
		PageDataURL: base + "/page.json?" + q, StatusURL: base + "/render.json?" + q,
		SearchURL: base + "/search.json?" + q,
		FileBase:  v.Ref.ID + "-" + v.VPC + "-" + string(v.Options.View),
		Levels:    v.levels(),
		Boxes:     len(a.Graph.Groups) + len(a.Graph.Nodes), Lines: a.Graph.Lines(),
	}
	if v.app() != "" {
		d.FileBase += "-" + v.app()
	}
	d.Downloads = downloadLinks(base, q, d.FileBase)
	d.EmbedURL = scheme + "://" + r.Host + d.SVGURL
	d.SignEmbed = s.cfg.Token != ""
	if !v.Redacted {
		d.RedactedSVGURL = d.SVGURL + "&redact=1"
	}
	idx := s.index(v.Ref)
	groups := idx.GroupsInVPC(v.VPC)
	// The Focus list is sorted by name, as people look for groups
	// (diagram-focus.js filters it as they type); an application's view
	// offers its own groups.
	byName := s.appGroups(v, groups)
	slices.SortStableFunc(byName, func(a, b *sgmap.SecurityGroup) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.DisplayName()), strings.ToLower(b.DisplayName())), cmp.Compare(a.ID, b.ID))
	})
	for _, g := range byName {
		d.Groups = append(d.Groups, groupOption{ID: g.ID, Name: g.DisplayName(),
			Selected: v.Options.Focus == g.ID || v.Options.Focus == g.Name})
	}
	if len(groups) > bigVPCGroups && v.Options.Focus == "" && v.app() == "" {
		d.BigVPC, d.Busy = len(groups), s.busy(v, idx)
	}
	return d
}

// bigVPCGroups is where a whole-VPC diagram stops being readable at a glance
// (the DOT writer switches to its grid layout at 60 top-level enclosures).
const bigVPCGroups = 60

// diagramCrumbs are the breadcrumbs after "Snapshots": the snapshot, the
// VPC (its default view: the map on big VPCs), the application, the focus.
// The last one is the current page and has no link.
func (s *Server) diagramCrumbs(v *viewRequest) []crumb {
	out := []crumb{{Text: v.SnapParam, URL: "/snapshots/" + url.PathEscape(v.SnapParam)}}
	vpcText := v.VPC
	if name := vpcName(v.Ref.Snap, v.VPC); name != "" {
		vpcText += " " + name
	}
	if v.isMap() {
		vpcText += " · map"
	}
	out = append(out, crumb{Text: vpcText, URL: v.base()})
	if app := v.app(); app != "" {
		out = append(out, crumb{Text: "application " + app, URL: v.base() + "?" + url.Values{"view": {"overview"}, "app": {app}}.Encode()})
	}
	if f := v.Options.Focus; f != "" {
		out = append(out, crumb{Text: "focus " + groupName(v.Ref.Snap, f), URL: v.base() + "?" + v.query()})
	}
	out[len(out)-1].URL = ""
	return out
}

// levels is the view switch: the map (big VPCs), the overview and the
// detail view of the same application or focus.
func (v *viewRequest) levels() []level {
	var out []level
	for _, view := range v.views() {
		q := url.Values{"view": {string(view)}}
		if view != "map" {
			if app := v.app(); app != "" {
				q.Set("app", app)
			}
			if v.Options.Focus != "" {
				q.Set("focus", v.Options.Focus)
			}
		}
		if v.Options.Egress {
			q.Set("egress", "1")
		}
		v.setFindings(q)
		text := map[graph.View]string{"map": "Map", graph.Overview: "Overview", graph.Detail: "Detail"}[view]
		out = append(out, level{Text: text, URL: v.base() + "?" + q.Encode(), Current: view == v.Options.View})
	}
	return out
}

// vpcName is the Name tag of a VPC, or "".
func vpcName(snap *sgmap.Snapshot, id string) string {
	for _, x := range snap.VPCs {
		if x.ID == id {
			return x.Name
		}
	}
	return ""
}

// groupName names a group id (or name) for people.
func groupName(snap *sgmap.Snapshot, id string) string {
	for i := range snap.Groups {
		if g := &snap.Groups[i]; g.ID == id || g.Name == id {
			return g.DisplayName()
		}
	}
	return id
}

// plural writes n and a noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// inlineSVG is InlineSVG(out.SVG), kept in the cache next to the SVG: a
// big diagram's rewrite costs more than serving it.
func (s *Server) inlineSVG(v *viewRequest, out *renderedSVG) template.HTML {
	val, err := s.cache.get(context.Background(), "i\x00"+v.cacheKey(), func(context.Context) (any, int64, error) {
		b := InlineSVG(out.SVG)
		return template.HTML(b), int64(len(b)), nil
	})
	if err != nil {
		return template.HTML(InlineSVG(out.SVG))
	}
	return val.(template.HTML)
}

// appGroups keeps, in an application's view, the groups of that
// application: the focus select offers the groups one can focus on from
// there.
func (s *Server) appGroups(v *viewRequest, groups []*sgmap.SecurityGroup) []*sgmap.SecurityGroup {
	if v.app() == "" {
		return groups
	}
	apps, err := s.applications(context.Background(), v.Ref, v.VPC)
	if err != nil {
		return groups
	}
	in := map[string]bool{}
	for _, a := range apps {
		if a.Name == v.app() || a.ID == v.app() {
			for _, g := range a.Groups {
				in[g] = true
			}
		}
	}
	if len(in) == 0 {
		return groups
	}
	return slices.DeleteFunc(slices.Clone(groups), func(g *sgmap.SecurityGroup) bool { return !in[g.ID] })
}
