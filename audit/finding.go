package audit

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// Severity is how much a finding matters: [Info], [Warning] or [Error].
type Severity string

// Severities, from least to most severe.
const (
	Info    Severity = "info"
	Warning Severity = "warning"
	Error   Severity = "error"
)

// rank orders severities; unknown values rank below [Info].
func (s Severity) rank() int {
	switch s {
	case Info:
		return 1
	case Warning:
		return 2
	case Error:
		return 3
	}
	return 0
}

// ParseSeverity checks a severity given by a user (lint's -fail-on). An
// unknown value is an [sgmap.EINVALID] error naming the valid ones.
func ParseSeverity(s string) (Severity, error) {
	switch v := Severity(strings.ToLower(strings.TrimSpace(s))); v {
	case Info, Warning, Error:
		return v, nil
	}
	return "", sgmap.Errorf(sgmap.EINVALID, "severity %q is not one of info, warning, error", clip(s, 40))
}

// Subject kinds: what a [Finding] is about.
const (
	SubjectGroup = "group"
	SubjectRule  = "rule"
	SubjectENI   = "eni"
	SubjectOwner = "owner"
)

// Finding is one problem [Run] found. Its JSON encoding is what lint
// -format json and the dashboard's findings.json serve.
type Finding struct {
	// ID is the finding id from docs/findings.md (name-describes-rules, …).
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	// Subject is the kind of thing the finding is about: group, rule, eni or
	// owner; SubjectID is its ID (sg-…, the rule's ID or key, eni-…).
	Subject   string `json:"subject"`
	SubjectID string `json:"subject_id"`
	GroupID   string `json:"group_id,omitempty"`
	GroupName string `json:"group_name,omitempty"`
	// RuleID is the rule's sgr-… ID, or "<group-id> <rule key>" when it
	// has none; see [RuleID]. The graph's Edge.Rules use the same values.
	RuleID    string `json:"rule_id,omitempty"`
	VPCID     string `json:"vpc_id,omitempty"`
	AccountID string `json:"account_id,omitempty"`
	Region    string `json:"region,omitempty"`
	// Message says what is wrong and what to change, in plain words.
	Message string `json:"message"`
	// HelpURI is the absolute address of the finding's section of
	// docs/findings.md; see [HelpURI].
	HelpURI string `json:"help_uri"`
	// Related lists the other subjects of a finding about several things:
	// the other groups of same-members, the other rules of
	// cidr-matches-group, the owner of an ENI.
	Related []string `json:"related,omitempty"`
	// Location is where the subject was written, when the snapshot came
	// from a design-time input (a .tf file, a template): the rule's own
	// location, else its group's.
	Location sgmap.Location `json:"location,omitzero"`
}

// Options tune [Run].
type Options struct {
	// Ignore lists finding ids to leave out everywhere (lint's -ignore).
	Ignore []string
	// VPC, when set, audits only what is in that VPC: Run returns exactly
	// the findings of a whole-snapshot run whose VPCID is VPC (what a
	// diagram of that VPC annotates), without checking the other VPCs.
	// References into other VPCs are still resolved against the whole
	// snapshot.
	VPC string
}

// IgnoreTag is the group tag whose value, a comma-separated list of finding
// ids ("*" for all), suppresses those findings on the group and its rules.
const IgnoreTag = "sgmap:ignore"

// Run audits s and returns its findings ordered by severity (errors first),
// then id, subject ID, group ID, rule ID and message, so the same snapshot
// always gives the same list. It never fails: a reference it cannot resolve
// is itself a finding. It only reads s, so concurrent calls on one snapshot
// are safe; a nil snapshot has no findings.
func Run(s *sgmap.Snapshot, opt Options) []Finding {
	if s == nil {
		return nil
	}
	return run(newAuditor(s), opt)
}

// RunEngine is [Run] over a flow engine the caller built with
// reach.New(sgmap.NewIndex(s)), and may have used already: `sgmap render`
// audits its findings overlay with the engine it drew the graph with
// (graph.BuildDefaultEngine) instead of indexing the snapshot and
// compiling its rules a second time (docs/performance.md, "Memory of
// render at -scale 10"). The findings are Run's: the engine's caches are
// functions of the snapshot alone. The engine is not safe for concurrent
// use; a nil engine has no findings.
func RunEngine(eng *reach.Engine, opt Options) []Finding {
	if eng == nil || eng.Index() == nil || eng.Index().Snapshot == nil {
		return nil
	}
	return run(newAuditorEngine(eng), opt)
}

// run runs the checks of a and returns its findings, as [Run] says.
func run(a *auditor, opt Options) []Finding {
	a.vpc = opt.VPC
	for _, c := range checks {
		c.run(a)
	}
	ignore := map[string]bool{}
	for _, id := range opt.Ignore {
		ignore[strings.TrimSpace(id)] = true
	}
	out := a.out[:0]
	for _, f := range a.out {
		if ignore[f.ID] || ignore["*"] || !a.inScope(f.VPCID) || a.suppressed(f) {
			continue
		}
		f.HelpURI = HelpURI(f.ID)
		out = append(out, f)
	}
	SortFindings(out)
	return out
}

// SortFindings puts fs in [Run]'s order.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity.rank(), a.Severity.rank()),
			strings.Compare(a.ID, b.ID),
			strings.Compare(a.SubjectID, b.SubjectID),
			strings.Compare(a.GroupID, b.GroupID),
			strings.Compare(a.RuleID, b.RuleID),
			strings.Compare(a.Message, b.Message),
		)
	})
}

// suppressed reports whether a group involved in f carries f's id (or "*")
// in its sgmap:ignore tag. A finding about several groups (same-members) or
// about an ENI in several groups is suppressed by any one of them.
func (a *auditor) suppressed(f Finding) bool {
	groups := []string{f.GroupID}
	switch f.ID {
	case IDSameMembers:
		groups = append(groups, f.Related...)
	case IDGroupsPerENI:
		if e := a.x.Interfaces[f.SubjectID]; e != nil {
			groups = append(groups, e.GroupIDs...)
		}
	}
	for _, id := range groups {
		g := a.x.Groups[id]
		if g == nil {
			continue
		}
		for _, v := range strings.Split(g.Tags[IgnoreTag], ",") {
			if v = strings.TrimSpace(v); v == f.ID || v == "*" {
				return true
			}
		}
	}
	return false
}

// MeetsThreshold reports whether any finding is at least as severe as
// severity (lint's -fail-on). An unknown severity matches nothing; validate
// user input with [ParseSeverity] first.
func MeetsThreshold(fs []Finding, severity string) bool {
	min := Severity(severity).rank()
	if min == 0 {
		return false
	}
	for _, f := range fs {
		if f.Severity.rank() >= min {
			return true
		}
	}
	return false
}

// Count returns how many findings there are of each severity.
func Count(fs []Finding) map[Severity]int {
	n := map[Severity]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	return n
}

// clip shortens s to at most n runes for use inside a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
