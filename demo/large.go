package demo

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// The large demo's account: a production VPC (the largest), a staging VPC
// and a shared-services VPC peered with both, plus a partner account peered
// with production and a deleted legacy VPC that staging still references.
const (
	largeAccount   = "111122223333"
	partnerAccount = "444455556666"
	largeRegion    = "eu-west-1"
	largeSeed1     = 1
	largeSeed2     = 2
)

var largeTakenAt = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// appKind is the shape of one application in the large demo.
type appKind int

const (
	appASG        appKind = iota // EC2 instances in an Auto Scaling group behind an ALB
	appECS                       // an ECS service's Fargate tasks behind an ALB
	appCluster                   // instances that talk to each other (self-reference), two ENIs each
	appStandalone                // a few hand-launched instances
	appLambda                    // Lambda functions sharing Hyperplane ENIs
)

type largeSubnet struct {
	id    string
	pfx   netip.Prefix
	next  netip.Addr
	next6 netip.Addr // zero when the subnet has no IPv6 block
}

type largeApp struct {
	name        string
	kind        appKind
	port        int32
	ports       []int32 // every port the app tier serves, port first
	lb, app, db string  // group IDs, "" when absent
	dbPort      int32
	documented  bool
	enis        []string // primary ENIs of instances or tasks, for the overlap groups
}

type largeVPC struct {
	id, name, env     string
	cidr, cidr6       string
	public, app, data []*largeSubnet
	// shared groups
	def, monitoring, bastion, endpoints, baseline, debug, cache string
	apps                                                        []*largeApp
}

// largeGen builds the large demo. Every random choice comes from one PCG
// stream with a fixed seed, and nothing iterates over a map, so the output
// is the same on every run.
type largeGen struct {
	rng     *rand.Rand
	s       *sgmap.Snapshot
	ids     map[string]bool
	groupAt map[string]int
	ownerAt map[string]int
	eniAt   map[string]int
	s3, ddb string // AWS-managed prefix lists
	corp    string // customer-managed prefix list
}

// Large is a deterministic synthetic account for scale work: three VPCs
// (production clearly the largest), more than 600 groups, 5,000 ENIs and
// 8,000 rules, with every owner kind, Auto Scaling and ECS parents, shared
// Lambda ENIs, partial overlaps and nested memberships, cross-VPC and
// cross-account references, prefix lists, self-references and dangling
// (some stale) references, and a case of every audit finding. The same call
// always returns the same snapshot; it takes tens of milliseconds.
func Large() *sgmap.Snapshot {
	g := &largeGen{
		rng: rand.New(rand.NewPCG(largeSeed1, largeSeed2)),
		s: &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, TakenAt: largeTakenAt,
			Accounts: []string{largeAccount}, Regions: []string{largeRegion}},
		ids: map[string]bool{}, groupAt: map[string]int{}, ownerAt: map[string]int{}, eniAt: map[string]int{},
	}
	g.prefixLists()
	prod := g.vpc("production", "prod", 10, true, 190)
	staging := g.vpc("staging", "staging", 20, false, 95)
	tools := g.vpc("shared-services", "tools", 30, false, 55)
	g.crossVPC(prod, staging, tools)
	g.extras(prod)
	return g.s
}

// hexID returns prefix + a 17-hex-digit ID ("sg-0…"), unique in the snapshot.
func (g *largeGen) hexID(prefix string) string {
	for {
		id := fmt.Sprintf("%s0%016x", prefix, g.rng.Uint64())
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

func (g *largeGen) uuid() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, b>>48&0x3fff|0x8000, b&0xffffffffffff)
}

func (g *largeGen) chance(p float64) bool { return g.rng.Float64() < p }

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
	cidrs := []string{v.cidr}
	if ipv6 {
		v.cidr6 = "2a05:d018:1c4:2a00::/56"
		cidrs = append(cidrs, v.cidr6)
	}
	g.s.VPCs = append(g.s.VPCs, sgmap.VPC{ID: v.id, AccountID: largeAccount, Region: largeRegion, Name: name,
		CIDRs: cidrs, Tags: map[string]string{"Name": name, "environment": env}})
	for i, az := range []string{"a", "b", "c"} {
		v.public = append(v.public, g.subnet(v, fmt.Sprintf("%s-public-%s", env, az), az, fmt.Sprintf("10.%d.%d.0/22", octet, 4*i)))
		if ipv6 {
			g.dualStack(v.public[i], fmt.Sprintf("2a05:d018:1c4:2a0%d::/64", i))
		}
		v.app = append(v.app, g.subnet(v, fmt.Sprintf("%s-app-%s", env, az), az, fmt.Sprintf("10.%d.%d.0/19", octet, 32*(i+1))))
		v.data = append(v.data, g.subnet(v, fmt.Sprintf("%s-data-%s", env, az), az, fmt.Sprintf("10.%d.%d.0/22", octet, 128+4*i)))
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
		InterfaceIDs: []string{eni}, Tags: tags, Detail: map[string]string{"instance_type": itype}})
	return id, eni
}

func (g *largeGen) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, largeRegion, largeAccount, resource)
}

// shared builds what every VPC of the account has: the default group, the
// monitoring, bastion, endpoint, baseline and debug groups, NAT gateways and
// interface endpoints, and a few strays (instances left in the default group
// and in a launch-wizard group open to the world).
func (g *largeGen) shared(v *largeVPC) {
	v.def = g.group(v, "default", "default VPC security group", nil)
	g.rule(v.def, sgmap.Ingress, sgmap.AllProtocols, -1, -1, v.def, "")
	g.rule(v.def, sgmap.Egress, sgmap.AllProtocols, -1, -1, "0.0.0.0/0", "")
	if v.cidr6 != "" {
		g.rule(v.def, sgmap.Egress, sgmap.AllProtocols, -1, -1, "::/0", "")
	}
	v.bastion = g.group(v, "bastion-"+v.env, "SSH bastion hosts for operators", map[string]string{"team": "platform"})
	g.tcpIn(v.bastion, 22, g.corp, "SSH from the offices and the VPN")
	g.rule(v.bastion, sgmap.Ingress, sgmap.ProtoICMP, 8, -1, g.corp, "Ping from the offices")
	g.tcpOut(v.bastion, 22, v.cidr, "SSH to hosts in the VPC")
	g.tcpOut(v.bastion, 5432, v.cidr, "psql to databases in the VPC")
	g.tcpOut(v.bastion, 3306, v.cidr, "mysql to databases in the VPC")
	v.monitoring = g.group(v, "monitoring", "Prometheus (ECS) scraping every service in the VPC", map[string]string{"team": "sre"})
	g.rule(v.monitoring, sgmap.Egress, sgmap.ProtoTCP, 9090, 9100, v.cidr, "Scrape metrics endpoints in the VPC")
	g.tcpOut(v.monitoring, 443, "0.0.0.0/0", "Remote-write to the metrics backend")
	g.tcpIn(v.monitoring, 9090, v.bastion, "Prometheus UI through the bastion")
	v.endpoints = g.group(v, "vpc-endpoints-"+v.env, "Interface endpoints for AWS APIs", nil)
	g.tcpIn(v.endpoints, 443, v.cidr, "AWS API calls from inside the VPC")
	v.baseline = g.group(v, v.env+"-baseline", "Every EC2 instance: node exporter, SSH from the bastion, SSM agent", nil)
	g.tcpIn(v.baseline, 9100, v.monitoring, "node exporter scrape by Prometheus")
	g.tcpIn(v.baseline, 22, v.bastion, "SSH from the bastion")
	g.tcpOut(v.baseline, 443, v.endpoints, "SSM agent and CloudWatch through the endpoints")
	g.rule(v.baseline, sgmap.Egress, sgmap.ProtoUDP, 123, 123, "169.254.169.123/32", "Amazon Time Sync")
	v.debug = g.group(v, "debug-access-"+v.env, "Temporary: engineers debugging canary instances", map[string]string{"expires": "2026-12-31"})
	g.rule(v.debug, sgmap.Ingress, sgmap.ProtoTCP, 8000, 8999, v.bastion, "Debug ports through the bastion")
	g.tcpIn(v.debug, 5005, g.corp, "")

	service := g.arn("ecs", "service/"+v.env+"/prometheus")
	for k := range 3 {
		g.task(v, v.app[k%3], fmt.Sprintf("prometheus-%d", k+1), "prometheus", service, v.monitoring)
	}
	for k, sn := range v.public[:2] {
		g.instance(v, sn, fmt.Sprintf("bastion-%s-%d", v.env, k+1), "t3.micro", nil, v.bastion)
	}
	for k, sn := range v.public {
		nat := g.hexID("nat-")
		eni := g.eni(v, sn, nat, "Interface for NAT Gateway "+nat, "nat_gateway", "")
		g.s.Interfaces[g.eniAt[eni]].PublicIPs = []string{fmt.Sprintf("203.0.113.%d", 10*len(g.s.VPCs)+k)}
		g.owner(v, sgmap.Owner{ID: nat, Kind: sgmap.OwnerNATGateway, Name: fmt.Sprintf("nat-%s-%c", v.env, 'a'+k),
			InterfaceIDs: []string{eni}, Detail: map[string]string{"connectivity_type": "public"}})
	}
	for _, svc := range []string{"ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs", "sts", "secretsmanager", "kms"} {
		vpce := g.hexID("vpce-")
		name := "com.amazonaws." + largeRegion + "." + svc
		var enis []string
		for _, sn := range v.app {
			enis = append(enis, g.eni(v, sn, vpce, "VPC Endpoint Interface "+vpce, "vpc_endpoint", "", v.endpoints))
		}
		g.owner(v, sgmap.Owner{ID: vpce, Kind: sgmap.OwnerVPCEndpoint, Name: name, InterfaceIDs: enis,
			GroupIDs: []string{v.endpoints}, Detail: map[string]string{"service_name": name, "type": "Interface"}})
	}
	// An operator's toolbox that collected groups over the years: as many as
	// the default quota of five. Its groups are small shared ones, so the
	// overlap it makes stays local to them.
	ops := g.group(v, "ops-tools-"+v.env, "Operator tooling", map[string]string{"team": "platform"})
	g.tcpOut(ops, 443, "0.0.0.0/0", "Package mirrors and the AWS console")
	g.instance(v, v.app[2], "ops-toolbox-"+v.env, "t3.large", nil, ops, v.def, v.bastion, v.monitoring, v.endpoints)
	g.instance(v, v.app[0], "legacy-cron-"+v.env, "t2.small", nil, v.def)
	g.instance(v, v.app[1], "old-jumpbox", "t2.micro", nil, v.def)
	wiz := g.group(v, "launch-wizard-3", "launch-wizard-3 created 2023-04-11T10:21:08.513Z", nil)
	g.tcpIn(wiz, 22, "0.0.0.0/0", "")
	g.rule(wiz, sgmap.Egress, sgmap.AllProtocols, -1, -1, "0.0.0.0/0", "")
	g.instance(v, v.public[2], "test-"+v.env, "t3.medium", nil, wiz)
}

// task adds an ECS Fargate task of service with its ENI and returns the ENI.
func (g *largeGen) task(v *largeVPC, sn *largeSubnet, name, svcName, service string, groups ...string) string {
	id := g.arn("ecs", fmt.Sprintf("task/%s/%016x%016x", v.env, g.rng.Uint64(), g.rng.Uint64()))
	eni := g.eni(v, sn, id, g.arn("ecs", "attachment/"+g.uuid()), "interface", "578734482556", groups...)
	g.owner(v, sgmap.Owner{ID: id, Kind: sgmap.OwnerECSTask, Name: name, InterfaceIDs: []string{eni},
		Parent: &sgmap.Parent{Kind: sgmap.ParentECSService, ID: service, Name: svcName},
		Detail: map[string]string{"cluster": g.arn("ecs", "cluster/"+v.env), "launch_type": "FARGATE"}})
	return eni
}

var (
	largeDomains = []string{"web", "api", "payments", "orders", "inventory", "search", "auth", "checkout",
		"catalog", "cart", "notifications", "billing", "reporting", "recommendations", "media", "shipping",
		"pricing", "accounts", "profile", "reviews", "fraud", "ledger", "invoices", "subscriptions", "email",
		"sms", "analytics", "etl", "feeds", "content", "cms", "sessions", "gateway", "identity", "loyalty",
		"promotions", "warehouse", "returns", "tax", "geo"}
	largeRoles   = []string{"", "internal", "worker", "admin", "events", "batch"}
	largePorts   = []int32{8080, 8443, 3000, 9000, 5000, 8000}
	largeLambdas = []string{"handler", "sync", "cleanup", "export", "notify"}
)

func (g *largeGen) pickKind() appKind {
	switch x := g.rng.Float64(); {
	case x < 0.45:
		return appASG
	case x < 0.70:
		return appECS
	case x < 0.80:
		return appCluster
	case x < 0.88:
		return appStandalone
	}
	return appLambda
}

// app adds the i-th application of v: its groups (load balancer, app,
// database tiers), their rules and their members.
func (g *largeGen) app(v *largeVPC, i int) {
	name := largeDomains[i%len(largeDomains)]
	if r := largeRoles[i/len(largeDomains)%len(largeRoles)]; r != "" {
		name += "-" + r
	}
	a := &largeApp{name: name, kind: g.pickKind(), port: largePorts[g.rng.IntN(len(largePorts))], documented: g.chance(0.75)}
	a.ports = []int32{a.port}
	for _, p := range []int32{50051, 9443, 7070} {
		if g.chance(0.4) {
			a.ports = append(a.ports, p)
		}
	}
	v.apps = append(v.apps, a)
	d := func(s string) string {
		if a.documented {
			return s
		}
		return ""
	}
	tags := map[string]string{"app": name, "environment": v.env}
	switch {
	case a.kind == appLambda:
		a.app = g.group(v, name+"-lambda-"+v.env, "Lambda functions of "+name, tags)
	case i%23 == 7:
		a.app = g.group(v, fmt.Sprintf("allow-%s-%d", name, a.port), fmt.Sprintf("allow %d", a.port), tags)
	default:
		a.app = g.group(v, name+"-"+v.env, name+" application servers", tags)
	}
	hasLB := (a.kind == appASG || a.kind == appECS) && g.chance(0.8) || a.kind == appStandalone && g.chance(0.2)
	nlb := hasLB && a.kind == appASG && i%17 == 3
	public := g.chance(0.35)
	hasDB := a.kind != appLambda && a.kind != appCluster && g.chance(0.6)
	health := a.port
	if g.chance(0.5) {
		health = a.port + 1
	}
	if hasLB && !nlb {
		a.lb = g.group(v, name+"-alb-"+v.env, "Load balancer in front of "+name, tags)
		if public {
			g.tcpIn(a.lb, 443, "0.0.0.0/0", d("HTTPS from the Internet"))
			g.tcpIn(a.lb, 80, "0.0.0.0/0", d("HTTP from the Internet, redirected to HTTPS"))
			if v.cidr6 != "" {
				g.tcpIn(a.lb, 443, "::/0", d("HTTPS from the Internet over IPv6"))
				g.tcpIn(a.lb, 80, "::/0", d("HTTP over IPv6, redirected to HTTPS"))
			}
			if g.chance(0.15) {
				for k := range 8 + g.rng.IntN(23) {
					g.tcpIn(a.lb, 443, fmt.Sprintf("198.18.%d.%d/32", g.rng.IntN(256), 1+g.rng.IntN(254)), d(fmt.Sprintf("Partner allowlist entry %d", k+1)))
				}
			}
		} else {
			g.tcpIn(a.lb, 443, g.corp, d("HTTPS from the offices"))
			g.tcpIn(a.lb, 443, v.cidr, d("HTTPS from services in the VPC"))
		}
		g.tcpOut(a.lb, a.port, a.app, d("Forward requests to "+name))
		g.tcpIn(a.app, a.port, a.lb, d("Requests from the load balancer"))
		if health != a.port {
			g.tcpOut(a.lb, health, a.app, d("Health checks of "+name))
			g.tcpIn(a.app, health, a.lb, d("Health checks from the load balancer"))
		}
	}
	if hasDB {
		a.dbPort = []int32{5432, 3306}[g.rng.IntN(2)]
		a.db = g.group(v, name+"-db", "RDS database of "+name, tags)
		g.tcpIn(a.db, a.dbPort, a.app, d("Queries from "+name))
		g.tcpIn(a.db, a.dbPort, v.bastion, d("DBA access through the bastion"))
		g.tcpOut(a.app, a.dbPort, a.db, d("Queries to "+name+"-db"))
		if g.chance(0.5) {
			g.rule(a.db, sgmap.Egress, sgmap.AllProtocols, -1, -1, "0.0.0.0/0", "")
		}
	}
	g.appRules(v, a, d)
	g.members(v, a, i, hasLB, nlb, public, health)
}

// appRules adds the app tier's everyday rules: metrics, AWS APIs, the
// Internet, DNS, ICMP, office access and legacy CIDR rules.
func (g *largeGen) appRules(v *largeVPC, a *largeApp, d func(string) string) {
	if a.kind != appLambda {
		g.tcpIn(a.app, 9091, v.monitoring, d("Application metrics scrape by Prometheus"))
	}
	if a.kind == appCluster {
		lo := []int32{9092, 7000, 8300, 9300}[g.rng.IntN(4)]
		g.rule(a.app, sgmap.Ingress, sgmap.ProtoTCP, lo, lo+2, a.app, d("Cluster peers"))
		g.rule(a.app, sgmap.Egress, sgmap.ProtoTCP, lo, lo+2, a.app, d("Cluster peers"))
	}
	g.tcpOut(a.app, 443, v.endpoints, d("AWS APIs through the interface endpoints"))
	if g.chance(0.7) {
		g.tcpOut(a.app, 443, g.s3, d("S3 through the gateway endpoint"))
	}
	if g.chance(0.3) {
		g.tcpOut(a.app, 443, g.ddb, d("DynamoDB through the gateway endpoint"))
	}
	if g.chance(0.6) {
		g.tcpOut(a.app, 443, "0.0.0.0/0", d("Third-party APIs through the NAT gateways"))
	}
	if v.cidr6 != "" && g.chance(0.3) {
		g.tcpOut(a.app, 443, "::/0", d("Third-party APIs over IPv6"))
	}
	if g.chance(0.3) {
		dns := netip.MustParsePrefix(v.cidr).Addr().Next().Next()
		g.rule(a.app, sgmap.Egress, sgmap.ProtoUDP, 53, 53, dns.String()+"/32", d("DNS through the VPC resolver"))
	}
	if g.chance(0.2) {
		g.rule(a.app, sgmap.Ingress, sgmap.ProtoICMP, 8, -1, v.cidr, d("Ping from inside the VPC"))
	}
	if v.cidr6 != "" && g.chance(0.1) {
		g.rule(a.app, sgmap.Ingress, sgmap.ProtoICMPv6, -1, -1, v.cidr6, d("ICMPv6: neighbour discovery and path MTU"))
	}
	if g.chance(0.15) {
		g.tcpIn(a.app, a.port, g.corp, d("Direct access from the offices"))
	} else if g.chance(0.2) {
		for _, office := range []string{"192.0.2.0/24", "198.51.100.0/25", "198.51.100.128/25"} {
			g.tcpIn(a.app, 22, office, "")
			g.tcpIn(a.app, a.port, office, d("Direct access from an office"))
		}
	}
	if g.chance(0.2) {
		for _, sn := range v.app {
			g.tcpIn(a.app, a.port, sn.pfx.String(), "")
		}
	}
}

// members adds the app's owners and their ENIs: instances in an Auto
// Scaling group, ECS tasks, cluster nodes with a second ENI, standalone
// instances or Lambda functions; then its load balancer and database.
func (g *largeGen) members(v *largeVPC, a *largeApp, i int, hasLB, nlb, public bool, health int32) {
	var targets []sgmap.Target
	targetType := "instance"
	switch a.kind {
	case appASG, appCluster, appStandalone:
		n, itype := 10+g.rng.IntN(41), "m6i.large"
		var parent *sgmap.Parent
		groups := []string{a.app, v.baseline}
		switch a.kind {
		case appASG:
			asg := a.name + "-" + v.env + "-asg"
			parent = &sgmap.Parent{Kind: sgmap.ParentAutoScalingGroup, Name: asg,
				ID: g.arn("autoscaling", "autoScalingGroup:"+g.uuid()+":autoScalingGroupName/"+asg)}
		case appCluster:
			n, itype = 3+g.rng.IntN(7), "r6i.xlarge"
		case appStandalone:
			n, itype = 1+g.rng.IntN(3), "t3.large"
			if g.chance(0.5) {
				groups = groups[:1]
			}
		}
		repl := ""
		if a.kind == appCluster && g.chance(0.5) {
			repl = g.group(v, a.name+"-replication-"+v.env, "Replication network of "+a.name, map[string]string{"app": a.name})
			g.rule(repl, sgmap.Ingress, sgmap.AllProtocols, -1, -1, repl, "Replication between nodes")
			g.rule(repl, sgmap.Egress, sgmap.AllProtocols, -1, -1, repl, "Replication between nodes")
		}
		for k := range n {
			id, eni := g.instance(v, v.app[k%3], fmt.Sprintf("%s-%s-%02d", a.name, v.env, k+1), itype, parent, groups...)
			a.enis = append(a.enis, eni)
			targets = append(targets, sgmap.Target{ID: id, Port: a.port})
			if repl != "" {
				second := g.eni(v, v.data[k%3], id, "replication", "interface", "", repl)
				o := &g.s.Owners[g.ownerAt[id]]
				o.InterfaceIDs = append(o.InterfaceIDs, second)
			}
		}
	case appECS:
		targetType = "ip"
		service := g.arn("ecs", "service/"+v.env+"/"+a.name)
		for k := range 4 + g.rng.IntN(27) {
			eni := g.task(v, v.app[k%3], fmt.Sprintf("%s-%d", a.name, k+1), a.name, service, a.app)
			a.enis = append(a.enis, eni)
			targets = append(targets, sgmap.Target{ID: g.s.Interfaces[g.eniAt[eni]].PrivateIPs[0], Port: a.port})
		}
	case appLambda:
		var enis []string
		for _, sn := range v.app {
			enis = append(enis, g.eni(v, sn, "", "AWS Lambda VPC ENI-"+a.name+"-"+largeLambdas[0]+"-"+g.uuid(), "lambda", "", a.app))
		}
		for _, fn := range largeLambdas[:2+g.rng.IntN(4)] {
			g.owner(v, sgmap.Owner{ID: a.name + "-" + fn + "-" + v.env, Kind: sgmap.OwnerLambda, Name: a.name + "-" + fn,
				InterfaceIDs: enis, GroupIDs: []string{a.app}, Detail: map[string]string{"runtime": "python3.12"}})
		}
	}
	if hasLB {
		g.loadBalancer(v, a, nlb, public, health, targetType, targets)
	}
	if a.db != "" {
		id := a.name + "-" + v.env
		engine := map[int32]string{5432: "postgres", 3306: "mysql"}[a.dbPort]
		var enis []string
		for k := range 1 + g.rng.IntN(2) {
			enis = append(enis, g.eni(v, v.data[k], id, "RDSNetworkInterface", "interface", "amazon-rds", a.db))
		}
		g.owner(v, sgmap.Owner{ID: id, Kind: sgmap.OwnerRDS, Name: id, InterfaceIDs: enis, GroupIDs: []string{a.db},
			Detail: map[string]string{"engine": engine, "endpoint": fmt.Sprintf("%s.c9akciq32.%s.rds.amazonaws.com:%d", id, largeRegion, a.dbPort)}})
	}
}

// loadBalancer adds the app's ALB (in its lb group) or, for a few apps, an
// NLB without groups that the app group admits by its private IPs.
func (g *largeGen) loadBalancer(v *largeVPC, a *largeApp, nlb, public bool, health int32, targetType string, targets []sgmap.Target) {
	lbName, typ, short, ifType, proto := a.name+"-"+v.env, "application", "app", "interface", "HTTP"
	if nlb {
		typ, short, ifType, proto = "network", "net", "network_load_balancer", "TCP"
	}
	hex := fmt.Sprintf("%016x", g.rng.Uint64())
	id := g.arn("elasticloadbalancing", "loadbalancer/"+short+"/"+lbName+"/"+hex)
	subnets, scheme := v.app, "internal"
	if public {
		subnets, scheme = v.public, "internet-facing"
	}
	var enis, groups []string
	if a.lb != "" {
		groups = []string{a.lb}
	}
	for _, sn := range subnets {
		eni := g.eni(v, sn, id, "ELB "+short+"/"+lbName+"/"+hex, ifType, "amazon-elb", groups...)
		enis = append(enis, eni)
		if sn.next6.IsValid() {
			g.s.Interfaces[g.eniAt[eni]].IPv6Addresses = []string{sn.next6.String()}
			sn.next6 = sn.next6.Next()
		}
		if nlb {
			ip := g.s.Interfaces[g.eniAt[eni]].PrivateIPs[0]
			g.tcpIn(a.app, a.port, ip+"/32", "")
		}
	}
	hc := "traffic-port"
	if health != a.port {
		hc = fmt.Sprint(health)
	}
	tg := sgmap.TargetGroup{ID: g.arn("elasticloadbalancing", fmt.Sprintf("targetgroup/%s/%016x", lbName, g.rng.Uint64())),
		Name: lbName, Protocol: proto, Port: a.port, TargetType: targetType, HealthCheckPort: hc, Targets: targets}
	listeners := []sgmap.Listener{{Protocol: "HTTPS", Port: 443}}
	if nlb {
		listeners = []sgmap.Listener{{Protocol: "TCP", Port: 443}}
	} else if public {
		listeners = append(listeners, sgmap.Listener{Protocol: "HTTP", Port: 80})
	}
	g.owner(v, sgmap.Owner{ID: id, Kind: sgmap.OwnerLoadBalancer, Name: lbName, InterfaceIDs: enis, GroupIDs: groups,
		LoadBalancer: &sgmap.LoadBalancer{Type: typ, Scheme: scheme, Listeners: listeners, TargetGroups: []sgmap.TargetGroup{tg},
			DNSName: fmt.Sprintf("%s-%d.%s.elb.amazonaws.com", lbName, g.rng.IntN(1e9), largeRegion)}})
}

// calls adds service-to-service rules inside v: each app calls a few
// others (ingress on the callee, egress on the caller, sometimes missing:
// one-sided), Lambda functions write to other apps' databases, and a few
// rules still name groups that were deleted long ago (dangling).
func (g *largeGen) calls(v *largeVPC) {
	for i, a := range v.apps {
		if a.kind == appLambda {
			for range 1 + g.rng.IntN(2) {
				t := v.apps[g.rng.IntN(len(v.apps))]
				if t.db == "" {
					continue
				}
				g.tcpIn(t.db, t.dbPort, a.app, "Writes from "+a.name+" functions")
				g.tcpOut(a.app, t.dbPort, t.db, "Write to "+t.name+"-db")
			}
			continue
		}
		var seen []*largeApp
		for range g.rng.IntN(11) {
			t := v.apps[g.rng.IntN(len(v.apps))]
			if t == a || t.kind == appLambda || containsApp(seen, t) {
				continue
			}
			seen = append(seen, t)
			desc := ""
			if a.documented {
				desc = "Calls from " + a.name
			}
			oneSided := g.chance(0.1)
			for _, p := range t.ports {
				g.tcpIn(t.app, p, a.app, desc)
				if !oneSided {
					g.tcpOut(a.app, p, t.app, "")
				}
			}
		}
		if a.db != "" && g.chance(0.5) {
			// Reporting jobs read the database directly.
			t := v.apps[g.rng.IntN(len(v.apps))]
			if t != a && t.kind != appLambda {
				g.tcpIn(a.db, a.dbPort, t.app, "Read-only queries from "+t.name)
				g.tcpOut(t.app, a.dbPort, a.db, "")
			}
		}
		if i%25 == 11 {
			g.tcpIn(a.app, a.port, sgmap.Peer{Kind: sgmap.PeerGroup, Value: g.hexID("sg-")}, "Old batch cluster (decommissioned)")
		}
	}
}

func containsApp(list []*largeApp, a *largeApp) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// overlaps makes memberships that do not nest: the debug group encloses
// one canary instance of each of a few apps (partial overlap with each app
// group, nested in the baseline group), and a cache-clients group encloses
// half the tasks of two ECS services.
func (g *largeGen) overlaps(v *largeVPC) {
	addGroup := func(eni, group string) {
		e := &g.s.Interfaces[g.eniAt[eni]]
		e.GroupIDs = append(e.GroupIDs, group)
	}
	n := 0
	for _, a := range v.apps {
		if a.kind == appASG && len(a.enis) > 1 && n < 3 {
			addGroup(a.enis[0], v.debug)
			n++
		}
	}
	cache := g.group(v, v.env+"-cache-clients", "Clients of the shared Redis cache", nil)
	v.cache = cache
	g.tcpOut(cache, 6379, v.cidr, "Redis")
	n = 0
	for _, a := range v.apps {
		if a.kind == appECS && len(a.enis) > 1 && n < 2 {
			for _, eni := range a.enis[:len(a.enis)/2] {
				addGroup(eni, cache)
			}
			n++
		}
	}
}

// crossVPC peers the VPCs and adds references across them: the shared
// services' monitoring and bastion reach into production and staging, a
// partner account's group calls production, and staging still references
// groups in a legacy VPC whose peering was deleted (stale).
func (g *largeGen) crossVPC(prod, staging, tools *largeVPC) {
	peer := func(a, b *largeVPC) string {
		id := g.hexID("pcx-")
		g.s.Peerings = append(g.s.Peerings, sgmap.PeeringConnection{ID: id, Status: "active",
			Requester: sgmap.PeeringSide{VPCID: a.id, AccountID: largeAccount, Region: largeRegion, CIDRs: []string{a.cidr}},
			Accepter:  sgmap.PeeringSide{VPCID: b.id, AccountID: largeAccount, Region: largeRegion, CIDRs: []string{b.cidr}}})
		return id
	}
	ref := func(group string, v *largeVPC, pcx string) sgmap.Peer {
		return sgmap.Peer{Kind: sgmap.PeerGroup, Value: group, VPCID: v.id, PeeringID: pcx, PeeringStatus: "active"}
	}
	for _, v := range []*largeVPC{prod, staging} {
		pcx := peer(v, tools)
		g.tcpIn(v.baseline, 9100, ref(tools.monitoring, tools, pcx), "node exporter scrape by the central Prometheus")
		g.tcpOut(tools.monitoring, 9100, ref(v.baseline, v, pcx), "Scrape node exporters in "+v.name)
		g.tcpIn(v.baseline, 22, ref(tools.bastion, tools, pcx), "SSH from the central bastion")
		g.tcpOut(tools.bastion, 22, ref(v.baseline, v, pcx), "SSH to "+v.name+" instances")
		g.tcpOut(tools.monitoring, 9091, v.cidr, "Scrape application metrics in "+v.name)
		for _, a := range v.apps {
			if a.kind != appLambda {
				g.tcpIn(a.app, 9091, ref(tools.monitoring, tools, pcx), "")
			}
		}
	}
	// A group deleted in the peered VPC: AWS reports the reference as stale.
	g.tcpIn(prod.apps[1].app, prod.apps[1].port, sgmap.Peer{Kind: sgmap.PeerGroup, Value: g.hexID("sg-"),
		VPCID: tools.id, PeeringID: g.s.Peerings[0].ID, PeeringStatus: "active", Stale: true}, "Load tests from the tools VPC")

	partnerVPC, partnerGroup, pcx := g.hexID("vpc-"), g.hexID("sg-"), g.hexID("pcx-")
	g.s.Peerings = append(g.s.Peerings, sgmap.PeeringConnection{ID: pcx, Status: "active",
		Requester: sgmap.PeeringSide{VPCID: prod.id, AccountID: largeAccount, Region: largeRegion, CIDRs: []string{prod.cidr}},
		Accepter:  sgmap.PeeringSide{VPCID: partnerVPC, AccountID: partnerAccount, Region: largeRegion, CIDRs: []string{"172.31.0.0/16"}}})
	partner := sgmap.Peer{Kind: sgmap.PeerGroup, Value: partnerGroup, AccountID: partnerAccount, VPCID: partnerVPC,
		PeeringID: pcx, PeeringStatus: "active"}
	for _, a := range prod.apps[:3] {
		g.tcpIn(a.app, a.port, partner, "Settlement partner calls "+a.name)
		g.tcpOut(a.app, 443, partner, "Callbacks to the settlement partner")
	}

	legacyVPC, pcx := g.hexID("vpc-"), g.hexID("pcx-")
	g.s.Peerings = append(g.s.Peerings, sgmap.PeeringConnection{ID: pcx, Status: "deleted",
		Requester: sgmap.PeeringSide{VPCID: staging.id, AccountID: largeAccount, Region: largeRegion, CIDRs: []string{staging.cidr}},
		Accepter:  sgmap.PeeringSide{VPCID: legacyVPC, AccountID: largeAccount, Region: largeRegion, CIDRs: []string{"10.99.0.0/16"}}})
	legacy := g.hexID("sg-")
	for _, a := range staging.apps[:4] {
		g.tcpIn(a.app, a.port, sgmap.Peer{Kind: sgmap.PeerGroup, Value: legacy, VPCID: legacyVPC, PeeringID: pcx,
			PeeringStatus: "deleted", Stale: true}, "")
	}
}

// leftovers adds what years of changes leave behind, so that every audit
// finding has cases at scale: an unused group, a second group that encloses
// exactly the same tasks as an ECS service's own, and the badly named
// allow-… groups opened to the Internet on their port.
func (g *largeGen) leftovers(v *largeVPC) {
	unused := g.group(v, "migration-2023-temp", "Temporary access for the 2023 database migration", nil)
	g.tcpIn(unused, 5432, g.corp, "")
	n := 0
	for _, a := range v.apps {
		if a.kind == appECS {
			n++
		}
		if a.kind == appECS && n == 3 {
			old := g.group(v, a.name+"-old-"+v.env, "Old group of "+a.name+", kept during the move to "+a.name+"-"+v.env, nil)
			g.tcpIn(old, a.port, v.cidr, "")
			for _, eni := range a.enis {
				e := &g.s.Interfaces[g.eniAt[eni]]
				e.GroupIDs = append(e.GroupIDs, old)
			}
		}
		if sg := g.s.Groups[g.groupAt[a.app]]; strings.HasPrefix(sg.Name, "allow-") {
			g.tcpIn(a.app, a.port, "0.0.0.0/0", "")
		}
	}
}

// extras adds owners the model treats specially, after everything else so
// that they do not shift the random stream: an ElastiCache cluster (an
// owner of kind other) and an Aurora cluster whose ENIs were not collected,
// known only by the groups its API declares.
func (g *largeGen) extras(v *largeVPC) {
	redis := g.group(v, "sessions-redis-"+v.env, "ElastiCache Redis for web sessions", map[string]string{"team": "web"})
	g.tcpIn(redis, 6379, v.cache, "Session reads and writes from cache clients")
	cacheID := "sessions-redis-" + v.env
	var enis []string
	for _, sn := range v.data[:2] {
		enis = append(enis, g.eni(v, sn, cacheID, "ElastiCache "+cacheID, "interface", "amazon-elasticache", redis))
	}
	g.owner(v, sgmap.Owner{ID: cacheID, Kind: sgmap.OwnerOther, Name: cacheID, InterfaceIDs: enis, GroupIDs: []string{redis},
		Detail: map[string]string{"service": "elasticache", "engine": "redis"}})
	g.leftovers(v)
	for _, a := range v.apps {
		if a.db != "" {
			g.owner(v, sgmap.Owner{ID: a.name + "-aurora-" + v.env, Kind: sgmap.OwnerRDS, Name: a.name + "-aurora-" + v.env,
				GroupIDs: []string{a.db}, Detail: map[string]string{"engine": "aurora-postgresql", "note": "ENIs not collected"}})
			return
		}
	}
}
