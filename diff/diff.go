// Package diff compares two snapshots: per VPC, the groups, rules,
// memberships and owners that changed, and the findings a change introduced
// or resolved. docs/diff.md describes the output formats and the matching
// rules.
package diff

import (
	"cmp"
	"slices"
	"sync"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
)

// Change kinds.
const (
	Added   = "added"
	Removed = "removed"
	Renamed = "renamed" // a group: same id, new name
	Changed = "changed" // a rule: same id (or same peer), new content or description
	Joined  = "joined"  // an owner entered a group
	Left    = "left"    // an owner left a group
)

// Diff is what changed from one snapshot to another.
type Diff struct {
	From string    `json:"from"` // snapshot ids
	To   string    `json:"to"`
	VPCs []VPCDiff `json:"vpcs"` // only VPCs with changes, by id
}

// VPCDiff is the changes inside one VPC. VPCID is empty for findings about
// the snapshot as a whole.
type VPCDiff struct {
	VPCID      string          `json:"vpc_id"`
	Groups     []GroupChange   `json:"groups,omitempty"`
	Rules      []RuleChange    `json:"rules,omitempty"`
	Members    []MemberChange  `json:"members,omitempty"`
	Owners     []OwnerChange   `json:"owners,omitempty"`
	Introduced []audit.Finding `json:"findings_introduced,omitempty"`
	Resolved   []audit.Finding `json:"findings_resolved,omitempty"`
}

// GroupChange is a group added, removed or renamed.
type GroupChange struct {
	Change  string `json:"change"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	OldName string `json:"old_name,omitempty"` // renamed only
}

// RuleChange is a rule added (Old nil), removed (New nil) or changed.
type RuleChange struct {
	Change    string      `json:"change"`
	GroupID   string      `json:"group_id"`
	GroupName string      `json:"group_name"`
	Old       *sgmap.Rule `json:"old,omitempty"`
	New       *sgmap.Rule `json:"new,omitempty"`
	// OldPeer and NewPeer name the peer for people: a group's name, else
	// the CIDR, prefix list or group id.
	OldPeer string `json:"old_peer,omitempty"`
	NewPeer string `json:"new_peer,omitempty"`
}

// MemberChange is an owner that joined or left a group; both sides know
// the owner.
type MemberChange struct {
	Change    string `json:"change"`
	OwnerID   string `json:"owner_id"`
	OwnerName string `json:"owner_name"`
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
}

// OwnerChange is an owner added or removed.
type OwnerChange struct {
	Change string          `json:"change"`
	ID     string          `json:"id"`
	Kind   sgmap.OwnerKind `json:"kind"`
	Name   string          `json:"name"`
}

// Options tune [Compare].
type Options struct {
	// VPC limits the diff to one VPC when set.
	VPC string
	// Audit is passed to audit.Run on both sides.
	Audit audit.Options
	// NoFindings skips the audits: the diff names no findings (a visual
	// diff needs only the groups a change is in).
	NoFindings bool
	// Findings, when set, returns a side's findings instead of running
	// audit.Run on it (the dashboard passes the audits it has cached); it
	// must return what audit.Run(s, Audit) would.
	Findings func(*sgmap.Snapshot) []audit.Finding
}

// Compare returns the changes from a to b. It only reads the snapshots.
func Compare(a, b *sgmap.Snapshot, opt Options) *Diff {
	// The two audits are most of the work and independent: run them side
	// by side (audit.Run only reads its snapshot).
	var fa, fb []audit.Finding
	var wg sync.WaitGroup
	run := opt.Findings
	if run == nil {
		run = func(s *sgmap.Snapshot) []audit.Finding { return audit.Run(s, opt.Audit) }
	}
	if !opt.NoFindings {
		wg.Go(func() { fa = run(a) })
		fb = run(b)
	}
	xa, xb := sgmap.NewIndex(a), sgmap.NewIndex(b)
	wg.Wait()
	d := &Diff{From: a.ID, To: b.ID}
	vpcs := sortedUnion(a.VPCIDs(), b.VPCIDs())
	vpcs = append([]string{""}, vpcs...) // snapshot-wide findings first
	var all []VPCDiff
	for _, vpc := range vpcs {
		if opt.VPC != "" && vpc != opt.VPC {
			continue
		}
		v := VPCDiff{VPCID: vpc}
		if vpc != "" {
			v.Groups, v.Rules = compareGroups(xa, xb, vpc)
			v.Owners, v.Members = compareOwners(xa, xb, vpc)
		}
		all = append(all, v)
	}
	intro, resolved := compareFindings(fa, fb, changedRuleIDs(all))
	for _, v := range all {
		v.Introduced, v.Resolved = intro[v.VPCID], resolved[v.VPCID]
		if !v.Empty() {
			d.VPCs = append(d.VPCs, v)
		}
	}
	return d
}

// changedRuleIDs maps the rule id (audit.RuleID) of each changed rule's
// new side to its old side's, so that a finding that stays on a rule
// whose ports changed is neither introduced nor resolved.
func changedRuleIDs(vs []VPCDiff) map[string]string {
	ids := map[string]string{}
	for _, v := range vs {
		for _, rc := range v.Rules {
			if rc.Change == Changed && rc.Old != nil && rc.New != nil {
				ids[audit.RuleID(rc.GroupID, *rc.New)] = audit.RuleID(rc.GroupID, *rc.Old)
			}
		}
	}
	return ids
}

// Empty reports whether v holds no change.
func (v *VPCDiff) Empty() bool {
	return len(v.Groups)+len(v.Rules)+len(v.Members)+len(v.Owners)+len(v.Introduced)+len(v.Resolved) == 0
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool { return len(d.VPCs) == 0 }

// Introduced returns every introduced finding, in audit order.
func (d *Diff) Introduced() []audit.Finding {
	var out []audit.Finding
	for _, v := range d.VPCs {
		out = append(out, v.Introduced...)
	}
	audit.SortFindings(out)
	return out
}

// Resolved returns every resolved finding, in audit order.
func (d *Diff) Resolved() []audit.Finding {
	var out []audit.Finding
	for _, v := range d.VPCs {
		out = append(out, v.Resolved...)
	}
	audit.SortFindings(out)
	return out
}

// findingKey identifies a finding across snapshots: not its message, which
// names counts and members that may change while the problem stays.
func findingKey(f audit.Finding) string {
	return f.ID + "\x00" + f.Subject + "\x00" + f.SubjectID + "\x00" + f.GroupID + "\x00" + f.RuleID
}

// compareFindings returns, per VPC, the findings of b not in a and of a
// not in b. Findings pair by [findingKey]; where several share a key (an
// owner exposed on two ports) those with the same message pair first, so a
// new exposure is the one reported, not an old one whose count moved. A
// finding of b on a changed rule pairs as if on the rule's old id (ruleIDs
// maps new ids to old).
func compareFindings(fa, fb []audit.Finding, ruleIDs map[string]string) (intro, resolved map[string][]audit.Finding) {
	usedA, usedB := make([]bool, len(fa)), make([]bool, len(fb))
	oldKey := func(f audit.Finding) string {
		if old, ok := ruleIDs[f.RuleID]; ok {
			if f.SubjectID == f.RuleID {
				f.SubjectID = old
			}
			f.RuleID = old
		}
		return findingKey(f)
	}
	pairFindings(fa, fb, usedA, usedB, findingKey, oldKey, true)
	pairFindings(fa, fb, usedA, usedB, findingKey, oldKey, false)
	intro, resolved = map[string][]audit.Finding{}, map[string][]audit.Finding{}
	for j, f := range fb {
		if !usedB[j] {
			intro[f.VPCID] = append(intro[f.VPCID], f)
		}
	}
	for i, f := range fa {
		if !usedA[i] {
			resolved[f.VPCID] = append(resolved[f.VPCID], f)
		}
	}
	return intro, resolved
}

// pairFindings marks unused findings of fa and fb with equal keys (keyA
// for fa, keyB for fb, each with the message when withMessage) as used,
// one to one.
func pairFindings(fa, fb []audit.Finding, usedA, usedB []bool, keyA, keyB func(audit.Finding) string, withMessage bool) {
	key := func(k func(audit.Finding) string, f audit.Finding) string {
		if withMessage {
			return k(f) + "\x00" + f.Message
		}
		return k(f)
	}
	free := map[string][]int{}
	for j, f := range fb {
		if !usedB[j] {
			k := key(keyB, f)
			free[k] = append(free[k], j)
		}
	}
	for i, f := range fa {
		k := key(keyA, f)
		if usedA[i] || len(free[k]) == 0 {
			continue
		}
		usedA[i], usedB[free[k][0]] = true, true
		free[k] = free[k][1:]
	}
}

func sortedUnion(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// byID orders changes by their subject id, then kind.
func byID[T any](xs []T, key func(T) (string, string)) {
	slices.SortStableFunc(xs, func(p, q T) int {
		p1, p2 := key(p)
		q1, q2 := key(q)
		return cmp.Or(cmp.Compare(p1, q1), cmp.Compare(p2, q2))
	})
}
