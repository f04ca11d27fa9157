package server

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// The levels of a VPC (docs/http.md): the map (one box per application,
// the default on big VPCs), an application's overview (app=NAME), a focus
// on one group; the overview and detail views of the whole VPC remain.

// isMap reports whether v is the map level.
func (v *viewRequest) isMap() bool { return v.Options.View == graph.Map }

// app is the application v shows ("" for the whole VPC).
func (v *viewRequest) app() string { return v.Options.App }

// views are the levels the view switch offers for v's VPC: the map only
// where it is the default or already shown.
func (v *viewRequest) views() []graph.View {
	if v.mapDefault || v.isMap() {
		return []graph.View{graph.Map, graph.Overview, graph.Detail}
	}
	return []graph.View{graph.Overview, graph.Detail}
}

// defaultIsMap reports whether the map is the VPC's default view.
func (s *Server) defaultIsMap(v *viewRequest) bool { return v.mapDefault }

// vpcLevels is graph.Levels of one VPC: its default view and, when that
// is the map, its applications.
type vpcLevels struct {
	view graph.View
	apps []graph.App
}

// levels is graph.Levels for the whole VPC, cached per snapshot content:
// the rule builds the VPC's groups and nodes, too slow to repeat on every
// request of a big VPC, and one build answers both questions.
func (s *Server) levels(ctx context.Context, ref *snapshotRef, vpc string, egress bool) (*vpcLevels, error) {
	val, err := s.cache.get(ctx, "v\x00"+ref.Key+"\x00"+vpc+"\x00"+boolStr(egress), func(ctx context.Context) (any, int64, error) {
		var l vpcLevels
		err := s.admit.do(ctx, func() error { // bounded like builds: it builds the VPC's nodes
			var err error
			l.view, l.apps, err = graph.Levels(ref.Snap, vpc, graph.Options{Egress: egress})
			return err
		})
		return &l, appsSize(l.apps), err
	})
	if err != nil {
		return nil, err
	}
	return val.(*vpcLevels), nil
}

// defaultView is graph.DefaultView for the whole VPC, cached ([Server.levels]).
func (s *Server) defaultView(ctx context.Context, ref *snapshotRef, vpc string, egress bool) (graph.View, error) {
	l, err := s.levels(ctx, ref, vpc, egress)
	if err != nil {
		return "", err
	}
	return l.view, nil
}

// applications is graph.Applications for the VPC, cached per content: from
// the levels of a VPC whose default is the map (applications do not depend
// on the egress rules), else built on their own.
func (s *Server) applications(ctx context.Context, ref *snapshotRef, vpc string) ([]graph.App, error) {
	if l, err := s.levels(ctx, ref, vpc, false); err != nil {
		return nil, err
	} else if l.view == graph.Map {
		return l.apps, nil
	}
	val, err := s.cache.get(ctx, "apps\x00"+ref.Key+"\x00"+vpc, func(ctx context.Context) (any, int64, error) {
		var apps []graph.App
		err := s.admit.do(ctx, func() error {
			var err error
			apps, err = graph.Applications(ref.Snap, vpc, "")
			return err
		})
		return apps, appsSize(apps), err
	})
	if err != nil {
		return nil, err
	}
	return val.([]graph.App), nil
}

// appsSize estimates the bytes apps hold, for the cache.
func appsSize(apps []graph.App) int64 {
	size := 64
	for _, a := range apps {
		size += 64 + 24*len(a.Groups)
	}
	return int64(size)
}

// busyApps links to the overviews of the n applications with the most
// ENIs (shared groups left out: they are everywhere; so is "others", the
// small applications folded together).
func (s *Server) busyApps(v *viewRequest, n int) []crumb {
	if !v.mapDefault {
		return nil
	}
	apps, err := s.applications(context.Background(), v.Ref, v.VPC)
	if err != nil {
		return nil
	}
	apps = slices.DeleteFunc(slices.Clone(apps), func(a graph.App) bool { return a.Shared || a.Name == graph.OthersApp })
	slices.SortStableFunc(apps, func(a, b graph.App) int { return cmp.Compare(b.ENIs, a.ENIs) })
	var out []crumb
	for _, a := range apps[:min(n, len(apps))] {
		out = append(out, crumb{Text: fmt.Sprintf("Application %s (%s, %s)", a.Name, plural(len(a.Groups), "group"), plural(a.ENIs, "ENI")),
			URL: v.base() + "?" + v.appQuery(a.Name).Encode()})
	}
	return out
}

// appQuery is the query of application name's overview, keeping v's
// egress and findings choices.
func (v *viewRequest) appQuery(name string) url.Values {
	q := url.Values{"view": {string(graph.Overview)}, "app": {name}}
	if v.Options.Egress {
		q.Set("egress", "1")
	}
	v.setFindings(q)
	return q
}

// locator decides which level of a VPC shows a search hit: on a VPC whose
// default is the map, the overview of the application holding the hit's
// group (a shared group: the map, where it is one node); else the VPC's
// overview.
type locator struct {
	v     *viewRequest
	appOf map[string]graph.App // group ID → its application
	drawn map[string]bool      // what v's own view draws: groups, nodes, owners, ENIs, addresses
}

// locator returns the locator for v's VPC. A hit the current view draws
// stays on it.
func (s *Server) locator(ctx context.Context, v *viewRequest) (*locator, error) {
	l := &locator{v: v, appOf: map[string]graph.App{}, drawn: map[string]bool{}}
	a, err := s.artifacts(ctx, v)
	if err != nil {
		return nil, err
	}
	for _, g := range a.Graph.Groups {
		if !v.isMap() && !g.Shared { // the map draws applications; shared groups are nodes
			l.drawn[g.ID] = true
		}
	}
	for _, n := range a.Graph.Nodes {
		l.drawn[n.ID] = true
		for _, ids := range [][]string{n.Owners, n.Addresses, n.Interfaces} {
			for _, id := range ids {
				l.drawn[id] = true
			}
		}
	}
	if !v.mapDefault {
		return l, nil
	}
	apps, err := s.applications(ctx, v.Ref, v.VPC)
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		for _, g := range a.Groups {
			l.appOf[g] = a
		}
		// The others overview is a map of the applications folded into
		// it: a hit there opens its part's overview, which draws it.
		for _, p := range a.Parts {
			for _, g := range p.Groups {
				l.appOf[g] = p
			}
		}
	}
	return l, nil
}

// place sets the level, URL and application of h from its groups: the
// first group in a non-shared application decides.
func (l *locator) place(h *searchHit) {
	v := l.v
	if l.drawn[h.Target] {
		h.Level, h.URL = "this view", v.base()+"?"+v.query()+"#"+url.PathEscape(h.Target)
		return
	}
	if !v.mapDefault {
		q := url.Values{"view": {string(graph.Overview)}}
		v.setFindings(q)
		h.Level, h.URL = "Overview", hitURL(v, q, h.Target)
		return
	}
	var shared *graph.App
	for _, g := range h.groups {
		a, ok := l.appOf[g]
		if !ok {
			continue
		}
		if !a.Shared {
			h.App, h.Level = a.Name, "application "+a.Name
			h.URL = hitURL(v, v.appQuery(a.Name), h.Target)
			return
		}
		shared = &a
	}
	q := url.Values{"view": {string(graph.Map)}}
	v.setFindings(q)
	h.Level, h.URL = "Map", hitURL(v, q, h.Target)
	if shared != nil {
		h.Level = "Map (shared group " + shared.Name + ")"
	}
}

// resolveView fills v's view when the request named none: the VPC's
// default (graph.DefaultView), and records whether that is the map. A
// request that names its view does not pay for the rule here; pages and
// search learn the default with knowDefault.
func (s *Server) resolveView(ctx context.Context, v *viewRequest, asked graph.View) error {
	switch {
	case asked != "":
		v.Options.View = asked
	case v.Options.Focus != "" || v.Options.App != "":
		v.Options.View = graph.Overview
	default:
		if err := s.knowDefault(ctx, v); err != nil {
			return err
		}
		v.Options.View = graph.Overview
		if v.mapDefault {
			v.Options.View = graph.Map
		}
	}
	if v.isMap() && (v.Options.Focus != "" || v.Options.App != "") {
		return sgmap.Errorf(sgmap.EINVALID, "view=map draws the whole VPC: it takes no focus or app")
	}
	return nil
}

// knowDefault sets v.mapDefault from the VPC's default view (cached).
func (s *Server) knowDefault(ctx context.Context, v *viewRequest) error {
	if v.defaultKnown {
		return nil
	}
	def, err := s.defaultView(ctx, v.Ref, v.VPC, v.Options.Egress)
	if err != nil {
		return err
	}
	v.mapDefault, v.defaultKnown = def == graph.Map, true
	return nil
}
