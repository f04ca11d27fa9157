package graph

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// collectNodes adds one node per owner in the VPC (or one per collapsed set
// of owners in the overview) and one per ownerless ENI.
func (b *builder) collectNodes() {
	type bucket struct {
		parent *sgmap.Parent
		kind   sgmap.OwnerKind
		groups []string
		owners []*sgmap.Owner
	}
	buckets := map[string]*bucket{}
	owned := map[string]bool{}
	for i := range b.s.Owners {
		o := &b.s.Owners[i]
		if !b.ownerInVPC(o) {
			continue
		}
		for _, e := range b.x.OwnerInterfaces[o.ID] {
			owned[e.ID] = true
		}
		groups := b.x.OwnerGroups(o.ID)
		if b.opt.View == Overview && o.Parent != nil && o.Parent.ID != "" {
			key := string(o.Kind) + "\x00" + o.Parent.Kind + "\x00" + o.Parent.ID + "\x00" + strings.Join(groups, ",")
			bk := buckets[key]
			if bk == nil {
				bk = &bucket{parent: o.Parent, kind: o.Kind, groups: groups}
				buckets[key] = bk
			}
			bk.owners = append(bk.owners, o)
			continue
		}
		b.addOwnerNode(o, groups)
	}
	keys := make([]string, 0, len(buckets))
	for k := range buckets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// A parent whose owners sit in several group sets yields several
	// nodes; they are numbered in key order so IDs stay deterministic.
	perParent := map[string]int{}
	for _, k := range keys {
		bk := buckets[k]
		if len(bk.owners) > 1 {
			perParent[bk.parent.Kind+":"+bk.parent.ID]++
		}
	}
	seen := map[string]int{}
	var collapsed []collapsedName
	for _, k := range keys {
		bk := buckets[k]
		if len(bk.owners) == 1 {
			b.addOwnerNode(bk.owners[0], bk.groups)
			continue
		}
		id := bk.parent.Kind + ":" + bk.parent.ID
		part := 0
		if perParent[id] > 1 {
			seen[id]++
			part = seen[id]
			id = fmt.Sprintf("%s#%d", id, part)
		}
		b.addCollapsedNode(id, bk.kind, bk.parent, bk.groups, bk.owners)
		collapsed = append(collapsed, collapsedName{node: b.nodes[id], parent: bk.parent, part: part})
	}
	distinctNames(collapsed)
	for i := range b.s.Interfaces {
		e := &b.s.Interfaces[i]
		if e.VPCID != b.vpc || owned[e.ID] {
			continue
		}
		n := &Node{ID: e.ID, Kind: KindENI, Name: e.ID, Count: 1, Groups: nonNil(slices.Clone(e.GroupIDs)),
			Addresses: eniAddrs(e), Interfaces: []string{e.ID}}
		n.Detail = cmp.Or(e.Description, e.InterfaceType)
		b.nodes[n.ID] = n
		b.eniNode[e.ID] = n.ID
	}
}

// ownerInVPC reports whether o belongs in the diagram of b's VPC: it says so,
// or one of its ENIs is there.
func (b *builder) ownerInVPC(o *sgmap.Owner) bool {
	if o.VPCID == b.vpc {
		return true
	}
	for _, e := range b.x.OwnerInterfaces[o.ID] {
		if e.VPCID == b.vpc {
			return true
		}
	}
	return false
}

func (b *builder) addOwnerNode(o *sgmap.Owner, groups []string) {
	n := &Node{ID: o.ID, Kind: nodeKind(o.Kind), Name: o.DisplayName(), Count: 1,
		Groups: nonNil(slices.Clone(groups))}
	for _, e := range b.x.OwnerInterfaces[o.ID] {
		n.Interfaces = append(n.Interfaces, e.ID)
		n.Addresses = append(n.Addresses, eniAddrs(e)...)
		b.eniNode[e.ID] = n.ID
	}
	n.Addresses = sortAddrs(n.Addresses)
	n.Detail = ownerDetail(o, n.Addresses)
	b.nodes[n.ID] = n
	b.ownerNode[o.ID] = n.ID
}

func (b *builder) addCollapsedNode(id string, kind sgmap.OwnerKind, p *sgmap.Parent, groups []string, owners []*sgmap.Owner) {
	k := nodeKind(kind)
	if kind == sgmap.OwnerECSTask {
		k = KindECSService
	}
	name := cmp.Or(p.Name, p.ID)
	count := fmt.Sprintf("%d %s", len(owners), plural(kind))
	n := &Node{ID: id, Kind: k, Name: name + " (" + count + ")", Count: len(owners),
		Groups: nonNil(slices.Clone(groups)), Detail: count}
	for _, o := range owners {
		n.Owners = append(n.Owners, o.ID)
		b.ownerNode[o.ID] = id
		for _, e := range b.x.OwnerInterfaces[o.ID] {
			n.Interfaces = append(n.Interfaces, e.ID)
			n.Addresses = append(n.Addresses, eniAddrs(e)...)
			b.eniNode[e.ID] = id
		}
	}
	slices.Sort(n.Owners)
	slices.Sort(n.Interfaces)
	n.Interfaces = slices.Compact(n.Interfaces)
	n.Addresses = sortAddrs(n.Addresses)
	b.nodes[id] = n
}

// collapsedName is what tells a collapsed node's label apart from another
// one's: its parent and, when the parent's owners are split over several
// group sets, which part it is (1, 2, …; 0 when not split).
type collapsedName struct {
	node   *Node
	parent *sgmap.Parent
	part   int
}

// distinctNames makes collapsed nodes' names unique, so that no two boxes
// read "payments (3 tasks)": the parts of one split parent get "#1", "#2"
// (as their IDs do), and parents that share a name get the resource part
// of their ID ("prod/payments" of an ECS service ARN), or the whole ID
// when even that is shared. Names that are already unique stay as they are.
func distinctNames(cs []collapsedName) {
	label := func(c collapsedName, qualifier string) string {
		return cmp.Or(c.parent.Name, c.parent.ID) + qualifier + " (" + c.node.Detail + ")"
	}
	byName := map[string][]int{}
	for i, c := range cs {
		byName[c.node.Name] = append(byName[c.node.Name], i)
	}
	for _, same := range byName {
		if len(same) < 2 {
			continue
		}
		parents := map[string]bool{}
		byShort := map[string]map[string]bool{} // resource part -> parents having it
		for _, i := range same {
			key, short := cs[i].parent.Kind+":"+cs[i].parent.ID, resourcePart(cs[i].parent.ID)
			parents[key] = true
			if byShort[short] == nil {
				byShort[short] = map[string]bool{}
			}
			byShort[short][key] = true
		}
		for _, i := range same {
			c, q := cs[i], ""
			if len(parents) > 1 {
				q = " " + resourcePart(c.parent.ID)
				if len(byShort[resourcePart(c.parent.ID)]) > 1 {
					q = " " + c.parent.ID
				}
			}
			if c.part > 0 {
				q += fmt.Sprintf(" #%d", c.part)
			}
			c.node.Name = label(c, q)
		}
	}
}

// resourcePart is the part of an ARN after its last colon ("service/prod/
// payments"), minus a leading resource type, or the whole ID otherwise.
func resourcePart(id string) string {
	if !strings.HasPrefix(id, "arn:") {
		return id
	}
	r := id[strings.LastIndexByte(id, ':')+1:]
	if _, after, ok := strings.Cut(r, "/"); ok {
		return after
	}
	return r
}

// nodeKind is the graph JSON kind of an owner's node. The contract's node
// kinds are a closed set: owners of a service sgmap has no shape for
// (Directory Service, Transit Gateway, …) are drawn as ENIs, named as the
// owner and with the service in their detail line.
func nodeKind(k sgmap.OwnerKind) string {
	if k == sgmap.OwnerOther {
		return KindENI
	}
	return string(k)
}

// ownerDetail is a node's second line: its primary address and, for load
// balancers, their type.
func ownerDetail(o *sgmap.Owner, addrs []string) string {
	var parts []string
	if o.Kind == sgmap.OwnerLoadBalancer && o.LoadBalancer != nil && o.LoadBalancer.Type != "" {
		parts = append(parts, o.LoadBalancer.Type)
	}
	if v := o.Detail["instance_type"]; v != "" {
		parts = append(parts, v)
	}
	if v := o.Detail["engine"]; v != "" {
		parts = append(parts, v)
	}
	if o.Kind == sgmap.OwnerOther && o.Detail["service"] != "" {
		parts = append(parts, o.Detail["service"])
	}
	switch len(addrs) {
	case 0:
	case 1:
		parts = append(parts, addrs[0])
	default:
		parts = append(parts, fmt.Sprintf("%s +%d", addrs[0], len(addrs)-1))
	}
	return strings.Join(parts, " · ")
}

// plural names n owners of kind in a collapsed node's label.
func plural(kind sgmap.OwnerKind) string {
	switch kind {
	case sgmap.OwnerInstance:
		return "instances"
	case sgmap.OwnerECSTask:
		return "tasks"
	case sgmap.OwnerLambda:
		return "functions"
	case sgmap.OwnerLoadBalancer:
		return "load balancers"
	case sgmap.OwnerRDS:
		return "databases"
	case sgmap.OwnerVPCEndpoint:
		return "endpoints"
	case sgmap.OwnerNATGateway:
		return "NAT gateways"
	case sgmap.OwnerRedshift, sgmap.OwnerMSK, sgmap.OwnerElastiCache, sgmap.OwnerEKS:
		return "clusters"
	case sgmap.OwnerEFS:
		return "file systems"
	case sgmap.OwnerOpenSearch:
		return "domains"
	}
	return "resources"
}

func eniAddrs(e *sgmap.NetworkInterface) []string {
	out := make([]string, 0, len(e.PrivateIPs)+len(e.IPv6Addresses))
	out = append(out, e.PrivateIPs...)
	return append(out, e.IPv6Addresses...)
}

// sortAddrs sorts addresses numerically (IPv4 before IPv6) and removes
// duplicates; unparsable values sort last, by text.
func sortAddrs(in []string) []string {
	slices.SortFunc(in, func(a, c string) int {
		pa, ea := netip.ParseAddr(a)
		pc, ec := netip.ParseAddr(c)
		switch {
		case ea == nil && ec == nil:
			return cmp.Or(pa.Compare(pc), strings.Compare(a, c))
		case ea == nil:
			return -1
		case ec == nil:
			return 1
		}
		return strings.Compare(a, c)
	})
	return slices.Compact(in)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
