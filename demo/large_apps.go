package demo

import (
	"fmt"
	"net/netip"

	"github.com/sgmap/sgmap"
)

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
		Detail: g.detail("cluster", g.arn("ecs", "cluster/"+v.env), "launch_type", "FARGATE")})
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
	if cell := i / (len(largeDomains) * len(largeRoles)); cell > 0 {
		name += fmt.Sprintf("-%d", cell+1)
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
				InterfaceIDs: enis, GroupIDs: []string{a.app}, Detail: g.detail("runtime", "python3.12")})
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
