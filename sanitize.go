package sgmap

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Sanitize removes what would make a converted snapshot invalid: objects
// without an ID or VPC, addresses and CIDRs that do not parse (AWS
// documentation examples hold "10-0-0-157"), and rules with impossible
// ports or peers. AWS itself never returns these, but imported files may,
// and one bad value should not cost the whole snapshot. Each kind of
// removal becomes one warning with examples.
func (s *Snapshot) Sanitize() {
	drops := map[string][]string{}
	drop := func(what, example string) { drops[what] = append(drops[what], clip(example)) }

	s.VPCs = slices.DeleteFunc(s.VPCs, func(v VPC) bool {
		if v.ID == "" {
			drop("VPCs without an ID", "(no id)")
			return true
		}
		return false
	})
	for i := range s.VPCs {
		s.VPCs[i].CIDRs = validCIDRs(s.VPCs[i].CIDRs, func(c string) { drop("CIDRs that do not parse", s.VPCs[i].ID+" "+c) })
	}
	s.Subnets = slices.DeleteFunc(s.Subnets, func(x Subnet) bool {
		if x.ID == "" || x.VPCID == "" {
			drop("subnets without an ID or VPC", cmp.Or(x.ID, "(no id)"))
			return true
		}
		return false
	})
	for i := range s.Subnets {
		s.Subnets[i].CIDRs = validCIDRs(s.Subnets[i].CIDRs, func(c string) { drop("CIDRs that do not parse", s.Subnets[i].ID+" "+c) })
	}
	s.Groups = slices.DeleteFunc(s.Groups, func(g SecurityGroup) bool {
		if g.ID == "" || g.VPCID == "" {
			drop("security groups without an ID or VPC", cmp.Or(g.ID, "(no id)"))
			return true
		}
		return false
	})
	for i := range s.Groups {
		g := &s.Groups[i]
		g.Rules = slices.DeleteFunc(g.Rules, func(r Rule) bool {
			if problem := ruleProblem(r); problem != "" {
				drop("rules that AWS could not have returned", g.ID+": "+problem)
				return true
			}
			return false
		})
	}
	s.Interfaces = slices.DeleteFunc(s.Interfaces, func(e NetworkInterface) bool {
		if e.ID == "" || e.VPCID == "" {
			drop("network interfaces without an ID or VPC", cmp.Or(e.ID, "(no id)"))
			return true
		}
		return false
	})
	for i := range s.Interfaces {
		e := &s.Interfaces[i]
		bad := func(a string) { drop("IP addresses that do not parse", e.ID+" "+a) }
		e.PrivateIPs = validAddrs(e.PrivateIPs, bad)
		e.IPv6Addresses = validAddrs(e.IPv6Addresses, bad)
		e.PublicIPs = validAddrs(e.PublicIPs, bad)
	}
	s.Owners = slices.DeleteFunc(s.Owners, func(o Owner) bool {
		if o.ID == "" {
			drop("owners without an ID", string(o.Kind)+" "+o.Name)
			return true
		}
		return false
	})
	owners := map[string]bool{}
	for _, o := range s.Owners {
		owners[o.ID] = true
	}
	for i := range s.Interfaces {
		if e := &s.Interfaces[i]; e.OwnerID != "" && !owners[e.OwnerID] {
			e.OwnerID = ""
		}
	}
	s.PrefixLists = slices.DeleteFunc(s.PrefixLists, func(p PrefixList) bool {
		if p.ID == "" {
			drop("prefix lists without an ID", p.Name)
			return true
		}
		return false
	})
	for i := range s.PrefixLists {
		p := &s.PrefixLists[i]
		p.Entries = slices.DeleteFunc(p.Entries, func(e PrefixListEntry) bool {
			if _, err := netip.ParsePrefix(e.CIDR); err != nil {
				drop("CIDRs that do not parse", p.ID+" "+e.CIDR)
				return true
			}
			return false
		})
	}
	s.Peerings = slices.DeleteFunc(s.Peerings, func(p PeeringConnection) bool {
		if p.ID == "" {
			drop("peering connections without an ID", "(no id)")
			return true
		}
		return false
	})
	kinds := make([]string, 0, len(drops))
	for k := range drops {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		s.Warnings = append(s.Warnings, Warning{Code: "invalid-data",
			Message: fmt.Sprintf("left out %d %s: %s", len(drops[k]), k, strings.Join(clipList(drops[k], 5), "; "))})
	}
}

func validCIDRs(in []string, bad func(string)) []string {
	return slices.DeleteFunc(in, func(c string) bool {
		if _, err := netip.ParsePrefix(c); err != nil {
			bad(c)
			return true
		}
		return false
	})
}

func validAddrs(in []string, bad func(string)) []string {
	return slices.DeleteFunc(in, func(a string) bool {
		if _, err := netip.ParseAddr(a); err != nil {
			bad(a)
			return true
		}
		return false
	})
}

// ruleProblem says why r cannot be a real rule, or returns "".
func ruleProblem(r Rule) string {
	switch r.Protocol {
	case ProtoTCP, ProtoUDP:
		if r.FromPort < 0 || r.ToPort > 65535 || r.FromPort > r.ToPort {
			return fmt.Sprintf("port range %d-%d", r.FromPort, r.ToPort)
		}
	case ProtoICMP, ProtoICMPv6:
		if r.FromPort < -1 || r.FromPort > 255 || r.ToPort < -1 || r.ToPort > 255 || (r.FromPort == -1 && r.ToPort != -1) {
			return fmt.Sprintf("ICMP type/code %d/%d", r.FromPort, r.ToPort)
		}
	case AllProtocols:
	default:
		if n, err := strconv.Atoi(r.Protocol); err != nil || n < 0 || n > 255 {
			return fmt.Sprintf("protocol %q", r.Protocol)
		}
	}
	switch r.Peer.Kind {
	case PeerIPv4, PeerIPv6:
		p, err := netip.ParsePrefix(r.Peer.Value)
		if err != nil || p.Addr().Is4() != (r.Peer.Kind == PeerIPv4) {
			return fmt.Sprintf("peer %q", r.Peer.Value)
		}
	case PeerGroup, PeerPrefixList:
		if r.Peer.Value == "" {
			return "empty peer"
		}
	default:
		return "no peer"
	}
	return ""
}

// clipList keeps the first n items of s and counts the rest.
func clipList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(slices.Clone(s[:n]), fmt.Sprintf("and %d more", len(s)-n))
}
