package server

import (
	"cmp"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
)

// Search limits: a query is at most maxQuery bytes; an answer lists at most
// maxHits hits (limit= may ask for fewer).
const (
	maxQuery    = 200
	maxHits     = 50
	defaultHits = 20
)

// searchHit is one hit of search.json: something in the VPC, and the URL
// of the diagram level that draws it (its fragment names what to open).
type searchHit struct {
	Kind   string `json:"kind"` // group, owner kind (instance, …), eni, ip
	ID     string `json:"id"`
	Name   string `json:"name"`
	Why    string `json:"why,omitempty"` // what matched, when not the name
	Level  string `json:"level"`         // the level's name, for people
	URL    string `json:"url"`           // the diagram page that shows it
	Target string `json:"target"`        // the id the page opens (its fragment)
	App    string `json:"app,omitempty"` // the application it belongs to
	rank   int
	groups []string // the groups it is in, which decide its level
}

// searchResult is the body of search.json.
type searchResult struct {
	Query     string      `json:"query"`
	Hits      []searchHit `json:"hits"`
	Truncated bool        `json:"truncated"`
}

// handleSearch finds groups, owners, ENIs and IP addresses anywhere in the
// VPC, drawn in the current view or not, and says which level shows each
// (docs/http.md). IPs and CIDRs match addresses; other queries match ids,
// names and tags by case-insensitive substring.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	v, err := s.parseView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > maxQuery {
		s.writeError(w, r, sgmap.Errorf(sgmap.EINVALID, "q is longer than %d bytes", maxQuery))
		return
	}
	limit := defaultHits
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxHits {
			s.writeError(w, r, sgmap.Errorf(sgmap.EINVALID, "limit must be a number from 1 to %d, not %q", maxHits, clip(l)))
			return
		}
		limit = n
	}
	res := searchResult{Query: q, Hits: []searchHit{}}
	if q != "" {
		if err := s.knowDefault(r.Context(), v); err != nil {
			s.writeError(w, r, err)
			return
		}
		loc, err := s.locator(r.Context(), v)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		hits := searchVPC(s.index(v.Ref), v.VPC, q)
		slices.SortStableFunc(hits, func(a, b searchHit) int { return cmp.Compare(a.rank, b.rank) })
		if len(hits) > limit {
			hits, res.Truncated = hits[:limit], true
		}
		for i := range hits {
			loc.place(&hits[i])
		}
		if hits != nil {
			res.Hits = hits
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, res)
}

// searchVPC returns every group, owner and ENI of vpc that q matches, with
// a rank (0 exact id or address, 1 name prefix, 2 substring). Groups carry
// their own id as Target; owners and ENIs are placed by their groups.
func searchVPC(x *sgmap.Index, vpc, q string) []searchHit {
	if hits, ok := searchAddress(x, vpc, q); ok {
		return hits
	}
	lq := strings.ToLower(q)
	var out []searchHit
	for _, g := range x.GroupsInVPC(vpc) {
		if rank, why, ok := match(lq, g.ID, g.Name, g.Tags); ok {
			out = append(out, searchHit{Kind: "group", ID: g.ID, Name: g.DisplayName(), Why: why, Target: g.ID, rank: rank,
				groups: []string{g.ID}})
		}
	}
	for i := range x.Snapshot.Owners {
		o := &x.Snapshot.Owners[i]
		if o.VPCID != vpc {
			continue
		}
		if rank, why, ok := match(lq, o.ID, o.Name, o.Tags); ok {
			out = append(out, searchHit{Kind: string(o.Kind), ID: o.ID, Name: o.DisplayName(), Why: why, Target: o.ID, rank: rank,
				groups: x.OwnerGroups(o.ID)})
		}
	}
	for i := range x.Snapshot.Interfaces {
		e := &x.Snapshot.Interfaces[i]
		if e.VPCID != vpc {
			continue
		}
		if rank, why, ok := match(lq, e.ID, "", e.Tags); ok {
			out = append(out, eniHit(x, e, "eni", e.ID, why, rank))
		} else if ip := addressPrefix(e, lq); ip != "" {
			out = append(out, eniHit(x, e, "ip", ip, "", 1))
		}
	}
	return out
}

// searchAddress answers a query that is an IP address (the ENI holding it)
// or a CIDR block (every ENI with an address inside it); ok is false when q
// is neither.
func searchAddress(x *sgmap.Index, vpc, q string) (hits []searchHit, ok bool) {
	if a, err := netip.ParseAddr(q); err == nil {
		if e := x.ByIP(vpc, a); e != nil {
			hits = append(hits, eniHit(x, e, "ip", a.String(), "", 0))
		}
		return hits, true
	}
	p, err := netip.ParsePrefix(q)
	if err != nil {
		return nil, false
	}
	p = p.Masked()
	for i := range x.Snapshot.Interfaces {
		e := &x.Snapshot.Interfaces[i]
		if e.VPCID != vpc {
			continue
		}
		for _, ip := range append(slices.Clip(e.PrivateIPs), e.IPv6Addresses...) {
			if a, err := netip.ParseAddr(ip); err == nil && p.Contains(a) {
				hits = append(hits, eniHit(x, e, "ip", ip, "in "+p.String(), 1))
				break
			}
		}
	}
	return hits, true
}

// eniHit is a hit on an ENI (found by id or address): it opens the node of
// its owner, or the ENI itself when it has none; an address hit opens the
// address, which the page's own search resolves to the node holding it.
func eniHit(x *sgmap.Index, e *sgmap.NetworkInterface, kind, id, why string, rank int) searchHit {
	h := searchHit{Kind: kind, ID: id, Name: id, Why: why, Target: id, rank: rank, groups: e.GroupIDs}
	if o := x.Owners[e.OwnerID]; o != nil {
		h.Name = id + " · " + o.DisplayName()
		if kind == "eni" {
			h.Target = o.ID
		}
	} else if kind == "ip" {
		h.Name = id + " · " + e.ID
	}
	if why == "" && kind == "ip" {
		h.Why = e.ID
	}
	return h
}

// addressPrefix returns the first address of e that starts with q when q
// is the start of an address ("10.1.2", "fd00:"), else "".
func addressPrefix(e *sgmap.NetworkInterface, q string) string {
	if len(q) < 3 || strings.Trim(q, "0123456789abcdef.:") != "" || !strings.ContainsAny(q, ".:") {
		return ""
	}
	for _, ip := range append(slices.Clip(e.PrivateIPs), e.IPv6Addresses...) {
		if strings.HasPrefix(ip, q) {
			return ip
		}
	}
	return ""
}

// match ranks how lq (lowercase) matches an id, a name and tags.
func match(lq, id, name string, tags map[string]string) (rank int, why string, ok bool) {
	lid, lname := strings.ToLower(id), strings.ToLower(name)
	switch {
	case lid == lq || (lname != "" && lname == lq):
		return 0, "", true
	case strings.HasPrefix(lname, lq) || strings.HasPrefix(lid, lq):
		return 1, "", true
	case strings.Contains(lname, lq) || strings.Contains(lid, lq):
		return 2, "", true
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if strings.Contains(strings.ToLower(k), lq) || strings.Contains(strings.ToLower(tags[k]), lq) {
			return 3, "tag " + k + "=" + tags[k], true
		}
	}
	return 0, "", false
}

// hitURL is the URL of the page at level q that opens target.
func hitURL(v *viewRequest, q url.Values, target string) string {
	u := v.base()
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u + "#" + url.PathEscape(target)
}
