package reach

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
)

// Point is one end of a flow or hop as the reach JSON names it.
type Point struct {
	// Kind is internet, cidr, prefix-list, group, external-group,
	// unknown-group, eni, or an owner kind (instance, load-balancer, …).
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
	VPC  string `json:"vpc,omitempty"`
}

// Query asks what passes between From and To in VPC VPC. One of From and
// To may be empty: then every end of the VPC (owners, ownerless ENIs) and
// every peer the given end's rules name (the Internet, CIDRs, prefix
// lists, other VPCs' groups) is tried on that side.
type Query struct {
	VPC      string
	From, To string
	// Service filters what the source sends; nil means all traffic.
	Service *sgmap.Service
	// NoLB turns load balancers into plain ends instead of hops.
	NoLB bool
}

// site is a resolved query end.
type site struct {
	point  Point
	end    *End
	owners []string // the owners it is or holds, for load balancer targets
}

// ParseService reads a -port value: 443/tcp, 8000-8999/tcp, 53/udp, icmp,
// icmpv6, all (or an empty string). A bare number is TCP.
func ParseService(s string) (*sgmap.Service, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "all", "-1":
		return nil, nil
	case "icmp", "icmpv6":
		return &sgmap.Service{Protocol: s, FromPort: -1, ToPort: -1}, nil
	}
	ports, proto, ok := strings.Cut(s, "/")
	if !ok {
		proto = sgmap.ProtoTCP
	}
	if proto != sgmap.ProtoTCP && proto != sgmap.ProtoUDP {
		return nil, sgmap.Errorf(sgmap.EINVALID, "port %q: protocol must be tcp or udp (or give icmp, icmpv6, all)", clip(s))
	}
	lo, hi, rng := strings.Cut(ports, "-")
	if !rng {
		hi = lo
	}
	from, err1 := strconv.ParseUint(lo, 10, 16)
	to, err2 := strconv.ParseUint(hi, 10, 16)
	if err1 != nil || err2 != nil || from > to {
		return nil, sgmap.Errorf(sgmap.EINVALID, "port %q is not PORT[-PORT]/PROTOCOL, e.g. 443/tcp, 53/udp, icmp, all", clip(s))
	}
	return &sgmap.Service{Protocol: proto, FromPort: int32(from), ToPort: int32(to)}, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// resolve finds what a user's X names in vpc: internet, a CIDR or IP (an
// IP of an ENI there is that ENI's owner), a group (ID or name), an owner
// (ID or name) or an ENI ID.
func (e *Engine) resolve(vpc, arg string) (*site, error) {
	x := e.x
	arg = strings.TrimSpace(arg)
	if s, ok := e.diagramSite(vpc, arg); ok {
		return s, nil
	}
	arg = strings.TrimPrefix(arg, "cidr:")
	if strings.EqualFold(arg, IDInternet) {
		return &site{point: Point{Kind: "internet", ID: IDInternet, Name: "Internet"}, end: e.Internet()}, nil
	}
	if a, err := netip.ParseAddr(arg); err == nil {
		if eni := x.ByIP(vpc, a); eni != nil {
			return e.eniSite(eni), nil
		}
		arg = netip.PrefixFrom(a, a.BitLen()).String()
	}
	if p, err := netip.ParsePrefix(arg); err == nil {
		id := "cidr:" + p.Masked().String()
		return &site{point: Point{Kind: "cidr", ID: id, Name: cmp.Or(NameCIDR(x, vpc, p.Masked().String()), p.Masked().String())},
			end: e.CIDR(id, p.Masked().String())}, nil
	}
	if g := x.Groups[arg]; g != nil {
		return e.groupSite(g, vpc), nil
	}
	if o := x.Owners[arg]; o != nil {
		return e.ownerSite(o), nil
	}
	if eni := x.Interfaces[arg]; eni != nil {
		return e.eniSite(eni), nil
	}
	var hits []*site
	for _, g := range x.GroupsInVPC(vpc) {
		if g.Name == arg || g.DisplayName() == arg {
			hits = append(hits, e.groupSite(g, vpc))
		}
	}
	for i := range x.Snapshot.Owners {
		o := &x.Snapshot.Owners[i]
		if (o.Name == arg || o.DisplayName() == arg) && e.ownerInVPC(o, vpc) {
			hits = append(hits, e.ownerSite(o))
		}
	}
	if len(hits) == 0 {
		if p := e.parentSite(vpc, arg); p != nil {
			return p, nil
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "%q names nothing in %s: give internet, a CIDR or IP, a group, an owner or an ENI (ID or name)", clip(arg), vpc)
	}
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.point.Kind+" "+h.point.ID)
	}
	return nil, sgmap.Errorf(sgmap.EINVALID, "%q is ambiguous in %s (%s): give an ID", clip(arg), vpc, strings.Join(ids, ", "))
}

func (e *Engine) groupSite(g *sgmap.SecurityGroup, vpc string) *site {
	s := &site{point: Point{Kind: "group", ID: g.ID, Name: g.DisplayName(), VPC: g.VPCID}, end: e.Group(g.ID)}
	if g.VPCID != vpc {
		s.point.Kind = "external-group"
	}
	for _, m := range e.x.Members[g.ID] {
		if m.OwnerID != "" {
			s.owners = append(s.owners, m.OwnerID)
		}
	}
	s.owners = sortedUnique(s.owners)
	return s
}

func (e *Engine) ownerSite(o *sgmap.Owner) *site {
	return &site{point: Point{Kind: string(o.Kind), ID: o.ID, Name: o.DisplayName(), VPC: o.VPCID},
		end: e.Owner(o.ID), owners: []string{o.ID}}
}

func (e *Engine) eniSite(m *sgmap.NetworkInterface) *site {
	if o := e.x.Owners[m.OwnerID]; o != nil {
		return e.ownerSite(o)
	}
	return &site{point: Point{Kind: "eni", ID: m.ID, Name: cmp.Or(m.Description, m.ID), VPC: m.VPCID},
		end: e.Interfaces(m.ID, []*sgmap.NetworkInterface{m})}
}

// ownerInVPC reports whether o is in vpc: it says so, or an ENI of it is.
func (e *Engine) ownerInVPC(o *sgmap.Owner, vpc string) bool {
	if o.VPCID == vpc {
		return true
	}
	return slices.ContainsFunc(e.x.OwnerInterfaces[o.ID], func(m *sgmap.NetworkInterface) bool { return m.VPCID == vpc })
}

// candidates are the ends tried on the open side of a query: the VPC's
// owners and ownerless ENIs, the Internet, and the peers that fixed's
// rules in direction dir name.
func (e *Engine) candidates(vpc string, fixed *site, dir sgmap.Direction) []*site {
	out := slices.Clone(e.vpcSites(vpc))
	seen := map[string]bool{}
	for _, gid := range fixed.end.Rules {
		g := e.x.Groups[gid]
		if g == nil {
			continue
		}
		for _, r := range g.Rules {
			if r.Direction != dir || r.Peer.IsInternet() || seen[r.Peer.String()] {
				continue
			}
			seen[r.Peer.String()] = true
			if s := e.peerSite(vpc, r.Peer); s != nil {
				out = append(out, s)
			}
		}
	}
	return slices.DeleteFunc(out, func(s *site) bool { return s.point.ID == fixed.point.ID })
}

// vpcSites are the ends of vpc's owners and ownerless ENIs, and the
// Internet, built once per engine.
func (e *Engine) vpcSites(vpc string) []*site {
	if sites, ok := e.sites[vpc]; ok {
		return sites
	}
	var out []*site
	for i := range e.x.Snapshot.Owners {
		if o := &e.x.Snapshot.Owners[i]; e.ownerInVPC(o, vpc) {
			out = append(out, e.ownerSite(o))
		}
	}
	for i := range e.x.Snapshot.Interfaces {
		if m := &e.x.Snapshot.Interfaces[i]; m.VPCID == vpc && (m.OwnerID == "" || e.x.Owners[m.OwnerID] == nil) {
			out = append(out, e.eniSite(m))
		}
	}
	out = append(out, &site{point: Point{Kind: "internet", ID: IDInternet, Name: "Internet"}, end: e.Internet()})
	if e.sites == nil {
		e.sites = map[string][]*site{}
	}
	e.sites[vpc] = out
	return out
}

// peerSite is the end of a rule peer outside the VPC's owners: a CIDR
// that is not one owner's address, a prefix list, or a group of another
// VPC or account.
func (e *Engine) peerSite(vpc string, p sgmap.Peer) *site {
	switch p.Kind {
	case sgmap.PeerPrefixList:
		name := p.Value
		if pl := e.x.PrefixLists[p.Value]; pl != nil && pl.Name != "" {
			name = pl.Name
		}
		return &site{point: Point{Kind: "prefix-list", ID: "pl:" + p.Value, Name: name}, end: e.PrefixList(p.Value)}
	case sgmap.PeerGroup:
		if g := e.x.Groups[p.Value]; g != nil {
			if g.VPCID == vpc {
				return nil // its members are candidates already
			}
			return e.groupSite(g, vpc)
		}
		id := "unknown:" + p.Value
		return &site{point: Point{Kind: "unknown-group", ID: id, Name: p.String()}, end: e.UnknownGroup(id, p.Value)}
	}
	pfx, err := netip.ParsePrefix(p.Value)
	if err != nil {
		return nil
	}
	if pfx.IsSingleIP() && e.x.ByIP(vpc, pfx.Addr()) != nil {
		return nil // that owner is a candidate already
	}
	id := "cidr:" + pfx.Masked().String()
	return &site{point: Point{Kind: "cidr", ID: id, Name: cmp.Or(NameCIDR(e.x, vpc, p.Value), p.Value)}, end: e.CIDR(id, p.Value)}
}
