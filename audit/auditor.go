package audit

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// auditor holds the snapshot, its index and the findings of one [Run].
type auditor struct {
	s   *sgmap.Snapshot
	x   *sgmap.Index
	out []Finding
	// eng is the flow engine the diagram uses too.
	eng *reach.Engine
	// declared maps a group ID to the owners whose service API declares it.
	declared map[string][]*sgmap.Owner
	// memberGroupsMemo caches [auditor.memberGroups].
	memberGroupsMemo map[string][]string
	// vpc is [Options].VPC: when set, checks skip subjects of other VPCs
	// (their findings would carry another VPCID) and Run drops whatever
	// else is not about it.
	vpc string
}

type check struct {
	id  string
	run func(a *auditor)
}

// checks run in this order; the output is sorted afterwards.
var checks = []check{
	{IDNameDescribesRules, checkNames},
	{IDSameMembers, checkSameMembers},
	{IDCIDRMatchesGroup, checkCIDRMatchesGroup},
	{IDWideSource, checkWideSource},
	{IDAdminPortOpen, checkAdminPortOpen},
	{IDMissingDescription, checkMissingDescription},
	{IDGroupDescription, checkGroupDescription},
	{IDDanglingReference, checkDangling},
	{IDOneSided, checkOneSided},
	{IDDefaultGroupInUse, checkDefaultGroupInUse},
	{IDUnusedGroup, checkUnusedGroup},
	{IDGroupsPerENI, checkGroupsPerENI},
	{IDIncompleteSnapshot, checkIncompleteSnapshot},
	{IDInternetExposed, checkInternetExposed},
}

func newAuditor(s *sgmap.Snapshot) *auditor { return newAuditorEngine(reach.New(sgmap.NewIndex(s))) }

// newAuditorEngine is [newAuditor] over a flow engine already built.
func newAuditorEngine(eng *reach.Engine) *auditor {
	x := eng.Index()
	s := x.Snapshot
	a := &auditor{s: s, x: x, eng: eng,
		declared: map[string][]*sgmap.Owner{}, memberGroupsMemo: map[string][]string{}}
	for i := range s.Owners {
		for _, id := range s.Owners[i].GroupIDs {
			a.declared[id] = append(a.declared[id], &s.Owners[i])
		}
	}
	return a
}

// inScope reports whether a subject of VPC vpc is audited: always, unless
// the run is scoped to another VPC.
func (a *auditor) inScope(vpc string) bool { return a.vpc == "" || vpc == a.vpc }

// groups returns the snapshot's groups in scope, in ID order. Every finding
// about a group carries the group's VPCID ([auditor.groupFinding]), so a
// scoped run loses nothing by skipping the others.
func (a *auditor) groups() []*sgmap.SecurityGroup {
	out := make([]*sgmap.SecurityGroup, 0, len(a.s.Groups))
	for i := range a.s.Groups {
		if a.inScope(a.s.Groups[i].VPCID) {
			out = append(out, &a.s.Groups[i])
		}
	}
	slices.SortFunc(out, func(p, q *sgmap.SecurityGroup) int { return strings.Compare(p.ID, q.ID) })
	return out
}

func (a *auditor) groupFinding(g *sgmap.SecurityGroup, id, msg string) Finding {
	c, _ := CheckByID(id)
	return Finding{ID: id, Severity: c.Severity, Subject: SubjectGroup, SubjectID: g.ID,
		GroupID: g.ID, GroupName: g.Name, VPCID: g.VPCID, AccountID: a.account(g), Region: a.region(g),
		Message: msg, Location: g.Location}
}

func (a *auditor) ruleFinding(g *sgmap.SecurityGroup, r sgmap.Rule, id, msg string) Finding {
	f := a.groupFinding(g, id, msg)
	f.Subject, f.SubjectID, f.RuleID = SubjectRule, RuleID(g.ID, r), RuleID(g.ID, r)
	if !r.Location.IsZero() {
		f.Location = r.Location
	}
	return f
}

// RuleID is how findings, the rule table and the diagram's Edge.Rules name
// a rule: its sgr-… ID, or "<group-id> <direction> <service> <peer>" when it
// has none (unique in a snapshot, unlike [sgmap.Rule.Key] alone).
func RuleID(groupID string, r sgmap.Rule) string { return reach.RuleID(groupID, r) }

func (a *auditor) add(f Finding) { a.out = append(a.out, f) }

// account and region fall back to the VPC's and then the snapshot's when
// the group does not say.
func (a *auditor) account(g *sgmap.SecurityGroup) string {
	if g.AccountID != "" {
		return g.AccountID
	}
	if v := a.x.VPCs[g.VPCID]; v != nil && v.AccountID != "" {
		return v.AccountID
	}
	if len(a.s.Accounts) == 1 {
		return a.s.Accounts[0]
	}
	return ""
}

func (a *auditor) region(g *sgmap.SecurityGroup) string {
	if g.Region != "" {
		return g.Region
	}
	if v := a.x.VPCs[g.VPCID]; v != nil && v.Region != "" {
		return v.Region
	}
	if len(a.s.Regions) == 1 {
		return a.s.Regions[0]
	}
	return ""
}

// members returns the ENIs in group id.
func (a *auditor) members(id string) []*sgmap.NetworkInterface { return a.x.Members[id] }

// hasMembers reports whether anything is in group id: an ENI, or an owner
// whose service API declares the group (RDS, Lambda without ENIs).
func (a *auditor) hasMembers(id string) bool {
	return len(a.x.Members[id]) > 0 || len(a.declared[id]) > 0
}

// eniName is what a user calls an ENI: its owner's name, else its ID.
func (a *auditor) eniName(e *sgmap.NetworkInterface) string {
	if o := a.x.Owners[e.OwnerID]; o != nil {
		return o.DisplayName()
	}
	return e.ID
}

// memberNames lists the distinct names of group id's members, sorted, at
// most max of them followed by "…" when there are more.
func (a *auditor) memberNames(id string, max int) string {
	var names []string
	for _, e := range a.members(id) {
		names = append(names, a.eniName(e))
	}
	for _, o := range a.declared[id] {
		if len(a.x.OwnerInterfaces[o.ID]) == 0 {
			names = append(names, o.DisplayName())
		}
	}
	slices.Sort(names)
	return list(slices.Compact(names), max)
}

// groupLabel is "sg-… (name)".
func groupLabel(g *sgmap.SecurityGroup) string {
	if g.Name == "" {
		return g.ID
	}
	return fmt.Sprintf("%s (%s)", g.ID, clip(g.Name, 80))
}

// list joins items with ", ", showing at most max and then "…".
func list(items []string, max int) string {
	for i, s := range items {
		items[i] = clip(s, 80)
	}
	if len(items) > max {
		return strings.Join(items[:max], ", ") + ", …"
	}
	return strings.Join(items, ", ")
}

// vpcCIDRs returns the parsed CIDRs of VPC id.
func (a *auditor) vpcCIDRs(id string) []netip.Prefix {
	v := a.x.VPCs[id]
	if v == nil {
		return nil
	}
	return parsePrefixes(v.CIDRs)
}

func parsePrefixes(in []string) []netip.Prefix {
	var out []netip.Prefix
	for _, c := range in {
		if p, err := netip.ParsePrefix(c); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}

// covers reports whether prefix p contains all of q.
func covers(p, q netip.Prefix) bool {
	return p.Addr().Is4() == q.Addr().Is4() && p.Bits() <= q.Bits() && p.Contains(q.Addr())
}
