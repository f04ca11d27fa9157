package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// checkNames: the article's central point. "These group names all say what
// they do, not what they're for."
func checkNames(a *auditor) {
	for _, g := range a.groups() {
		ev, ok := DescribesRules(g.Name)
		if !ok {
			continue
		}
		msg := fmt.Sprintf("the name %q says what the group allows (%s), not what it encloses; ",
			clip(g.Name, 80), list(slices.Compact(ev), 6))
		members := a.memberNames(g.ID, 4)
		switch sug := a.suggestName(g); {
		case sug != "" && members != "":
			msg += fmt.Sprintf("name the group after what it encloses, e.g. `%s` (its members: %s)", sug, members)
		case members != "":
			msg += fmt.Sprintf("name the group after what it encloses (its members: %s)", members)
		default:
			msg += "name the group after what it will enclose"
		}
		msg += "; groups cannot be renamed, so create the new group, move the members and delete this one"
		a.add(a.groupFinding(g, IDNameDescribesRules, msg))
	}
}

var envWords = map[string]bool{"production": true, "prod": true, "staging": true, "stage": true,
	"development": true, "dev": true, "test": true, "qa": true, "uat": true, "sandbox": true}

// suggestName proposes a name for g from what it encloses: the members'
// common logical parent or name prefix, their kind, and an environment word
// found in tags or the VPC's name. It returns "" when the members have
// nothing in common.
func (a *auditor) suggestName(g *sgmap.SecurityGroup) string {
	var names, parents []string
	kinds := map[sgmap.OwnerKind]bool{}
	for _, e := range a.members(g.ID) {
		o := a.x.Owners[e.OwnerID]
		if o == nil {
			return ""
		}
		kinds[o.Kind] = true
		names = append(names, o.DisplayName())
		if o.Parent != nil && o.Parent.Name != "" {
			parents = append(parents, o.Parent.Name)
		}
	}
	if len(names) == 0 || len(kinds) != 1 {
		return ""
	}
	slices.Sort(parents)
	base := ""
	if parents = slices.Compact(parents); len(parents) == 1 {
		base = parents[0]
		for _, suffix := range []string{"-asg", "-service", "-svc"} {
			base = strings.TrimSuffix(base, suffix)
		}
	} else {
		base = commonStem(names)
	}
	if base == "" || len(base) > 60 {
		return ""
	}
	var kind sgmap.OwnerKind
	for k := range kinds {
		kind = k
	}
	switch kind {
	case sgmap.OwnerInstance:
		if len(names) > 1 {
			base += "-servers"
		}
	case sgmap.OwnerLoadBalancer:
		base = "lb-" + base
	case sgmap.OwnerRDS:
		base += "-db"
	}
	if env := a.environment(g); env != "" && !strings.Contains(base, env) {
		base += "-" + env
	}
	if _, bad := DescribesRules(base); bad {
		return "" // members named for rules make no better name
	}
	return base
}

// commonStem is the names' longest common prefix without trailing digits
// and separators: game-1 … game-4 → game.
func commonStem(names []string) string {
	p := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, p) {
			p = p[:len(p)-1]
		}
	}
	p = strings.TrimRight(p, "0123456789-_. ")
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return ""
		}
	}
	return p
}

func (a *auditor) environment(g *sgmap.SecurityGroup) string {
	tags := []map[string]string{g.Tags}
	if v := a.x.VPCs[g.VPCID]; v != nil {
		tags = append(tags, v.Tags, map[string]string{"name": v.Name})
	}
	for _, t := range tags {
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			switch strings.ToLower(k) {
			case "env", "environment", "stage", "name":
				for _, w := range nameTokens(t[k]) {
					if envWords[w] {
						return w
					}
				}
			}
		}
	}
	return ""
}

// checkSameMembers: config #2/#3 of the article, where allow-https-8443 and
// allow-http-9999 enclose the same instances: one enclosure split into rule
// sets, each group eating into the per-ENI quota (semantics §20).
func checkSameMembers(a *auditor) {
	type key struct{ vpc, members string }
	sets := map[key][]*sgmap.SecurityGroup{}
	var order []key
	for _, g := range a.groups() {
		ms := a.members(g.ID)
		if len(ms) == 0 {
			continue
		}
		ids := make([]string, len(ms))
		for i, e := range ms {
			ids[i] = e.ID
		}
		k := key{g.VPCID, strings.Join(ids, ",")}
		if sets[k] == nil {
			order = append(order, k)
		}
		sets[k] = append(sets[k], g)
	}
	for _, k := range order {
		gs := sets[k]
		if len(gs) < 2 {
			continue
		}
		labels := make([]string, len(gs))
		var related []string
		for i, g := range gs {
			labels[i] = groupLabel(g)
			if i > 0 {
				related = append(related, g.ID)
			}
		}
		f := a.groupFinding(gs[0], IDSameMembers, fmt.Sprintf(
			"%d groups enclose exactly the same members (%s): %s; they are one enclosure split into rule sets, so merge their rules into one group named for what it encloses and delete the others",
			len(gs), a.memberNames(gs[0].ID, 4), strings.Join(labels, ", ")))
		f.Related = related
		a.add(f)
	}
}

// defaultDescriptions are descriptions tools write when the author gave
// none: they say nothing about what the group encloses.
var defaultDescriptions = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^launch-wizard-\d+ created`),
	regexp.MustCompile(`(?i)^managed by terraform$`),
	regexp.MustCompile(`(?i)^default vpc security group$`),
	regexp.MustCompile(`(?i)^created (by|from|in) (the )?(rds|ecs|ec2|elb|elastic beanstalk) (management )?console`),
	regexp.MustCompile(`(?i)^allow (tls|ssh|http|https|all) inbound traffic$`), // Terraform's documentation example
	regexp.MustCompile(`^\S+/\S*Security ?Group\S*$`),                          // CDK: the construct path
	regexp.MustCompile(`(?i)^(security group|sg|default|test|todo|tbd|none|n/a|-+|\.+)$`),
}

// checkGroupDescription: the article's "self-documenting infrastructure":
// the group's own description should say what it encloses.
func checkGroupDescription(a *auditor) {
	for _, g := range a.groups() {
		if g.IsDefault() { // AWS's fixed text; it cannot be changed
			continue
		}
		d := strings.TrimSpace(g.Description)
		why := ""
		switch {
		case d == "":
			why = "has no description"
		case squash(d) == squash(g.Name):
			why = "only repeats its name"
		default:
			for _, re := range defaultDescriptions {
				if re.MatchString(d) {
					why = fmt.Sprintf("has a tool's default description (%q)", clip(d, 60))
					break
				}
			}
		}
		if why == "" {
			continue
		}
		a.add(a.groupFinding(g, IDGroupDescription, fmt.Sprintf(
			"the group %s; say what it encloses and why (e.g. \"Production game servers behind the game ALB\"); a description cannot be edited, so set it when the group is next replaced and tag the group meanwhile", why)))
	}
}

// squash keeps letters and digits, lower-cased: "allow https 8443" and
// "allow-https-8443" squash alike.
func squash(s string) string {
	var b strings.Builder
	for _, t := range nameTokens(s) {
		b.WriteString(t)
	}
	return b.String()
}

// checkDefaultGroupInUse: semantics §6. Resources launched without a group
// land in the default group, whose members all admit each other.
func checkDefaultGroupInUse(a *auditor) {
	for _, g := range a.groups() {
		if !g.IsDefault() || !a.hasMembers(g.ID) {
			continue
		}
		n := len(a.members(g.ID))
		a.add(a.groupFinding(g, IDDefaultGroupInUse, fmt.Sprintf(
			"%d network interface(s) are in the VPC's default group (%s): put them in a group named for what they are, and leave the default group empty",
			n, a.memberNames(g.ID, 5))))
	}
}

// checkUnusedGroup: an enclosure around nothing. The default group is left
// out: every VPC has one and it cannot be deleted. A snapshot with no ENIs
// and no owners at all (an import of describe-security-groups alone) is
// skipped: membership was not collected.
func checkUnusedGroup(a *auditor) {
	if len(a.s.Interfaces) == 0 && len(a.s.Owners) == 0 {
		return // nothing that could be a member was collected: emptiness says nothing
	}
	refs := map[string]int{} // from every VPC's groups: a reference may cross VPCs
	for i := range a.s.Groups {
		g := &a.s.Groups[i]
		for _, r := range g.Rules {
			if r.Peer.Kind == sgmap.PeerGroup && r.Peer.Value != g.ID {
				refs[r.Peer.Value]++
			}
		}
	}
	for _, g := range a.groups() {
		if g.IsDefault() || a.hasMembers(g.ID) {
			continue
		}
		msg := "the group encloses nothing: delete it, or add the resources it was made for"
		if n := refs[g.ID]; n > 0 {
			msg += fmt.Sprintf(" (%d rule(s) of other groups reference it and admit nothing through it)", n)
		}
		if len(a.s.Warnings) > 0 {
			msg += "; the snapshot is partial (see its warnings), so members may be missing"
		}
		a.add(a.groupFinding(g, IDUnusedGroup, msg))
	}
}

// checkGroupsPerENI: semantics §20 and the article: "this is only good for
// up to 16 security groups, then you hit a hard limit".
func checkGroupsPerENI(a *auditor) {
	const quota, hard = 5, 16
	for i := range a.s.Interfaces {
		e := &a.s.Interfaces[i]
		if len(e.GroupIDs) < quota || !a.inScope(e.VPCID) {
			continue
		}
		var names []string
		for _, id := range e.GroupIDs {
			if g := a.x.Groups[id]; g != nil {
				names = append(names, g.DisplayName())
			} else {
				names = append(names, id)
			}
		}
		f := Finding{ID: IDGroupsPerENI, Severity: Warning, Subject: SubjectENI, SubjectID: e.ID,
			VPCID: e.VPCID, AccountID: e.AccountID, Region: e.Region,
			Message: fmt.Sprintf("network interface %s of %s is in %d groups (%s); %d is the default quota and %d the hard limit: merge groups that enclose the same things into one",
				e.ID, clip(a.eniName(e), 80), len(e.GroupIDs), list(names, 8), quota, hard)}
		if e.OwnerID != "" {
			f.Related = []string{e.OwnerID}
		}
		a.add(f)
	}
}
