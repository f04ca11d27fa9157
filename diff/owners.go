package diff

import (
	"slices"

	"github.com/sgmap/sgmap"
)

// compareOwners returns the owners added and removed in one VPC, and the
// groups that owners on both sides joined or left.
func compareOwners(xa, xb *sgmap.Index, vpc string) ([]OwnerChange, []MemberChange) {
	var owners []OwnerChange
	var members []MemberChange
	for _, o := range ownersIn(xa, vpc) {
		n := xb.Owners[o.ID]
		if n == nil || n.VPCID != vpc {
			owners = append(owners, OwnerChange{Change: Removed, ID: o.ID, Kind: o.Kind, Name: o.DisplayName()})
			continue
		}
		before, after := xa.OwnerGroups(o.ID), xb.OwnerGroups(o.ID)
		for _, g := range after {
			if !slices.Contains(before, g) {
				members = append(members, member(xb, Joined, n, g))
			}
		}
		for _, g := range before {
			if !slices.Contains(after, g) {
				members = append(members, member(xa, Left, o, g))
			}
		}
	}
	for _, o := range ownersIn(xb, vpc) {
		if p := xa.Owners[o.ID]; p == nil || p.VPCID != vpc {
			owners = append(owners, OwnerChange{Change: Added, ID: o.ID, Kind: o.Kind, Name: o.DisplayName()})
		}
	}
	byID(owners, func(c OwnerChange) (string, string) { return c.ID, c.Change })
	byID(members, func(c MemberChange) (string, string) { return c.OwnerID, c.GroupID })
	return owners, members
}

func ownersIn(x *sgmap.Index, vpc string) []*sgmap.Owner {
	var out []*sgmap.Owner
	for i := range x.Snapshot.Owners {
		if o := &x.Snapshot.Owners[i]; o.VPCID == vpc {
			out = append(out, o)
		}
	}
	return out
}

// member names the group from the side where the owner is in it.
func member(x *sgmap.Index, kind string, o *sgmap.Owner, group string) MemberChange {
	name := group
	if g := x.Groups[group]; g != nil {
		name = g.DisplayName()
	}
	return MemberChange{Change: kind, OwnerID: o.ID, OwnerName: o.DisplayName(), GroupID: group, GroupName: name}
}
