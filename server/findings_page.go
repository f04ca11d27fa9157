package server

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
)

// findingsPerPage is how many findings one page of the findings page
// lists: a big account has thousands, and the page never ships them all.
const findingsPerPage = 50

// findingFilter is the findings page's query: severity, id, vpc, q (text)
// and page (1-based).
type findingFilter struct {
	Severity, ID, VPC, Q string
	Page                 int
}

// findingGroup is one row of #finding-groups: the findings with one id in
// one VPC.
type findingGroup struct {
	ID, Severity, VPC string
	Count             int
	URL               string // the findings page filtered to this group
}

// option is one option of a filter's select, with its count.
type option struct {
	Value, Text string
	Count       int
	Selected    bool
}

// findingsPage is the data of findings.html.
type findingsPage struct {
	Page
	Snapshot, Base      string
	Filter              findingFilter
	Groups              []findingGroup
	Severities, IDs     []option
	VPCs                []option
	Rows                []findingView
	Total, Matched      int
	From, To, Pages     int
	Prev, Next          string
	PageLinks           []pageLink
	FindingsUnavailable bool
}

// pageLink is one link of the pager ("" URL: the current page; Gap: …).
type pageLink struct {
	Text, URL string
	Gap       bool
}

// handleFindingsPage lists a snapshot's findings grouped by finding id and
// VPC with counts, filtered by severity, id, VPC and text, one page of
// findingsPerPage at a time (docs/http.md).
func (s *Server) handleFindingsPage(w http.ResponseWriter, r *http.Request) {
	ref, err := s.snapshot(pathParam(r, "snap"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := parseFindingFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := pathParam(r, "snap")
	base := "/snapshots/" + url.PathEscape(id)
	data := findingsPage{
		Page:     s.page("Findings · "+id, "findings", crumb{Text: id, URL: base}, crumb{Text: "Findings"}),
		Snapshot: id, Base: base, Filter: f,
	}
	fs, err := s.findings(r.Context(), ref)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data.fill(fs, base)
	s.renderPage(w, r, http.StatusOK, "findings", data)
}

// parseFindingFilter validates the findings page's query.
func parseFindingFilter(q url.Values) (findingFilter, error) {
	f := findingFilter{Severity: q.Get("severity"), ID: q.Get("id"), VPC: q.Get("vpc"), Q: strings.TrimSpace(q.Get("q")), Page: 1}
	switch audit.Severity(f.Severity) {
	case "", audit.Error, audit.Warning, audit.Info:
	default:
		return f, sgmap.Errorf(sgmap.EINVALID, "severity must be error, warning or info, not %q", clip(f.Severity))
	}
	if len(f.Q) > maxQuery {
		return f, sgmap.Errorf(sgmap.EINVALID, "q is longer than %d bytes", maxQuery)
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return f, sgmap.Errorf(sgmap.EINVALID, "page must be a number from 1, not %q", clip(p))
		}
		f.Page = n
	}
	return f, nil
}

// matches reports whether finding x passes f (ignoring skip, one of
// "severity", "id", "vpc", so that each select counts what it would show).
func (f findingFilter) matches(x *audit.Finding, skip string) bool {
	switch {
	case skip != "severity" && f.Severity != "" && string(x.Severity) != f.Severity,
		skip != "id" && f.ID != "" && x.ID != f.ID,
		skip != "vpc" && f.VPC != "" && x.VPCID != f.VPC:
		return false
	case f.Q == "":
		return true
	}
	q := strings.ToLower(f.Q)
	for _, t := range []string{x.ID, x.SubjectID, x.GroupID, x.GroupName, x.RuleID, x.Message, x.VPCID} {
		if strings.Contains(strings.ToLower(t), q) {
			return true
		}
	}
	return false
}

// query is f's query string with page p (0: none), for links.
func (f findingFilter) query(p int) string {
	q := url.Values{}
	for k, v := range map[string]string{"severity": f.Severity, "id": f.ID, "vpc": f.VPC, "q": f.Q} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if p > 1 {
		q.Set("page", strconv.Itoa(p))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// fill computes the groups, the filter options and the current page.
func (d *findingsPage) fill(fs []audit.Finding, base string) {
	d.Total = len(fs)
	f := d.Filter
	groups := map[[2]string]*findingGroup{}
	counts := map[string]map[string]int{"severity": {}, "id": {}, "vpc": {}}
	var matched []*audit.Finding
	for i := range fs {
		x := &fs[i]
		for _, k := range []string{"severity", "id", "vpc"} {
			if f.matches(x, k) {
				counts[k][map[string]string{"severity": string(x.Severity), "id": x.ID, "vpc": x.VPCID}[k]]++
			}
		}
		if !f.matches(x, "") {
			continue
		}
		matched = append(matched, x)
		k := [2]string{x.ID, x.VPCID}
		if groups[k] == nil {
			gf := findingFilter{Severity: f.Severity, ID: x.ID, VPC: x.VPCID, Q: f.Q}
			groups[k] = &findingGroup{ID: x.ID, Severity: string(x.Severity), VPC: x.VPCID, URL: base + "/findings" + gf.query(0)}
		}
		groups[k].Count++
	}
	for _, g := range groups {
		d.Groups = append(d.Groups, *g)
	}
	slices.SortFunc(d.Groups, func(a, b findingGroup) int {
		return cmp.Or(cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)), cmp.Compare(b.Count, a.Count),
			strings.Compare(a.ID, b.ID), strings.Compare(a.VPC, b.VPC))
	})
	d.Severities = options(counts["severity"], f.Severity, []string{"error", "warning", "info"})
	d.IDs = options(counts["id"], f.ID, nil)
	d.VPCs = options(counts["vpc"], f.VPC, nil)
	d.page(matched, base)
}

// page cuts matched to the current page and builds the pager.
func (d *findingsPage) page(matched []*audit.Finding, base string) {
	f := d.Filter
	d.Matched = len(matched)
	d.Pages = max(1, (len(matched)+findingsPerPage-1)/findingsPerPage)
	p := min(f.Page, d.Pages)
	d.Filter.Page = p
	lo, hi := (p-1)*findingsPerPage, min(p*findingsPerPage, len(matched))
	if lo < hi {
		d.From, d.To = lo+1, hi
	}
	for _, x := range matched[lo:hi] {
		d.Rows = append(d.Rows, findingRow(*x, base))
	}
	link := func(n int) string { return base + "/findings" + f.query(n) }
	if p > 1 {
		d.Prev = link(p - 1)
	}
	if p < d.Pages {
		d.Next = link(p + 1)
	}
	gap := false
	for n := 1; n <= d.Pages; n++ {
		if n > 2 && n < d.Pages-1 && (n < p-2 || n > p+2) {
			if !gap {
				d.PageLinks = append(d.PageLinks, pageLink{Gap: true, Text: "…"})
			}
			gap = true
			continue
		}
		gap = false
		pl := pageLink{Text: strconv.Itoa(n)}
		if n != p {
			pl.URL = link(n)
		}
		d.PageLinks = append(d.PageLinks, pl)
	}
}

// options turns counts into a select's options (order: fixed when given,
// else by value), keeping the selected value even when nothing matches it.
func options(counts map[string]int, selected string, order []string) []option {
	if order == nil {
		for v := range counts {
			order = append(order, v)
		}
		if selected != "" && counts[selected] == 0 {
			order = append(order, selected)
		}
		slices.Sort(order)
	}
	var out []option
	for _, v := range order {
		if v == "" || (counts[v] == 0 && v != selected) {
			continue
		}
		out = append(out, option{Value: v, Text: v, Count: counts[v], Selected: v == selected})
	}
	return out
}

func severityRank(s string) int {
	return map[string]int{"error": 0, "warning": 1, "info": 2}[s]
}

// findingGroupsOf are the finding groups of the snapshot page: every
// (id, VPC) with its count, linking to the findings page.
func (s *Server) findingGroupsOf(ctx context.Context, ref *snapshotRef, base string) ([]findingGroup, int, bool) {
	fs, err := s.findings(ctx, ref)
	if err != nil {
		return nil, 0, false
	}
	d := findingsPage{Filter: findingFilter{Page: 1}}
	d.fill(fs, base)
	return d.Groups, len(fs), true
}
