package sgmap

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Validate checks s's structure and returns a [*ValidationError] listing
// every problem, each naming the object and field (security_groups[2]
// "sg-…": rules[4]: from_port …), or nil. References between objects (a rule
// naming a group that is not in the snapshot) are not errors: they are what
// dangling references look like, and the diagram and audit show them.
func (s *Snapshot) Validate() error {
	v := &validator{}
	v.schemaVersion(s.SchemaVersion)
	if s.TakenAt.IsZero() {
		v.add("taken_at", "is missing")
	}
	if s.SourceFile != "" {
		v.location("source_file", Location{File: s.SourceFile})
	}
	seen := map[string]string{}
	unique := func(where, kind, id string) {
		if id == "" {
			v.add(where, "id is empty")
			return
		}
		key := kind + "\x00" + id
		if first, ok := seen[key]; ok {
			v.add(where, fmt.Sprintf("duplicate id %q (also %s)", id, first))
			return
		}
		seen[key] = where
	}
	for i, x := range s.VPCs {
		w := at("vpcs", i, x.ID)
		unique(w, "vpc", x.ID)
		v.cidrs(w+": cidrs", x.CIDRs)
	}
	for i, x := range s.Subnets {
		w := at("subnets", i, x.ID)
		unique(w, "subnet", x.ID)
		v.required(w, "vpc_id", x.VPCID)
		v.cidrs(w+": cidrs", x.CIDRs)
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		w := at("security_groups", i, g.ID)
		unique(w, "sg", g.ID)
		v.required(w, "vpc_id", g.VPCID)
		v.location(w, g.Location)
		for j, r := range g.Rules {
			v.rule(fmt.Sprintf("%s: rules[%d]", w, j), r)
			v.location(fmt.Sprintf("%s: rules[%d]", w, j), r.Location)
		}
	}
	owners := map[string]bool{}
	for i, o := range s.Owners {
		w := at("owners", i, o.ID)
		unique(w, "owner", o.ID)
		owners[o.ID] = true
		if !validOwnerKind(o.Kind) {
			v.add(w, fmt.Sprintf("kind %q is not one of instance, load-balancer, ecs-task, lambda, rds, vpc-endpoint, nat-gateway, redshift, msk, elasticache, efs, opensearch, eks, other", o.Kind))
		}
	}
	for i, e := range s.Interfaces {
		w := at("network_interfaces", i, e.ID)
		unique(w, "eni", e.ID)
		v.required(w, "vpc_id", e.VPCID)
		v.addrs(w+": private_ips", e.PrivateIPs)
		v.addrs(w+": ipv6_addresses", e.IPv6Addresses)
		if e.OwnerID != "" && !owners[e.OwnerID] {
			v.add(w, fmt.Sprintf("owner_id %q is not in owners", e.OwnerID))
		}
	}
	for i, p := range s.PrefixLists {
		w := at("prefix_lists", i, p.ID)
		unique(w, "pl", p.ID)
		for j, e := range p.Entries {
			v.cidrs(fmt.Sprintf("%s: entries[%d]", w, j), []string{e.CIDR})
		}
	}
	for i, p := range s.Peerings {
		unique(at("peering_connections", i, p.ID), "pcx", p.ID)
	}
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

// maxProblems bounds the list so a hostile file cannot make it huge.
const maxProblems = 100

type validator struct{ problems []error }

func (v *validator) add(where, msg string) {
	if len(v.problems) < maxProblems {
		v.problems = append(v.problems, Errorf(EINVALID, "%s: %s", where, msg))
	}
}

func (v *validator) required(where, field, val string) {
	if val == "" {
		v.add(where, field+" is empty")
	}
}

func (v *validator) schemaVersion(sv string) {
	major, _, ok := strings.Cut(sv, ".")
	switch {
	case sv == "":
		v.add("schema_version", "is missing (this sgmap writes "+SchemaVersion+")")
	case !ok || major != strings.Split(SchemaVersion, ".")[0]:
		v.add("schema_version", fmt.Sprintf("%q is not supported: this sgmap reads %s.x", clip(sv), strings.Split(SchemaVersion, ".")[0]))
	}
}

func (v *validator) cidrs(where string, cidrs []string) {
	for _, c := range cidrs {
		if _, err := netip.ParsePrefix(c); err != nil {
			v.add(where, fmt.Sprintf("%q is not a CIDR", clip(c)))
		}
	}
}

func (v *validator) addrs(where string, addrs []string) {
	for _, a := range addrs {
		if _, err := netip.ParseAddr(a); err != nil {
			v.add(where, fmt.Sprintf("%q is not an IP address", clip(a)))
		}
	}
}

func (v *validator) rule(where string, r Rule) {
	if r.Direction != Ingress && r.Direction != Egress {
		v.add(where, fmt.Sprintf("direction %q is not ingress or egress", clip(string(r.Direction))))
	}
	v.ports(where, r)
	p := r.Peer
	switch p.Kind {
	case PeerIPv4, PeerIPv6:
		pfx, err := netip.ParsePrefix(p.Value)
		if err != nil {
			v.add(where, fmt.Sprintf("peer %q is not a CIDR", clip(p.Value)))
		} else if pfx.Addr().Is4() != (p.Kind == PeerIPv4) {
			v.add(where, fmt.Sprintf("peer %q is not an %s CIDR", clip(p.Value), p.Kind))
		}
	case PeerPrefixList, PeerGroup:
		if p.Value == "" {
			v.add(where, "peer value is empty")
		}
	default:
		v.add(where, fmt.Sprintf("peer kind %q is not ipv4, ipv6, prefix-list or group", clip(string(p.Kind))))
	}
}

func (v *validator) ports(where string, r Rule) {
	switch r.Protocol {
	case ProtoTCP, ProtoUDP:
		if r.FromPort < 0 || r.ToPort > 65535 || r.FromPort > r.ToPort {
			v.add(where, fmt.Sprintf("port range %d-%d is not within 0-65535", r.FromPort, r.ToPort))
		}
	case ProtoICMP, ProtoICMPv6:
		if r.FromPort < -1 || r.FromPort > 255 || r.ToPort < -1 || r.ToPort > 255 {
			v.add(where, fmt.Sprintf("ICMP type/code %d/%d is not within -1..255", r.FromPort, r.ToPort))
		} else if r.FromPort == -1 && r.ToPort != -1 {
			v.add(where, "ICMP code must be -1 when the type is -1")
		}
	case AllProtocols:
	default:
		if n, err := strconv.Atoi(r.Protocol); err != nil || n < 0 || n > 255 {
			v.add(where, fmt.Sprintf("protocol %q is not tcp, udp, icmp, icmpv6, -1 or a number 0-255", clip(r.Protocol)))
		}
	}
}

func validOwnerKind(k OwnerKind) bool {
	switch k {
	case OwnerInstance, OwnerLoadBalancer, OwnerECSTask, OwnerLambda, OwnerRDS,
		OwnerVPCEndpoint, OwnerNATGateway, OwnerRedshift, OwnerMSK, OwnerElastiCache,
		OwnerEFS, OwnerOpenSearch, OwnerEKS, OwnerOther:
		return true
	}
	return false
}

func at(list string, i int, id string) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] %q", list, i, clip(id))
}

// clip shortens hostile values before they go into a message.
func clip(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
