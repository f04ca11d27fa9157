package audit

import "github.com/sgmap/sgmap"

// PeerNames names rules' peers the way findings and the rule table do:
// a group's name, "Internet", a prefix list's name, the VPC or subnet a
// CIDR is exactly, the owner whose private address a /32 is ("game-nlb
// (10.0.0.30)"), a peered VPC; else the peer as written. The dashboard's
// panels use it so that they and lint call a peer the same thing.
type PeerNames struct{ a *auditor }

// NewPeerNames prepares names for the snapshot x indexes.
// Naming needs only the index (no flow engine, no findings).
func NewPeerNames(x *sgmap.Index) *PeerNames { return &PeerNames{&auditor{s: x.Snapshot, x: x}} }

// Name names peer p of a rule of group g.
func (n *PeerNames) Name(g *sgmap.SecurityGroup, p sgmap.Peer) string { return n.a.peerName(g, p) }
