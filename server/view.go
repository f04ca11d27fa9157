package server

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/store"
)

// viewRequest is a parsed per-VPC request: which snapshot, VPC and view.
type viewRequest struct {
	SnapParam string // the snapshot id as written in the URL (may be "latest")
	Ref       *snapshotRef
	VPC       string
	Options   graph.Options
	Findings  bool // annotate the diagram with audit findings
	// FindingsDefault is what Findings is when the query does not say:
	// on where the VPC has warnings or errors ([audit.OverlayByDefault]).
	FindingsDefault bool
	// mapDefault is true when the VPC's default view is the map; it is
	// known (defaultKnown) once Server.knowDefault ran.
	mapDefault, defaultKnown bool
	// Redacted is true for redact=1: Ref is the redacted snapshot, VPC
	// its pseudonym, and PathVPC the id the URL names.
	Redacted bool
	PathVPC  string
}

// parseView resolves the snapshot and VPC of r and validates its query:
// view (map|overview|detail; absent: the VPC's default, see
// graph.DefaultView), app, focus, egress=1, findings=1|0 (absent: on where
// the VPC has warning or error findings; the last value wins, so a form's
// hidden findings=0 before its checkbox works without script). Unknown values are
// EINVALID (400), an unknown snapshot or VPC ENOTFOUND (404); an unknown
// focus is reported by graph.Build as ENOTFOUND.
func (s *Server) parseView(r *http.Request) (*viewRequest, error) {
	q := r.URL.Query()
	view := graph.View(q.Get("view"))
	switch view {
	case "", graph.Map, graph.Overview, graph.Detail:
	default:
		return nil, sgmap.Errorf(sgmap.EINVALID, "view must be map, overview or detail, not %q", clip(string(view)))
	}
	egress, err := boolParam(q, "egress")
	if err != nil {
		return nil, err
	}
	fq := url.Values{}
	if vs := q["findings"]; len(vs) > 0 {
		fq.Set("findings", vs[len(vs)-1])
	}
	findings, err := boolParam(fq, "findings")
	if err != nil {
		return nil, err
	}
	ref, err := s.snapshot(pathParam(r, "snap"))
	if err != nil {
		return nil, err
	}
	vpc := pathParam(r, "vpc")
	if !hasVPC(ref.Meta, vpc) {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "snapshot %s has no VPC %q", ref.ID, clip(vpc))
	}
	fs, err := s.findings(r.Context(), ref)
	if err != nil {
		return nil, err
	}
	byDefault := audit.OverlayByDefault(fs, vpc)
	if !fq.Has("findings") {
		findings = byDefault
	}
	v := &viewRequest{SnapParam: pathParam(r, "snap"), Ref: ref, VPC: vpc, Findings: findings, FindingsDefault: byDefault,
		Options: graph.Options{Focus: q.Get("focus"), App: q.Get("app"), Egress: egress, SnapshotID: ref.ID}}
	if err := s.redactView(r.Context(), q, v); err != nil {
		return nil, err
	}
	if err := s.resolveView(r.Context(), v, view); err != nil {
		return nil, err
	}
	return v, nil
}

// hasVPC reports whether vpc is one of the snapshot's VPC IDs (the page
// URLs use IDs; names are not accepted here so that one diagram has one
// URL). It reads the snapshot's summary, computed once: VPCIDs walks every
// group and ENI, too much for every request of a flood.
func hasVPC(m store.Meta, vpc string) bool {
	return slices.ContainsFunc(m.VPCs, func(v store.VPCMeta) bool { return v.ID == vpc })
}

// boolParam reads a checkbox-style parameter: absent, "", "0" or "false"
// is false; "1", "true" or "on" is true; anything else is EINVALID.
func boolParam(q url.Values, name string) (bool, error) {
	switch strings.ToLower(q.Get(name)) {
	case "", "0", "false":
		return false, nil
	case "1", "true", "on":
		return true, nil
	}
	return false, sgmap.Errorf(sgmap.EINVALID, "%s must be 1 or 0, not %q", name, clip(q.Get(name)))
}

// query is the canonical query string of the view (keys sorted, defaults
// left out except view; findings=1 or findings=0 only where it differs
// from the VPC's default), used in every URL the page links to.
func (v *viewRequest) query() string {
	q := url.Values{"view": {string(v.Options.View)}}
	if v.Options.App != "" {
		q.Set("app", v.Options.App)
	}
	if v.Options.Focus != "" {
		q.Set("focus", v.Options.Focus)
	}
	if v.Options.Egress {
		q.Set("egress", "1")
	}
	if v.Findings != v.FindingsDefault {
		q.Set("findings", boolStr(v.Findings))
	}
	if v.Redacted {
		q.Set("redact", "1")
	}
	return q.Encode()
}

// base is the URL path of the VPC's diagram page.
func (v *viewRequest) base() string {
	return "/snapshots/" + url.PathEscape(v.SnapParam) + "/vpcs/" + url.PathEscape(cmp.Or(v.PathVPC, v.VPC))
}

// cacheKey identifies the diagram's content: snapshot content, VPC, view.
func (v *viewRequest) cacheKey() string {
	o := v.Options
	return strings.Join([]string{v.Ref.Key, v.VPC, string(o.View), o.App, o.Focus,
		boolStr(o.Egress), boolStr(v.Findings), boolStr(v.Redacted)}, "\x00")
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// pathParam returns the unescaped path parameter: chi matches on the
// escaped path when the URL has escapes, and VPC IDs come from snapshot
// files, so they may hold characters that URLs escape.
func pathParam(r *http.Request, name string) string {
	v := chi.URLParam(r, name)
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// setFindings records the findings overlay in q where it differs from the
// VPC's default, so links keep what the user chose and stay canonical.
func (v *viewRequest) setFindings(q url.Values) {
	if v.Findings != v.FindingsDefault {
		q.Set("findings", boolStr(v.Findings))
	}
}
