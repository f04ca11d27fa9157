package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
)

// fixture builds small snapshots for focused tests: one account, one
// region, VPC vpc-1 (10.0.0.0/16, 2600:1f18::/56) unless told otherwise.
type fixture struct {
	s     *sgmap.Snapshot
	rules int
}

const (
	fxAccount = "111111111111"
	fxRegion  = "eu-west-1"
	fxVPC     = "vpc-1"
)

func newFixture() *fixture {
	return &fixture{s: &sgmap.Snapshot{
		SchemaVersion: sgmap.SchemaVersion, TakenAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Accounts: []string{fxAccount}, Regions: []string{fxRegion},
		VPCs: []sgmap.VPC{{ID: fxVPC, AccountID: fxAccount, Region: fxRegion, Name: "shop-production",
			CIDRs: []string{"10.0.0.0/16", "2600:1f18::/56"}}},
		Subnets: []sgmap.Subnet{{ID: "subnet-a", VPCID: fxVPC, Name: "private-a", CIDRs: []string{"10.0.1.0/24"}}},
	}}
}

// group adds a group with a description; tags come as key, value pairs.
func (f *fixture) group(id, name string, tags ...string) *fixture {
	g := sgmap.SecurityGroup{ID: id, Name: name, Description: "Encloses " + name, VPCID: fxVPC,
		AccountID: fxAccount, Region: fxRegion}
	if len(tags) > 0 {
		g.Tags = map[string]string{}
		for i := 0; i+1 < len(tags); i += 2 {
			g.Tags[tags[i]] = tags[i+1]
		}
	}
	f.s.Groups = append(f.s.Groups, g)
	return f
}

func (f *fixture) findGroup(id string) *sgmap.SecurityGroup {
	for i := range f.s.Groups {
		if f.s.Groups[i].ID == id {
			return &f.s.Groups[i]
		}
	}
	panic("fixture: no group " + id)
}

// rule adds a described rule; svc is "tcp/443", "udp/53", "tcp/8000-8999",
// "-1", "icmp/8/-1"; peer is a CIDR, sg-…, pl-… or account/sg-….
func (f *fixture) rule(group string, dir sgmap.Direction, svc, peer string) *fixture {
	return f.ruleDesc(group, dir, svc, peer, "because "+svc)
}

func (f *fixture) ruleDesc(group string, dir sgmap.Direction, svc, peer, desc string) *fixture {
	f.rules++
	r := sgmap.Rule{ID: "sgr-" + string(rune('a'+f.rules/26)) + string(rune('a'+f.rules%26)),
		Direction: dir, Description: desc, Peer: parsePeer(peer)}
	parts := strings.Split(svc, "/")
	r.Protocol, r.FromPort, r.ToPort = parts[0], -1, -1
	switch {
	case len(parts) == 2 && strings.Contains(parts[1], "-"):
		lo, hi, _ := strings.Cut(parts[1], "-")
		r.FromPort, r.ToPort = atoi(lo), atoi(hi)
	case len(parts) == 2:
		r.FromPort, r.ToPort = atoi(parts[1]), atoi(parts[1])
	case len(parts) == 3:
		r.FromPort, r.ToPort = atoi(parts[1]), atoi(parts[2])
	}
	g := f.findGroup(group)
	g.Rules = append(g.Rules, r)
	return f
}

func atoi(s string) int32 {
	n, neg := int32(0), strings.HasPrefix(s, "-")
	for _, c := range strings.TrimPrefix(s, "-") {
		n = n*10 + int32(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

func parsePeer(v string) sgmap.Peer {
	switch {
	case strings.Contains(v, "/sg-"):
		acct, id, _ := strings.Cut(v, "/")
		return sgmap.Peer{Kind: sgmap.PeerGroup, Value: id, AccountID: acct}
	case strings.HasPrefix(v, "sg-"):
		return sgmap.Peer{Kind: sgmap.PeerGroup, Value: v}
	case strings.HasPrefix(v, "pl-"):
		return sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: v}
	case strings.Contains(v, ":"):
		return sgmap.Peer{Kind: sgmap.PeerIPv6, Value: v}
	}
	return sgmap.Peer{Kind: sgmap.PeerIPv4, Value: v}
}

// eni adds an ENI with one private IPv4 address, owned by owner ("" for
// none; the owner is added as an instance if new).
func (f *fixture) eni(id, owner, ip string, groups ...string) *fixture {
	f.s.Interfaces = append(f.s.Interfaces, sgmap.NetworkInterface{ID: id, AccountID: fxAccount, Region: fxRegion,
		VPCID: fxVPC, SubnetID: "subnet-a", PrivateIPs: []string{ip}, GroupIDs: groups, OwnerID: owner})
	if owner == "" {
		return f
	}
	for i := range f.s.Owners {
		if f.s.Owners[i].ID == owner {
			f.s.Owners[i].InterfaceIDs = append(f.s.Owners[i].InterfaceIDs, id)
			return f
		}
	}
	f.s.Owners = append(f.s.Owners, sgmap.Owner{ID: owner, Kind: sgmap.OwnerInstance, Name: owner,
		VPCID: fxVPC, AccountID: fxAccount, Region: fxRegion, InterfaceIDs: []string{id}})
	return f
}

func (f *fixture) mustValid(t *testing.T) *sgmap.Snapshot {
	t.Helper()
	f.s.Normalize()
	if err := f.s.Validate(); err != nil {
		t.Fatalf("fixture snapshot is invalid: %v", err)
	}
	return f.s
}

// run audits the fixture and returns the findings with the given id.
func (f *fixture) run(t *testing.T, id string) []Finding {
	t.Helper()
	return only(Run(f.mustValid(t), Options{}), id)
}

func only(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// subjects lists each finding's "group rule" (or subject) for comparisons.
func subjects(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		s := f.GroupID
		if f.Subject == SubjectRule {
			s += " " + f.RuleID
		} else if f.Subject != SubjectGroup {
			s = f.SubjectID
		}
		out = append(out, s)
	}
	return out
}
