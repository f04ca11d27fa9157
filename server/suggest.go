package server

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"

	"github.com/sgmap/sgmap"
)

// busy links to the busiest parts of a big VPC: its applications with the
// most ENIs (each opens that application's overview), then its groups with
// the most ENIs (a focus). Groups around more than a quarter of the VPC's
// ENIs (a baseline group on every instance) are left out: their focus is
// nearly the whole VPC again.
func (s *Server) busy(v *viewRequest, idx *sgmap.Index) []crumb {
	out := s.busyApps(v, 4)
	return append(out, v.busyGroups(idx, 4)...)
}

// busyGroups links to focused overviews of the n groups enclosing the
// most ENIs, leaving out groups around more than a quarter of them.
func (v *viewRequest) busyGroups(idx *sgmap.Index, n int) []crumb {
	enis := 0
	for _, e := range idx.Snapshot.Interfaces {
		if e.VPCID == v.VPC {
			enis++
		}
	}
	groups := slices.DeleteFunc(idx.GroupsInVPC(v.VPC), func(g *sgmap.SecurityGroup) bool {
		return 4*len(idx.Members[g.ID]) > enis
	})
	slices.SortStableFunc(groups, func(a, b *sgmap.SecurityGroup) int {
		return cmp.Compare(len(idx.Members[b.ID]), len(idx.Members[a.ID]))
	})
	var out []crumb
	for _, g := range groups[:min(n, len(groups))] {
		q := url.Values{"view": {"overview"}, "focus": {g.ID}}
		v.setFindings(q)
		out = append(out, crumb{Text: fmt.Sprintf("Group %s (%s)", g.DisplayName(), plural(len(idx.Members[g.ID]), "ENI")),
			URL: v.base() + "?" + q.Encode()})
	}
	return out
}

// suggestions link to lighter views when a diagram is too large to draw:
// the map or overview above the current view, then the busiest parts.
func (s *Server) suggestions(v *viewRequest) []crumb {
	var out []crumb
	base := v.base()
	o := v.Options
	if s.defaultIsMap(v) && !v.isMap() {
		out = append(out, crumb{Text: "Map of the VPC (one box per application)", URL: base + "?view=map"})
	} else if o.View != "overview" || o.Focus != "" || o.Egress {
		out = append(out, crumb{Text: "Overview of the whole VPC", URL: base + "?view=overview"})
	}
	if o.Focus != "" && (o.View != "overview" || o.Egress) {
		out = append(out, crumb{Text: "Overview of this focus", URL: base + "?" + url.Values{"view": {"overview"}, "focus": {o.Focus}}.Encode()})
	}
	idx := s.index(v.Ref)
	return append(out, s.busy(v, idx)...)
}
