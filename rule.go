package sgmap

import (
	"cmp"
	"strings"
)

// Direction is which way a rule admits traffic, seen from its group.
type Direction string

// The two directions. Ingress rules admit connections into the group's
// members; egress rules admit connections they start. Groups are stateful, so
// replies are never drawn.
const (
	Ingress Direction = "ingress"
	Egress  Direction = "egress"
)

// Protocol values as AWS spells them. Any other value is an IP protocol
// number ("50"); [AllProtocols] means every protocol and port.
const (
	ProtoTCP     = "tcp"
	ProtoUDP     = "udp"
	ProtoICMP    = "icmp"
	ProtoICMPv6  = "icmpv6"
	AllProtocols = "-1"
)

// Rule is one normalised security-group rule: one direction, one protocol
// and port range, one peer.
type Rule struct {
	// ID is the security group rule ID (sgr-…) where known.
	ID        string    `json:"id,omitempty"`
	Direction Direction `json:"direction"`
	// Protocol is tcp, udp, icmp, icmpv6, -1 (all) or a protocol number.
	Protocol string `json:"protocol"`
	// FromPort and ToPort are the port range for tcp and udp, the ICMP type
	// and code for icmp and icmpv6 (-1 = any), and -1 otherwise.
	FromPort    int32  `json:"from_port"`
	ToPort      int32  `json:"to_port"`
	Peer        Peer   `json:"peer"`
	Description string `json:"description,omitempty"`
	// Location is where the rule was written, for design-time inputs. It
	// is not part of the rule's identity: two rules that differ only in
	// where they were written are one rule (the first location wins).
	Location Location `json:"location,omitzero"`
}

// Service returns the protocol and ports r admits, without its peer.
func (r Rule) Service() Service {
	return Service{Protocol: r.Protocol, FromPort: r.FromPort, ToPort: r.ToPort}
}

// IsDefaultEgress reports whether r has the shape of the egress rule AWS
// creates in every new group: all traffic to 0.0.0.0/0 (and, in a VPC with
// IPv6, to ::/0). The diagram hides it unless asked; the audit does not ask
// for its justification (docs/findings.md "missing-description").
func (r Rule) IsDefaultEgress() bool {
	return r.Direction == Egress && r.Protocol == AllProtocols && r.Peer.IsInternet()
}

// Key identifies r for sorting and de-duplication when it has no ID.
func (r Rule) Key() string {
	if r.ID != "" {
		return r.ID
	}
	return string(r.Direction) + " " + r.Service().Label() + " " + r.Peer.String()
}

// CompareRules orders rules by direction, service, peer and ID.
func CompareRules(a, b Rule) int {
	return cmp.Or(
		strings.Compare(string(a.Direction), string(b.Direction)),
		CompareServices(a.Service(), b.Service()),
		strings.Compare(a.Peer.String(), b.Peer.String()),
		strings.Compare(a.ID, b.ID),
		strings.Compare(a.Description, b.Description),
		comparePeerDetail(a.Peer, b.Peer),
	)
}

// comparePeerDetail orders peers that print the same but differ in what is
// known about them, so that Normalize never merges such rules.
func comparePeerDetail(a, b Peer) int {
	return cmp.Or(
		strings.Compare(string(a.Kind), string(b.Kind)),
		strings.Compare(a.VPCID, b.VPCID),
		strings.Compare(a.PeeringID, b.PeeringID),
		strings.Compare(a.PeeringStatus, b.PeeringStatus),
		compareBool(a.Stale, b.Stale),
	)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// PeerKind is what a rule's peer is.
type PeerKind string

// Peer kinds.
const (
	PeerIPv4       PeerKind = "ipv4"        // Value is an IPv4 CIDR
	PeerIPv6       PeerKind = "ipv6"        // Value is an IPv6 CIDR
	PeerPrefixList PeerKind = "prefix-list" // Value is pl-…
	PeerGroup      PeerKind = "group"       // Value is sg-…
)

// Peer is the other end of a rule: a CIDR, a prefix list or a group.
type Peer struct {
	Kind  PeerKind `json:"kind"`
	Value string   `json:"value"`
	// For group peers: the account that owns the group (cross-account when it
	// differs from the rule's group), its VPC and the peering connection used
	// to reach it (peered-VPC references).
	AccountID     string `json:"account_id,omitempty"`
	VPCID         string `json:"vpc_id,omitempty"`
	PeeringID     string `json:"peering_id,omitempty"`
	PeeringStatus string `json:"peering_status,omitempty"`
	// Stale marks a reference AWS reports as stale: the group or the peering
	// connection behind it is gone.
	Stale bool `json:"stale,omitempty"`
}

// String renders p as a user would type it: a CIDR, pl-…, sg-… or
// account/sg-… for a group in another account.
func (p Peer) String() string {
	if p.Kind == PeerGroup && p.AccountID != "" {
		return p.AccountID + "/" + p.Value
	}
	return p.Value
}

// IsInternet reports whether p is 0.0.0.0/0 or ::/0.
func (p Peer) IsInternet() bool {
	return (p.Kind == PeerIPv4 && p.Value == "0.0.0.0/0") || (p.Kind == PeerIPv6 && p.Value == "::/0")
}

// IsCIDR reports whether p is an IPv4 or IPv6 CIDR.
func (p Peer) IsCIDR() bool { return p.Kind == PeerIPv4 || p.Kind == PeerIPv6 }
