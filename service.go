package sgmap

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Service is a protocol with a port range (or ICMP type and code): what a
// rule admits, apart from its peer.
type Service struct {
	Protocol string
	FromPort int32
	ToPort   int32
}

// AllPorts reports whether s covers every port (or every ICMP type) of its
// protocol, or every protocol.
func (s Service) AllPorts() bool {
	switch s.Protocol {
	case ProtoTCP, ProtoUDP:
		return s.FromPort <= 0 && (s.ToPort == 65535 || s.ToPort == -1)
	case ProtoICMP, ProtoICMPv6:
		return s.FromPort == -1
	}
	return true
}

// Covers reports whether s admits everything o admits.
func (s Service) Covers(o Service) bool {
	if s.Protocol == AllProtocols {
		return true
	}
	if s.Protocol != o.Protocol {
		return false
	}
	if s.AllPorts() {
		return true
	}
	switch s.Protocol {
	case ProtoTCP, ProtoUDP:
		return s.FromPort <= o.FromPort && o.ToPort <= s.ToPort && !o.AllPorts()
	case ProtoICMP, ProtoICMPv6:
		return s.FromPort == o.FromPort && (s.ToPort == -1 || s.ToPort == o.ToPort)
	}
	return true
}

// Label formats s alone: "TCP 8443", "TCP 8000-8999", "All TCP", "UDP 53",
// "ICMP 8/any", "All ICMP", "All traffic", "Protocol 50".
func (s Service) Label() string {
	name := protoName(s.Protocol)
	switch s.Protocol {
	case AllProtocols:
		return "All traffic"
	case ProtoTCP, ProtoUDP:
		if s.AllPorts() {
			return "All " + name
		}
		return name + " " + portRange(s.FromPort, s.ToPort)
	case ProtoICMP, ProtoICMPv6:
		if s.AllPorts() {
			return "All " + name
		}
		return name + " " + icmpTypeCode(s.FromPort, s.ToPort)
	}
	return name
}

// JoinServices merges the services of parallel rules into one sorted edge
// label: "TCP 80, 443", "TCP 443; UDP 53". A service covered by another (TCP
// 443 under All TCP, anything under All traffic) is left out, and
// overlapping port ranges are merged. Adjacent ones are not: TCP 9090 and
// TCP 9091 from two rules read "TCP 9090, 9091", as the rules say.
func JoinServices(svcs []Service) string {
	byProto := map[string][]Service{}
	for _, s := range svcs {
		if s.Protocol == AllProtocols {
			return "All traffic"
		}
		byProto[s.Protocol] = append(byProto[s.Protocol], s)
	}
	protos := make([]string, 0, len(byProto))
	for p := range byProto {
		protos = append(protos, p)
	}
	slices.SortFunc(protos, compareProtocols)
	parts := make([]string, 0, len(protos))
	for _, p := range protos {
		parts = append(parts, joinOneProtocol(p, byProto[p]))
	}
	return strings.Join(parts, "; ")
}

func joinOneProtocol(proto string, svcs []Service) string {
	name := protoName(proto)
	for _, s := range svcs {
		if s.AllPorts() {
			return Service{Protocol: proto, FromPort: -1, ToPort: -1}.Label()
		}
	}
	slices.SortFunc(svcs, CompareServices)
	var items []string
	switch proto {
	case ProtoTCP, ProtoUDP:
		merged := []Service{svcs[0]}
		for _, s := range svcs[1:] {
			last := &merged[len(merged)-1]
			if s.FromPort <= last.ToPort {
				last.ToPort = max(last.ToPort, s.ToPort)
				continue
			}
			merged = append(merged, s)
		}
		for _, s := range merged {
			items = append(items, portRange(s.FromPort, s.ToPort))
		}
	case ProtoICMP, ProtoICMPv6:
		for _, s := range svcs {
			if slices.ContainsFunc(svcs, func(o Service) bool { return o != s && o.Covers(s) }) {
				continue // 8/0 under 8/any
			}
			items = append(items, icmpTypeCode(s.FromPort, s.ToPort))
		}
	default:
		return name
	}
	return name + " " + strings.Join(slices.Compact(items), ", ")
}

// CompareServices orders services by protocol (TCP, UDP, ICMP, ICMPv6,
// then by number), then by port range.
func CompareServices(a, b Service) int {
	return cmp.Or(compareProtocols(a.Protocol, b.Protocol),
		cmp.Compare(a.FromPort, b.FromPort), cmp.Compare(a.ToPort, b.ToPort))
}

func compareProtocols(a, b string) int {
	return cmp.Or(cmp.Compare(protoRank(a), protoRank(b)), strings.Compare(a, b))
}

func protoRank(p string) int {
	switch p {
	case AllProtocols:
		return 0
	case ProtoTCP:
		return 1
	case ProtoUDP:
		return 2
	case ProtoICMP:
		return 3
	case ProtoICMPv6:
		return 4
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return 1000
	}
	return 5 + n
}

func protoName(p string) string {
	switch p {
	case ProtoTCP:
		return "TCP"
	case ProtoUDP:
		return "UDP"
	case ProtoICMP:
		return "ICMP"
	case ProtoICMPv6:
		return "ICMPv6"
	case AllProtocols:
		return "All traffic"
	}
	return "Protocol " + p
}

func portRange(from, to int32) string {
	if from == to {
		return strconv.Itoa(int(from))
	}
	return strconv.Itoa(int(from)) + "-" + strconv.Itoa(int(to))
}

func icmpTypeCode(typ, code int32) string {
	c := "any"
	if code != -1 {
		c = strconv.Itoa(int(code))
	}
	return strconv.Itoa(int(typ)) + "/" + c
}

// Intersect returns what both s and o admit, and false when they share
// nothing: All traffic meets anything as the other side; TCP/UDP port ranges
// overlap; ICMP types and codes match or are -1 (any); other protocol numbers
// have no ports.
func (s Service) Intersect(o Service) (Service, bool) {
	switch {
	case s.Protocol == AllProtocols:
		return o, true
	case o.Protocol == AllProtocols:
		return s, true
	case s.Protocol != o.Protocol:
		return Service{}, false
	}
	switch s.Protocol {
	case ProtoTCP, ProtoUDP:
		lo, hi := max(portFloor(s.FromPort), portFloor(o.FromPort)), min(portCeil(s.ToPort), portCeil(o.ToPort))
		if lo > hi {
			return Service{}, false
		}
		return Service{Protocol: s.Protocol, FromPort: lo, ToPort: hi}, true
	case ProtoICMP, ProtoICMPv6:
		switch {
		case s.FromPort == -1:
			return o, true
		case o.FromPort == -1:
			return s, true
		case s.FromPort != o.FromPort:
			return Service{}, false
		case s.ToPort == -1:
			return o, true
		case o.ToPort == -1 || o.ToPort == s.ToPort:
			return s, true
		}
		return Service{}, false
	}
	return s, true
}

// portFloor and portCeil read -1 (AWS's "all ports") as 0 and 65535.
func portFloor(p int32) int32 { return max(p, 0) }

func portCeil(p int32) int32 {
	if p < 0 {
		return 65535
	}
	return p
}
