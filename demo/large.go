package demo

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
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
	scale   int // LargeScale's n
	rng     *rand.Rand
	s       *sgmap.Snapshot
	ids     map[string]bool
	groupAt map[string]int
	ownerAt map[string]int
	eniAt   map[string]int
	s3, ddb string                       // AWS-managed prefix lists
	corp    string                       // customer-managed prefix list
	details map[string]map[string]string // [largeGen.detail]
}

// Large is a deterministic synthetic account for scale work: three VPCs
// (production clearly the largest), more than 600 groups, 5,000 ENIs and
// 8,000 rules, with every owner kind, Auto Scaling and ECS parents, shared
// Lambda ENIs, partial overlaps and nested memberships, cross-VPC and
// cross-account references, prefix lists, self-references and dangling
// (some stale) references, and a case of every audit finding. The same call
// always returns the same snapshot; it takes tens of milliseconds.
func Large() *sgmap.Snapshot { return LargeScale(1) }

// LargeScale is [Large] with n times the applications in each VPC (n ≥ 1;
// smaller counts as 1), and so about n times the groups, rules and ENIs:
// an account for readability and speed work at sizes beyond Large. Past
// the first 240 applications of a VPC, names repeat with a cell number
// ("web-internal-2"). Addresses come from wider blocks than AWS allows
// (a /12 per VPC) so that every ENI has one. LargeScale(1) is exactly
// Large; every n gives the same snapshot on every call.
func LargeScale(n int) *sgmap.Snapshot {
	n = max(n, 1)
	g := &largeGen{scale: n,
		rng: rand.New(rand.NewPCG(largeSeed1, largeSeed2)),
		s: &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, TakenAt: largeTakenAt,
			Accounts: []string{largeAccount}, Regions: []string{largeRegion}},
		ids: map[string]bool{}, groupAt: map[string]int{}, ownerAt: map[string]int{}, eniAt: map[string]int{},
	}
	g.prefixLists()
	prod := g.vpc("production", "prod", 10, true, 190*n)
	staging := g.vpc("staging", "staging", 20, false, 95*n)
	tools := g.vpc("shared-services", "tools", 30, false, 55*n)
	g.crossVPC(prod, staging, tools)
	g.extras(prod)
	g.trim()
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
