package sgmap

import (
	"net/netip"
	"slices"
	"strings"
	"sync"
)

// Index gives fast lookups over a snapshot. Build it with [NewIndex] after
// the snapshot is complete; it does not follow later changes.
type Index struct {
	Snapshot    *Snapshot
	Groups      map[string]*SecurityGroup
	Interfaces  map[string]*NetworkInterface
	Owners      map[string]*Owner
	VPCs        map[string]*VPC
	Subnets     map[string]*Subnet
	PrefixLists map[string]*PrefixList
	// Members maps a group ID to the ENIs associated with it, sorted by ID.
	Members map[string][]*NetworkInterface
	// OwnerInterfaces maps an owner ID to its ENIs, sorted by ID: the
	// union of the owner's InterfaceIDs and the ENIs whose OwnerID names it.
	OwnerInterfaces map[string][]*NetworkInterface

	// byIP maps a VPC's private addresses to its ENIs, built per VPC on
	// first use: private addresses repeat across VPCs, and a diagram of one
	// VPC should not parse the addresses of every other.
	mu   sync.Mutex
	byIP map[string]map[netip.Addr]*NetworkInterface
}

// NewIndex indexes s.
func NewIndex(s *Snapshot) *Index {
	x := &Index{
		Snapshot:    s,
		Groups:      make(map[string]*SecurityGroup, len(s.Groups)),
		Interfaces:  make(map[string]*NetworkInterface, len(s.Interfaces)),
		Owners:      make(map[string]*Owner, len(s.Owners)),
		VPCs:        make(map[string]*VPC, len(s.VPCs)),
		Subnets:     make(map[string]*Subnet, len(s.Subnets)),
		PrefixLists: make(map[string]*PrefixList, len(s.PrefixLists)),
		// Sized up front: growing these maps was most of NewIndex's
		// allocation on the large demo (docs/performance.md, "Map level").
		Members:         make(map[string][]*NetworkInterface, len(s.Groups)),
		OwnerInterfaces: make(map[string][]*NetworkInterface, len(s.Owners)),
	}
	for i := range s.Groups {
		x.Groups[s.Groups[i].ID] = &s.Groups[i]
	}
	for i := range s.Owners {
		x.Owners[s.Owners[i].ID] = &s.Owners[i]
	}
	for i := range s.VPCs {
		x.VPCs[s.VPCs[i].ID] = &s.VPCs[i]
	}
	for i := range s.Subnets {
		x.Subnets[s.Subnets[i].ID] = &s.Subnets[i]
	}
	for i := range s.PrefixLists {
		x.PrefixLists[s.PrefixLists[i].ID] = &s.PrefixLists[i]
	}
	for i := range s.Interfaces {
		e := &s.Interfaces[i]
		x.Interfaces[e.ID] = e
		for _, g := range e.GroupIDs {
			x.Members[g] = append(x.Members[g], e)
		}
		if e.OwnerID != "" {
			x.OwnerInterfaces[e.OwnerID] = append(x.OwnerInterfaces[e.OwnerID], e)
		}
	}
	// Members are documented as sorted; the snapshot may not be normalised.
	for _, enis := range x.Members {
		slices.SortFunc(enis, func(a, b *NetworkInterface) int { return strings.Compare(a.ID, b.ID) })
	}
	for i := range s.Owners {
		o := &s.Owners[i]
		for _, id := range o.InterfaceIDs {
			if e := x.Interfaces[id]; e != nil && e.OwnerID != o.ID {
				x.OwnerInterfaces[o.ID] = append(x.OwnerInterfaces[o.ID], e)
			}
		}
		slices.SortFunc(x.OwnerInterfaces[o.ID], func(a, b *NetworkInterface) int {
			if a.ID < b.ID {
				return -1
			} else if a.ID > b.ID {
				return 1
			}
			return 0
		})
	}
	return x
}

// ByIP returns the ENI of VPC vpc with private IPv4 or IPv6 address a, or
// nil. It is safe for concurrent use.
func (x *Index) ByIP(vpc string, a netip.Addr) *NetworkInterface {
	x.mu.Lock()
	defer x.mu.Unlock()
	m, ok := x.byIP[vpc]
	if !ok {
		m = map[netip.Addr]*NetworkInterface{}
		for i := range x.Snapshot.Interfaces {
			e := &x.Snapshot.Interfaces[i]
			if e.VPCID != vpc {
				continue
			}
			for _, ip := range append(slices.Clip(e.PrivateIPs), e.IPv6Addresses...) {
				if ad, err := netip.ParseAddr(ip); err == nil {
					m[ad] = e
				}
			}
		}
		if x.byIP == nil {
			x.byIP = map[string]map[netip.Addr]*NetworkInterface{}
		}
		x.byIP[vpc] = m
	}
	return m[a]
}

// OwnerGroups returns the sorted, de-duplicated IDs of the groups owner id
// is in: the union over its ENIs, or its declared GroupIDs when it has none.
func (x *Index) OwnerGroups(id string) []string {
	o := x.Owners[id]
	if o == nil {
		return nil
	}
	enis := x.OwnerInterfaces[id]
	if len(enis) == 0 {
		return slices.Clone(o.GroupIDs)
	}
	var out []string
	for _, e := range enis {
		out = append(out, e.GroupIDs...)
	}
	return sortedUnique(out)
}

// GroupsInVPC returns the groups whose VPCID is vpc, in ID order.
func (x *Index) GroupsInVPC(vpc string) []*SecurityGroup {
	var out []*SecurityGroup
	for i := range x.Snapshot.Groups {
		if g := &x.Snapshot.Groups[i]; g.VPCID == vpc {
			out = append(out, g)
		}
	}
	return out
}

// VPCIDs returns the IDs of every VPC the snapshot knows of: those listed,
// and those its groups, ENIs and owners name, sorted.
func (s *Snapshot) VPCIDs() []string {
	var ids []string
	var seen map[string]bool // past a few VPCs, a set keeps this linear
	add := func(id string) {
		// A snapshot names few VPCs, each many times: a short list beats
		// collecting every name and sorting.
		switch {
		case id == "":
		case seen != nil:
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		case !slices.Contains(ids, id):
			ids = append(ids, id)
			if len(ids) > 32 {
				seen = map[string]bool{}
				for _, v := range ids {
					seen[v] = true
				}
			}
		}
	}
	for i := range s.VPCs {
		add(s.VPCs[i].ID)
	}
	for i := range s.Groups {
		add(s.Groups[i].VPCID)
	}
	for i := range s.Interfaces {
		add(s.Interfaces[i].VPCID)
	}
	for i := range s.Owners {
		add(s.Owners[i].VPCID)
	}
	slices.Sort(ids)
	return ids
}
