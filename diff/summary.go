package diff

import (
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
)

// Summary counts a diff's changes.
type Summary struct {
	Groups     int `json:"groups"`
	Rules      int `json:"rules"`
	Members    int `json:"members"`
	Owners     int `json:"owners"`
	Introduced int `json:"findings_introduced"`
	Resolved   int `json:"findings_resolved"`
}

// Summary counts d's changes over every VPC.
func (d *Diff) Summary() Summary {
	var s Summary
	for _, v := range d.VPCs {
		s.Groups += len(v.Groups)
		s.Rules += len(v.Rules)
		s.Members += len(v.Members)
		s.Owners += len(v.Owners)
		s.Introduced += len(v.Introduced)
		s.Resolved += len(v.Resolved)
	}
	return s
}

// String is the summary line: "2 rule changes, 1 finding introduced, …",
// or "no changes".
func (s Summary) String() string {
	var parts []string
	add := func(n int, one, many string) {
		if n == 1 {
			parts = append(parts, "1 "+one)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(s.Groups, "group change", "group changes")
	add(s.Rules, "rule change", "rule changes")
	add(s.Members, "membership change", "membership changes")
	add(s.Owners, "owner change", "owner changes")
	add(s.Introduced, "finding introduced", "findings introduced")
	add(s.Resolved, "finding resolved", "findings resolved")
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// RuleText describes r for people: "ingress tcp/22 from 0.0.0.0/0".
func RuleText(r *sgmap.Rule, peer string) string {
	if r == nil {
		return ""
	}
	way := "from"
	if r.Direction == sgmap.Egress {
		way = "to"
	}
	return string(r.Direction) + " " + r.Service().Label() + " " + way + " " + peer
}
