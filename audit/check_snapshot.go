package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// SubjectSnapshot is the subject of a finding about the snapshot itself
// (incomplete-snapshot); its SubjectID is the snapshot's ID.
const SubjectSnapshot = "snapshot"

// checkIncompleteSnapshot turns each of the snapshot's warnings into a
// finding: a snapshot that left data out (access denied, a region not
// enabled, groups an import could not place) can pass every other check
// only because the problems were never read. lint -fail-on warning must
// fail on it, and the warning itself must be in front of the reader.
func checkIncompleteSnapshot(a *auditor) {
	for _, w := range a.s.Warnings {
		where := strings.Trim(strings.Join([]string{w.Service, w.Operation}, " "), " ")
		msg := "the snapshot is incomplete"
		if where != "" {
			msg += " (" + where + ")"
		}
		msg += ": " + clip(strings.TrimSpace(w.Message), 300)
		if w.Action != "" {
			msg += fmt.Sprintf("; grant %s to the role that collects and collect again", w.Action)
		} else {
			msg += "; findings about what was left out are missing: collect or import it again with the missing data"
		}
		a.add(Finding{ID: IDIncompleteSnapshot, Severity: Warning, Subject: SubjectSnapshot, SubjectID: a.s.ID,
			AccountID: w.AccountID, Region: w.Region, Message: msg})
	}
}

// checkDanglingOwners: an owner (or an ENI without one) in a group the
// snapshot does not have is drawn inside a "(missing)" box; say so, as for a
// rule that references a missing group. Owners are in their ENIs' groups,
// or their declared groups when they have no ENIs ([sgmap.Index.OwnerGroups]).
// As for rules, only where the group would be in the snapshot: a VPC whose
// groups were collected at all (an export of network interfaces alone
// says nothing about which groups exist).
func checkDanglingOwners(a *auditor) {
	collected := map[string]bool{}
	for _, g := range a.s.Groups {
		collected[g.VPCID] = true
	}
	owners := make([]*sgmap.Owner, len(a.s.Owners))
	for i := range a.s.Owners {
		owners[i] = &a.s.Owners[i]
	}
	slices.SortFunc(owners, func(p, q *sgmap.Owner) int { return strings.Compare(p.ID, q.ID) })
	for _, o := range owners {
		if !a.inScope(o.VPCID) {
			continue
		}
		for _, id := range a.x.OwnerGroups(o.ID) {
			if a.x.Groups[id] != nil || !collected[o.VPCID] {
				continue
			}
			a.add(Finding{ID: IDDanglingReference, Severity: Error, Subject: SubjectOwner, SubjectID: o.ID,
				GroupID: id, VPCID: o.VPCID, AccountID: o.AccountID, Region: o.Region,
				Message: fmt.Sprintf("%s %s is in security group %s, which is not in this snapshot: the group was deleted, lives in a VPC or account that was not collected, or the export left it out; collect it too, or move %s into a group that exists",
					o.Kind, clip(o.DisplayName(), 80), id, clip(o.DisplayName(), 80))})
		}
	}
	owned := map[string]bool{}
	for _, enis := range a.x.OwnerInterfaces {
		for _, e := range enis {
			owned[e.ID] = true
		}
	}
	for i := range a.s.Interfaces {
		e := &a.s.Interfaces[i]
		if owned[e.ID] || !a.inScope(e.VPCID) {
			continue // reported through its owner, or not in scope
		}
		for _, id := range e.GroupIDs {
			if a.x.Groups[id] != nil || !collected[e.VPCID] {
				continue
			}
			a.add(Finding{ID: IDDanglingReference, Severity: Error, Subject: SubjectENI, SubjectID: e.ID,
				GroupID: id, VPCID: e.VPCID, AccountID: e.AccountID, Region: e.Region,
				Message: fmt.Sprintf("network interface %s is in security group %s, which is not in this snapshot: collect the group too, or attach the interface to a group that exists",
					e.ID, id)})
		}
	}
}
