package diff

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/sgmap/sgmap/audit"
)

// WriteMarkdown writes d as a pull-request comment: a summary line, the
// introduced findings first, then a table of rule changes with their
// descriptions, the other changes and the resolved findings. Every
// snapshot-supplied string is escaped with [audit.MarkdownCell].
func WriteMarkdown(w io.Writer, d *Diff) error {
	bw := bufio.NewWriter(w)
	c := audit.MarkdownCell
	s := d.Summary()
	fmt.Fprintf(bw, "**sgmap diff** %s → %s: %s\n", c(d.From), c(d.To), s)
	if intro := d.Introduced(); len(intro) > 0 {
		fmt.Fprintf(bw, "\n### New findings (%d)\n\n| Severity | Finding | Subject | What to change |\n|---|---|---|---|\n", len(intro))
		for _, f := range intro {
			fmt.Fprintf(bw, "| %s | [%s](%s) | %s | %s |\n", severityMark(f.Severity), f.ID, f.HelpURI, c(subject(f)), c(f.Message))
		}
	}
	if s.Rules > 0 {
		fmt.Fprintf(bw, "\n### Rule changes (%d)\n\n| | VPC | Group | Rule | Description |\n|---|---|---|---|---|\n", s.Rules)
		for _, v := range d.VPCs {
			for _, r := range v.Rules {
				rule, desc := markdownRule(r)
				fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", r.Change, c(v.VPCID), c(r.GroupName), rule, desc)
			}
		}
	}
	writeOtherMarkdown(bw, d)
	if res := d.Resolved(); len(res) > 0 {
		fmt.Fprintf(bw, "\n### Resolved findings (%d)\n\n", len(res))
		for _, f := range res {
			fmt.Fprintf(bw, "- %s `%s` on %s\n", f.Severity, f.ID, c(subject(f)))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write diff markdown: %w", err)
	}
	return nil
}

// writeOtherMarkdown lists group, owner and membership changes.
func writeOtherMarkdown(w io.Writer, d *Diff) {
	c := audit.MarkdownCell
	var lines []string
	for _, v := range d.VPCs {
		for _, g := range v.Groups {
			if g.Change == Renamed {
				lines = append(lines, fmt.Sprintf("- group %s renamed %s → %s", c(g.ID), c(g.OldName), c(g.Name)))
			} else {
				lines = append(lines, fmt.Sprintf("- group %s %s (%s)", g.Change, c(g.Name), c(g.ID)))
			}
		}
		for _, o := range v.Owners {
			lines = append(lines, fmt.Sprintf("- %s %s %s (%s)", o.Kind, c(o.Name), o.Change, c(o.ID)))
		}
		for _, m := range v.Members {
			lines = append(lines, fmt.Sprintf("- %s %s group %s (%s)", c(m.OwnerName), m.Change, c(m.GroupName), c(m.GroupID)))
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(w, "\n### Groups and members\n\n%s\n", strings.Join(lines, "\n"))
	}
}

// markdownRule returns the rule and description cells: "old → new" for a
// changed rule.
func markdownRule(r RuleChange) (rule, desc string) {
	c := audit.MarkdownCell
	switch {
	case r.Old == nil:
		return c(RuleText(r.New, r.NewPeer)), c(r.New.Description)
	case r.New == nil:
		return c(RuleText(r.Old, r.OldPeer)), c(r.Old.Description)
	}
	rule, desc = c(RuleText(r.New, r.NewPeer)), c(r.New.Description)
	if o := c(RuleText(r.Old, r.OldPeer)); o != rule {
		rule = "~~" + o + "~~ → " + rule
	}
	if o := c(r.Old.Description); o != desc {
		desc = "~~" + cmp.Or(o, "(none)") + "~~ → " + cmp.Or(desc, "(none)")
	}
	return rule, desc
}

func severityMark(s audit.Severity) string {
	switch s {
	case audit.Error:
		return "🔴 error"
	case audit.Warning:
		return "🟠 warning"
	}
	return "🔵 info"
}

// subject names what a finding is about: group name and rule, or the id.
func subject(f audit.Finding) string {
	if f.GroupName != "" && f.Subject == audit.SubjectRule {
		return f.GroupName + " " + f.SubjectID
	}
	if f.GroupName != "" {
		return f.GroupName + " (" + f.SubjectID + ")"
	}
	return f.SubjectID
}
