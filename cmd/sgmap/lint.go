package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sgmap/sgmap/audit"
)

func runLint(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "lint", sourceSynopsis+" [-format text|json|json-lines|sarif] [-fail-on info|warning|error] [-ignore ID,...] [-o FILE]", `
Report findings: the article's lessons (groups named for the rules they hold
instead of what they enclose, rule sets split across groups, CIDRs where a
group reference belongs, rules without a justification) and the rule
semantics (admin ports open to the Internet, dangling references, one-sided
rules, …). Each finding says what to change; docs/findings.md explains each
one and how to suppress it (group tag sgmap:ignore, or -ignore).

A snapshot that left data out (its warnings: access denied, records an
import could not place) gets an incomplete-snapshot warning per problem, so
-fail-on warning fails on it. -format json is one object: {version,
snapshot, summary: {error, warning, info, total}, findings: [...]};
json-lines is one finding object per line.

Exit code 3 when a finding reaches -fail-on; SARIF output is accepted by
GitHub code scanning.`)
	var src sourceFlags
	src.register(fs)
	format := fs.String("format", "text", "output `format`: text (grouped by severity, coloured on a terminal), json (one report object), json-lines (one finding per line) or sarif")
	failOn := fs.String("fail-on", "", "exit with code 3 when a finding of this `severity` or worse exists: info, warning or error")
	ignore := fs.String("ignore", "", "comma-separated finding `ids` to leave out (e.g. missing-description,unused-group)")
	out := fs.String("o", "", "write to `file` (atomically) instead of standard output")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	switch *format {
	case "text", "json", "json-lines", "sarif":
	default:
		return usagef("-format must be text, json, json-lines or sarif, not %q", *format)
	}
	ignored := splitList(*ignore)
	for _, id := range ignored {
		if _, ok := audit.CheckByID(id); !ok && id != "*" {
			return usagef("-ignore: unknown finding id %q (ids: %s)", id, strings.Join(checkIDs(), ", "))
		}
	}
	if *failOn != "" {
		if _, err := audit.ParseSeverity(*failOn); err != nil {
			return usagef("-fail-on must be info, warning or error, not %q", *failOn)
		}
	}
	s, err := src.load(e)
	if err != nil {
		return err
	}
	findings := audit.Run(s, audit.Options{Ignore: ignored})
	color := *out == "" && isTerminal(e.stdout) && e.getenv("NO_COLOR") == ""
	err = writeOutput(e, *out, func(w io.Writer) error {
		switch *format {
		case "json":
			return audit.WriteReport(w, audit.NewReport(versionString(), s.ID, findings))
		case "json-lines":
			return audit.WriteJSONLines(w, findings)
		case "sarif":
			// GitHub code scanning wants a file to point alerts at: the
			// snapshot file when there is one.
			artifact := filepath.ToSlash(src.snapshot)
			if src.snapshot == stdinName {
				artifact = ""
			}
			return audit.WriteSARIFOptions(w, findings, audit.SARIFOptions{
				ToolVersion: versionString(), ArtifactURI: artifact})
		}
		return audit.WriteText(w, findings, audit.TextOptions{Color: color})
	})
	if err != nil {
		return err
	}
	if *failOn != "" && audit.MeetsThreshold(findings, *failOn) {
		return &exitCodeError{code: exitFindings}
	}
	return nil
}

func runRules(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "rules", sourceSynopsis+" [-format csv|md|json] [-o FILE]", `
Write the rule-justification table: one row per rule with account, region,
VPC, group, direction, protocol, ports, the peer resolved to what it is
(group name, Internet, VPC or subnet, prefix-list name), the rule's
description (its justification) and the findings on it. CSV cells are
neutralised against spreadsheet formula injection.`)
	var src sourceFlags
	src.register(fs)
	format := fs.String("format", "csv", "output `format`: csv, md (Markdown) or json")
	out := fs.String("o", "", "write to `file` (atomically) instead of standard output")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	switch *format {
	case "csv", "md", "json":
	default:
		return usagef("-format must be csv, md or json, not %q", *format)
	}
	s, err := src.load(e)
	if err != nil {
		return err
	}
	rows := audit.RuleTable(s, audit.Run(s, audit.Options{}))
	return writeOutput(e, *out, func(w io.Writer) error {
		switch *format {
		case "md":
			return audit.WriteMarkdown(w, rows)
		case "json":
			return audit.WriteRowsJSON(w, rows)
		}
		return audit.WriteCSV(w, rows)
	})
}

// checkIDs lists every finding id, for messages.
func checkIDs() []string {
	var ids []string
	for _, c := range audit.Checks() {
		ids = append(ids, c.ID)
	}
	return ids
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
