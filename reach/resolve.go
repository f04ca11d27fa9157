package reach

import (
	"cmp"
	"strings"

	"github.com/sgmap/sgmap"
)

// diagramSite resolves the IDs the diagram gives peers and collapsed
// nodes (docs/graph-json.md): pl:…, ext:…, unknown:…, and
// "<parent kind>:<parent ID>[#n]" (every owner of that parent).
func (e *Engine) diagramSite(vpc, arg string) (*site, bool) {
	kind, rest, ok := strings.Cut(arg, ":")
	if !ok {
		return nil, false
	}
	switch kind {
	case "pl":
		return e.peerSite(vpc, sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: rest}), true
	case "ext", "unknown":
		sg := rest[strings.LastIndex(rest, "/")+1:]
		if g := e.x.Groups[sg]; g != nil && kind == "ext" {
			return e.groupSite(g, vpc), true
		}
		id := "unknown:" + sg
		return &site{point: Point{Kind: "unknown-group", ID: id, Name: rest}, end: e.UnknownGroup(id, sg)}, true
	case sgmap.ParentAutoScalingGroup, sgmap.ParentECSService:
		if i := strings.LastIndexByte(rest, '#'); i >= 0 {
			rest = rest[:i]
		}
		if p := e.parentSite(vpc, rest); p != nil {
			return p, true
		}
	}
	return nil, false
}

// parentSite is the end of every owner in vpc whose logical parent (an ECS
// service, an Auto Scaling group) has ID or name arg, as the overview's
// collapsed node is.
func (e *Engine) parentSite(vpc, arg string) *site {
	var owners []string
	var enis []*sgmap.NetworkInterface
	var parent *sgmap.Parent
	for i := range e.x.Snapshot.Owners {
		o := &e.x.Snapshot.Owners[i]
		if o.Parent == nil || (o.Parent.ID != arg && o.Parent.Name != arg) || !e.ownerInVPC(o, vpc) {
			continue
		}
		parent = o.Parent
		owners = append(owners, o.ID)
		enis = append(enis, e.x.OwnerInterfaces[o.ID]...)
	}
	if parent == nil {
		return nil
	}
	id := parent.Kind + ":" + parent.ID
	return &site{point: Point{Kind: parent.Kind, ID: id, Name: cmp.Or(parent.Name, parent.ID), VPC: vpc},
		end: e.Interfaces(id, enis), owners: owners}
}

// VPCOf returns the VPC of what arg names when it is a group, owner or ENI
// (by ID, or by a name that only one of them has), or "".
func (e *Engine) VPCOf(arg string) string {
	x := e.x
	if g := x.Groups[arg]; g != nil {
		return g.VPCID
	}
	if m := x.Interfaces[arg]; m != nil {
		return m.VPCID
	}
	ownerVPC := func(o *sgmap.Owner) string {
		if o.VPCID != "" {
			return o.VPCID
		}
		if enis := x.OwnerInterfaces[o.ID]; len(enis) > 0 {
			return enis[0].VPCID
		}
		return ""
	}
	if o := x.Owners[arg]; o != nil {
		return ownerVPC(o)
	}
	var vpcs []string
	for i := range x.Snapshot.Groups {
		if g := &x.Snapshot.Groups[i]; g.Name == arg {
			vpcs = append(vpcs, g.VPCID)
		}
	}
	for i := range x.Snapshot.Owners {
		if o := &x.Snapshot.Owners[i]; o.Name == arg || o.DisplayName() == arg {
			vpcs = append(vpcs, ownerVPC(o))
		}
	}
	if vpcs = sortedUnique(vpcs); len(vpcs) == 1 {
		return vpcs[0]
	}
	return ""
}
