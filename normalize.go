package sgmap

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Normalize puts s in canonical form so that the same facts always encode to
// the same bytes: protocols in AWS's spelling (6 → tcp, "all" → -1), port
// fields of all-traffic rules as -1/-1, CIDRs masked as AWS stores them
// (10.0.0.5/16 → 10.0.0.0/16), identical rules merged, and every list sorted.
// Rule order carries no meaning: groups are allow-only and unordered.
func (s *Snapshot) Normalize() {
	if s.SchemaVersion == "" {
		s.SchemaVersion = SchemaVersion
	}
	s.Accounts = sortedUnique(s.Accounts)
	s.Regions = sortedUnique(s.Regions)
	for i := range s.VPCs {
		s.VPCs[i].CIDRs = sortedUnique(canonicalCIDRs(s.VPCs[i].CIDRs))
	}
	for i := range s.Subnets {
		s.Subnets[i].CIDRs = sortedUnique(canonicalCIDRs(s.Subnets[i].CIDRs))
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		g.Location = normalizeLocation(g.Location)
		for j := range g.Rules {
			g.Rules[j] = normalizeRule(g.Rules[j])
		}
		slices.SortFunc(g.Rules, func(a, b Rule) int {
			return cmp.Or(CompareRules(a, b), compareLocations(a.Location, b.Location))
		})
		g.Rules = slices.CompactFunc(g.Rules, func(a, b Rule) bool { return CompareRules(a, b) == 0 })
	}
	for i := range s.Interfaces {
		e := &s.Interfaces[i]
		e.GroupIDs = sortedUnique(e.GroupIDs)
	}
	for i := range s.Owners {
		o := &s.Owners[i]
		o.InterfaceIDs = sortedUnique(o.InterfaceIDs)
		o.GroupIDs = sortedUnique(o.GroupIDs)
		if lb := o.LoadBalancer; lb != nil {
			slices.SortFunc(lb.Listeners, func(a, b Listener) int {
				return cmp.Or(cmp.Compare(a.Port, b.Port), strings.Compare(a.Protocol, b.Protocol))
			})
			slices.SortFunc(lb.TargetGroups, func(a, b TargetGroup) int { return strings.Compare(a.ID, b.ID) })
			for j := range lb.TargetGroups {
				slices.SortFunc(lb.TargetGroups[j].Targets, func(a, b Target) int {
					return cmp.Or(strings.Compare(a.ID, b.ID), cmp.Compare(a.Port, b.Port))
				})
			}
		}
	}
	for i := range s.PrefixLists {
		slices.SortFunc(s.PrefixLists[i].Entries, func(a, b PrefixListEntry) int { return strings.Compare(a.CIDR, b.CIDR) })
	}
	slices.SortFunc(s.VPCs, func(a, b VPC) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Subnets, func(a, b Subnet) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Groups, func(a, b SecurityGroup) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Interfaces, func(a, b NetworkInterface) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Owners, func(a, b Owner) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.PrefixLists, func(a, b PrefixList) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Peerings, func(a, b PeeringConnection) int { return strings.Compare(a.ID, b.ID) })
	for i := range s.Peerings {
		p := &s.Peerings[i]
		p.Requester.CIDRs = sortedUnique(canonicalCIDRs(p.Requester.CIDRs))
		p.Accepter.CIDRs = sortedUnique(canonicalCIDRs(p.Accepter.CIDRs))
	}
	slices.SortStableFunc(s.Warnings, func(a, b Warning) int {
		return cmp.Or(strings.Compare(a.AccountID, b.AccountID), strings.Compare(a.Region, b.Region),
			strings.Compare(a.Service, b.Service), strings.Compare(a.Operation, b.Operation),
			strings.Compare(a.Code, b.Code), strings.Compare(a.Action, b.Action), strings.Compare(a.Message, b.Message))
	})
}

func normalizeRule(r Rule) Rule {
	r.Protocol = strings.ToLower(strings.TrimSpace(r.Protocol))
	switch r.Protocol {
	case "6":
		r.Protocol = ProtoTCP
	case "17":
		r.Protocol = ProtoUDP
	case "1":
		r.Protocol = ProtoICMP
	case "58":
		r.Protocol = ProtoICMPv6
	case "all", "":
		r.Protocol = AllProtocols
	}
	switch r.Protocol {
	case AllProtocols:
		r.FromPort, r.ToPort = -1, -1
	case ProtoTCP, ProtoUDP:
		if r.FromPort == -1 && r.ToPort == -1 {
			r.FromPort, r.ToPort = 0, 65535
		}
	case ProtoICMP, ProtoICMPv6:
	default:
		if _, err := strconv.Atoi(r.Protocol); err == nil {
			r.FromPort, r.ToPort = -1, -1 // ports are ignored for other protocols
		}
	}
	r.Location = normalizeLocation(r.Location)
	if r.Peer.IsCIDR() {
		if c := canonicalCIDRs([]string{r.Peer.Value}); len(c) == 1 {
			r.Peer.Value = c[0]
		}
	}
	return r
}

func canonicalCIDRs(in []string) []string {
	out := make([]string, 0, len(in))
	for _, c := range in {
		if p, err := netip.ParsePrefix(strings.TrimSpace(c)); err == nil {
			c = p.Masked().String()
		}
		out = append(out, c)
	}
	return out
}

func sortedUnique(in []string) []string {
	if len(in) == 0 {
		return in
	}
	slices.Sort(in)
	return slices.Compact(in)
}
