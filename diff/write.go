package diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/sgmap/sgmap/audit"
)

// Report is the JSON form of a diff (sgmap diff -format json).
type Report struct {
	Version string    `json:"version"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Summary Summary   `json:"summary"`
	VPCs    []VPCDiff `json:"vpcs"`
}

// WriteJSON writes d as one indented [Report] object.
func WriteJSON(w io.Writer, d *Diff, version string) error {
	r := Report{Version: version, From: d.From, To: d.To, Summary: d.Summary(), VPCs: d.VPCs}
	if r.VPCs == nil {
		r.VPCs = []VPCDiff{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write diff json: %w", err)
	}
	return nil
}

// WriteText writes d for a terminal: the summary line, then per VPC each
// change on one line with a sign (+ added, - removed, ~ changed).
func WriteText(w io.Writer, d *Diff) error {
	bw := bufio.NewWriter(w)
	t := audit.SafeText
	fmt.Fprintf(bw, "%s → %s: %s\n", t(d.From), t(d.To), d.Summary())
	for _, v := range d.VPCs {
		vpc := v.VPCID
		if vpc == "" {
			vpc = "(whole snapshot)"
		}
		fmt.Fprintf(bw, "\n%s\n", t(vpc))
		for _, f := range v.Introduced {
			fmt.Fprintf(bw, "  + finding %s %s on %s: %s\n", f.Severity, f.ID, t(f.SubjectID), t(f.Message))
		}
		for _, f := range v.Resolved {
			fmt.Fprintf(bw, "  - finding %s %s on %s (resolved)\n", f.Severity, f.ID, t(f.SubjectID))
		}
		for _, g := range v.Groups {
			if g.Change == Renamed {
				fmt.Fprintf(bw, "  ~ group %s renamed %q → %q\n", t(g.ID), t(g.OldName), t(g.Name))
				continue
			}
			fmt.Fprintf(bw, "  %s group %s %s\n", sign(g.Change), t(g.ID), t(g.Name))
		}
		for _, r := range v.Rules {
			writeRuleText(bw, r)
		}
		for _, o := range v.Owners {
			fmt.Fprintf(bw, "  %s owner %s %s (%s)\n", sign(o.Change), o.Kind, t(o.Name), t(o.ID))
		}
		for _, m := range v.Members {
			fmt.Fprintf(bw, "  %s %s %s group %s (%s)\n", sign(m.Change), t(m.OwnerName), m.Change, t(m.GroupName), t(m.GroupID))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

func writeRuleText(w io.Writer, r RuleChange) {
	t := audit.SafeText
	switch r.Change {
	case Changed:
		fmt.Fprintf(w, "  ~ rule in %s: %s %q → %s %q\n", t(r.GroupName),
			t(RuleText(r.Old, r.OldPeer)), t(r.Old.Description), t(RuleText(r.New, r.NewPeer)), t(r.New.Description))
	case Added:
		fmt.Fprintf(w, "  + rule in %s: %s %q\n", t(r.GroupName), t(RuleText(r.New, r.NewPeer)), t(r.New.Description))
	default:
		fmt.Fprintf(w, "  - rule in %s: %s %q\n", t(r.GroupName), t(RuleText(r.Old, r.OldPeer)), t(r.Old.Description))
	}
}

func sign(change string) string {
	switch change {
	case Added, Joined:
		return "+"
	case Removed, Left:
		return "-"
	}
	return "~"
}
