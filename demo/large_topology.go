package demo

import (
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
)

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
// that they do not shift the random stream: an ElastiCache cluster (kind
// elasticache, with the id collection and import give it,
// elasticache/<cluster-id>), an Aurora cluster whose ENIs were not
// collected, known only by the groups its API declares, and, last, a
// managed directory (a service without a shape of its own: kind other).
func (g *largeGen) extras(v *largeVPC) {
	redis := g.group(v, "sessions-redis-"+v.env, "ElastiCache Redis for web sessions", map[string]string{"team": "web"})
	g.tcpIn(redis, 6379, v.cache, "Session reads and writes from cache clients")
	cluster := "sessions-redis-" + v.env
	cacheID := "elasticache/" + cluster
	var enis []string
	for _, sn := range v.data[:2] {
		enis = append(enis, g.eni(v, sn, cacheID, "ElastiCache "+cluster, "interface", "amazon-elasticache", redis))
	}
	g.owner(v, sgmap.Owner{ID: cacheID, Kind: sgmap.OwnerElastiCache, Name: cluster, InterfaceIDs: enis, GroupIDs: []string{redis},
		Detail: map[string]string{"service": "elasticache", "engine": "redis"}})
	g.leftovers(v)
	for _, a := range v.apps {
		if a.db != "" {
			g.owner(v, sgmap.Owner{ID: a.name + "-aurora-" + v.env, Kind: sgmap.OwnerRDS, Name: a.name + "-aurora-" + v.env,
				GroupIDs: []string{a.db}, Detail: map[string]string{"engine": "aurora-postgresql", "note": "ENIs not collected"}})
			break
		}
	}
	g.directory(v)
}

// directory adds an AWS Managed Microsoft AD directory: its two domain
// controllers' ENIs, in a group of their own that the VPC reaches on LDAP.
func (g *largeGen) directory(v *largeVPC) {
	dir := fmt.Sprintf("d-%010x", g.rng.Uint64()&0xffffffffff)
	sg := g.group(v, dir+"_controllers", "AWS created security group for "+dir+" directory controllers", nil)
	g.tcpIn(sg, 389, v.cidr, "LDAP from the VPC")
	g.tcpIn(sg, 636, v.cidr, "LDAPS from the VPC")
	var enis []string
	for _, sn := range v.data[:2] {
		enis = append(enis, g.eni(v, sn, dir, "AWS created network interface for directory "+dir, "interface", "", sg))
	}
	g.owner(v, sgmap.Owner{ID: dir, Kind: sgmap.OwnerOther, Name: "corp.example.com", InterfaceIDs: enis, GroupIDs: []string{sg},
		Detail: map[string]string{"service": "directory-service"}})
}
