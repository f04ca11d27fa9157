package demo

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

func (g *largeGen) prefixLists() {
	g.s3, g.ddb = "pl-6da54004", "pl-6fa54006"
	g.corp = g.hexID("pl-")
	g.s.PrefixLists = []sgmap.PrefixList{
		{ID: g.s3, Name: "com.amazonaws." + largeRegion + ".s3", AccountID: "AWS", Region: largeRegion, AddressFamily: "IPv4",
			Entries: []sgmap.PrefixListEntry{{CIDR: "3.5.64.0/21"}, {CIDR: "3.5.72.0/23"}, {CIDR: "52.92.0.0/17"}, {CIDR: "52.218.0.0/17"}}},
		{ID: g.ddb, Name: "com.amazonaws." + largeRegion + ".dynamodb", AccountID: "AWS", Region: largeRegion, AddressFamily: "IPv4",
			Entries: []sgmap.PrefixListEntry{{CIDR: "52.94.24.0/23"}, {CIDR: "52.119.240.0/21"}}},
		{ID: g.corp, Name: "corp-office-cidrs", AccountID: largeAccount, Region: largeRegion, AddressFamily: "IPv4", MaxEntries: 10,
			Entries: []sgmap.PrefixListEntry{{CIDR: "192.0.2.0/24", Description: "Dublin office"},
				{CIDR: "198.51.100.0/25", Description: "Berlin office"}, {CIDR: "198.51.100.128/25", Description: "VPN pool"}}},
	}
}

// vpc builds one VPC: subnets in three AZs, its shared groups and services,
// then napps applications.
func (g *largeGen) vpc(name, env string, octet int, ipv6 bool, napps int) *largeVPC {
	v := &largeVPC{id: g.hexID("vpc-"), name: name, env: env, cidr: fmt.Sprintf("10.%d.0.0/16", octet)}
	public, app, data := "10.%[1]d.%[2]d.0/22", "10.%[1]d.%[3]d.0/19", "10.%[1]d.%[4]d.0/22"
	if g.scale > 1 {
		// Room for n times the ENIs: a /12 with /20 and /16 subnets.
		octet = 16 * (octet / 10)
		v.cidr = fmt.Sprintf("10.%d.0.0/12", octet)
		public, app, data = "10.%[1]d.%[5]d.0/20", "10.%[6]d.0.0/16", "10.%[1]d.%[7]d.0/20"
	}
	cidrs := []string{v.cidr}
	if ipv6 {
		v.cidr6 = "2a05:d018:1c4:2a00::/56"
		cidrs = append(cidrs, v.cidr6)
	}
	g.s.VPCs = append(g.s.VPCs, sgmap.VPC{ID: v.id, AccountID: largeAccount, Region: largeRegion, Name: name,
		CIDRs: cidrs, Tags: map[string]string{"Name": name, "environment": env}})
	for i, az := range []string{"a", "b", "c"} {
		args := []any{octet, 4 * i, 32 * (i + 1), 128 + 4*i, 16 * i, octet + 1 + i, 128 + 16*i}
		v.public = append(v.public, g.subnet(v, fmt.Sprintf("%s-public-%s", env, az), az, fmt.Sprintf(public, args...)))
		if ipv6 {
			g.dualStack(v.public[i], fmt.Sprintf("2a05:d018:1c4:2a0%d::/64", i))
		}
		v.app = append(v.app, g.subnet(v, fmt.Sprintf("%s-app-%s", env, az), az, fmt.Sprintf(app, args...)))
		v.data = append(v.data, g.subnet(v, fmt.Sprintf("%s-data-%s", env, az), az, fmt.Sprintf(data, args...)))
	}
	g.shared(v)
	for i := range napps {
		g.app(v, i)
	}
	g.calls(v)
	g.overlaps(v)
	return v
}

func (g *largeGen) subnet(v *largeVPC, name, az, cidr string) *largeSubnet {
	pfx := netip.MustParsePrefix(cidr)
	sn := &largeSubnet{id: g.hexID("subnet-"), pfx: pfx, next: pfx.Addr().Next().Next().Next().Next()}
	g.s.Subnets = append(g.s.Subnets, sgmap.Subnet{ID: sn.id, VPCID: v.id, Name: name,
		AvailabilityZone: largeRegion + az, CIDRs: []string{cidr}, Tags: map[string]string{"Name": name}})
	return sn
}

// dualStack adds an IPv6 block to sn.
func (g *largeGen) dualStack(sn *largeSubnet, cidr string) {
	pfx := netip.MustParsePrefix(cidr)
	sn.next6 = pfx.Addr().Next().Next().Next().Next()
	for i := range g.s.Subnets {
		if g.s.Subnets[i].ID == sn.id {
			g.s.Subnets[i].CIDRs = append(g.s.Subnets[i].CIDRs, cidr)
		}
	}
}

// ip hands out the subnet's next free address, skipping a few now and then
// as real allocation does.
func (sn *largeSubnet) ip(g *largeGen) string {
	for range g.rng.IntN(3) {
		sn.next = sn.next.Next()
	}
	a := sn.next
	if !sn.pfx.Contains(a) {
		panic("demo: subnet " + sn.pfx.String() + " is full")
	}
	sn.next = a.Next()
	return a.String()
}

func (g *largeGen) group(v *largeVPC, name, desc string, tags map[string]string) string {
	id := g.hexID("sg-")
	g.groupAt[id] = len(g.s.Groups)
	g.s.Groups = append(g.s.Groups, sgmap.SecurityGroup{ID: id, Name: name, Description: desc,
		VPCID: v.id, AccountID: largeAccount, Region: largeRegion, Tags: tags})
	return id
}

// rule adds a rule to group id. peer is a CIDR, sg-…, pl-… or a full Peer.
func (g *largeGen) rule(id string, dir sgmap.Direction, proto string, from, to int32, peer any, desc string) {
	var p sgmap.Peer
	switch x := peer.(type) {
	case sgmap.Peer:
		p = x
	case string:
		p = peerOf(x)
	default:
		panic(fmt.Sprintf("demo: bad peer %v", peer))
	}
	sg := &g.s.Groups[g.groupAt[id]]
	sg.Rules = append(sg.Rules, sgmap.Rule{ID: g.hexID("sgr-"), Direction: dir, Protocol: proto,
		FromPort: from, ToPort: to, Peer: p, Description: desc})
}

func (g *largeGen) tcpIn(id string, port int32, peer any, desc string) {
	g.rule(id, sgmap.Ingress, sgmap.ProtoTCP, port, port, peer, desc)
}

func (g *largeGen) tcpOut(id string, port int32, peer any, desc string) {
	g.rule(id, sgmap.Egress, sgmap.ProtoTCP, port, port, peer, desc)
}

// eni adds an ENI in sn owned by owner ("" = unresolved) and returns its ID.
func (g *largeGen) eni(v *largeVPC, sn *largeSubnet, owner, desc, ifType, requester string, groups ...string) string {
	id := g.hexID("eni-")
	g.eniAt[id] = len(g.s.Interfaces)
	g.s.Interfaces = append(g.s.Interfaces, sgmap.NetworkInterface{ID: id, AccountID: largeAccount,
		Region: largeRegion, VPCID: v.id, SubnetID: sn.id, Description: desc, InterfaceType: ifType,
		RequesterID: requester, RequesterManaged: requester != "", Status: "in-use",
		PrivateIPs: []string{sn.ip(g)}, GroupIDs: groups, OwnerID: owner})
	return id
}

func (g *largeGen) owner(v *largeVPC, o sgmap.Owner) {
	o.AccountID, o.Region, o.VPCID = largeAccount, largeRegion, v.id
	g.ownerAt[o.ID] = len(g.s.Owners)
	g.s.Owners = append(g.s.Owners, o)
}

// instance adds an EC2 instance with its primary ENI and returns both IDs.
func (g *largeGen) instance(v *largeVPC, sn *largeSubnet, name, itype string, parent *sgmap.Parent, groups ...string) (string, string) {
	id := g.hexID("i-")
	eni := g.eni(v, sn, id, "Primary network interface", "interface", "", groups...)
	tags := map[string]string{"Name": name, "environment": v.env}
	if parent != nil {
		tags["aws:autoscaling:groupName"] = parent.Name
	}
	g.owner(v, sgmap.Owner{ID: id, Kind: sgmap.OwnerInstance, Name: name, Parent: parent,
		InterfaceIDs: []string{eni}, Tags: tags, Detail: g.detail("instance_type", itype)})
	return id, eni
}

func (g *largeGen) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, largeRegion, largeAccount, resource)
}

// detail returns the owner Detail map of the key-value pairs kv, one map
// for every owner with the same pairs: at -scale 10 a map per instance and
// task was a fifth of the snapshot (docs/performance.md, "Memory of render
// at -scale 10"). Nothing in sgmap writes to a snapshot's Detail maps
// (Redact builds new ones), so sharing them is safe.
func (g *largeGen) detail(kv ...string) map[string]string {
	key := strings.Join(kv, "\x00")
	if d, ok := g.details[key]; ok {
		return d
	}
	d := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i]] = kv[i+1]
	}
	if g.details == nil {
		g.details = map[string]map[string]string{}
	}
	g.details[key] = d
	return d
}

// trim gives the snapshot's slices their exact sizes: grown by append,
// their arrays were up to twice their lengths, and the demo is read many
// times over after it is built.
func (g *largeGen) trim() {
	s := g.s
	for i := range s.Groups {
		s.Groups[i].Rules = slices.Clone(s.Groups[i].Rules)
	}
	s.Groups = slices.Clone(s.Groups)
	s.Interfaces = slices.Clone(s.Interfaces)
	s.Owners = slices.Clone(s.Owners)
	s.Subnets = slices.Clone(s.Subnets)
}
