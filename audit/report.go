package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// TextOptions tune [WriteText].
type TextOptions struct {
	// Color adds ANSI colours (for a terminal).
	Color bool
}

var severityOrder = []Severity{Error, Warning, Info}

var ansi = map[Severity]string{Error: "\x1b[1;31m", Warning: "\x1b[33m", Info: "\x1b[36m"}

const ansiReset, ansiDim = "\x1b[0m", "\x1b[2m"

// WriteText writes fs for people: grouped by severity, errors first, each
// finding's id and subject on one line and its message on the next, then a
// summary line. Names and messages are printed with control and
// bidirectional-override characters escaped, so a hostile group name cannot
// move the cursor or recolour a terminal. It returns the first write error.
func WriteText(w io.Writer, fs []Finding, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + ansiReset
	}
	n := Count(fs)
	for _, sev := range severityOrder {
		if n[sev] == 0 {
			continue
		}
		fmt.Fprintf(bw, "%s\n", paint(ansi[sev], fmt.Sprintf("%s (%d)", strings.ToUpper(string(sev)), n[sev])))
		for _, f := range fs {
			if f.Severity != sev {
				continue
			}
			fmt.Fprintf(bw, "  %s  %s\n", paint(ansi[sev], f.ID), safeText(subjectText(f)))
			fmt.Fprintf(bw, "    %s\n", safeText(f.Message))
			if !f.Location.IsZero() {
				fmt.Fprintf(bw, "    at %s\n", safeText(f.Location.String()))
			}
			fmt.Fprintf(bw, "    %s\n", paint(ansiDim, f.HelpURI))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, Summary(fs))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write findings: %w", err)
	}
	return nil
}

// Summary is a one-line count: "16 findings: 1 error, 12 warnings, 3 info"
// or "no findings".
func Summary(fs []Finding) string {
	if len(fs) == 0 {
		return "no findings"
	}
	n := Count(fs)
	plural := func(k int, s string) string {
		if k == 1 || s == "info" {
			return fmt.Sprintf("%d %s", k, s)
		}
		return fmt.Sprintf("%d %ss", k, s)
	}
	return fmt.Sprintf("%s: %s, %s, %s", plural(len(fs), "finding"),
		plural(n[Error], "error"), plural(n[Warning], "warning"), plural(n[Info], "info"))
}

// subjectText locates a finding: account/region/vpc, the group, the rule
// or ENI.
func subjectText(f Finding) string {
	var parts []string
	if loc := strings.Trim(strings.Join([]string{f.AccountID, f.Region, f.VPCID}, "/"), "/"); loc != "" {
		parts = append(parts, loc)
	}
	if f.GroupID != "" {
		g := f.GroupID
		if f.GroupName != "" {
			g += " (" + clip(f.GroupName, 80) + ")"
		}
		parts = append(parts, g)
	}
	switch f.Subject {
	case SubjectRule:
		parts = append(parts, "rule "+f.RuleID)
	case SubjectENI, SubjectOwner:
		parts = append(parts, f.Subject+" "+f.SubjectID)
	}
	return strings.Join(parts, "  ")
}

// safeText escapes control characters (ANSI escapes, newlines, NUL) and
// bidirectional formatting characters (right-to-left overrides) as \uXXXX.
func safeText(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool { return unicode.IsControl(r) || isBidi(r) }

func isBidi(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// WriteJSON writes fs as an indented JSON array of [Finding] ("[]" when
// empty). It returns the first write error.
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fs); err != nil {
		return fmt.Errorf("write findings json: %w", err)
	}
	return nil
}
