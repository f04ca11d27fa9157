package audit

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
)

// Row is one rule in the rule-justification table: where it is, what it
// admits, from or to what, and why (its description), with the findings on
// it. Its JSON encoding is what rules -format json writes.
type Row struct {
	AccountID string `json:"account_id"`
	Region    string `json:"region"`
	VPCID     string `json:"vpc_id"`
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	Direction string `json:"direction"`
	// Protocol is TCP, UDP, ICMP, ICMPv6, All or "Protocol N"; Ports is
	// 8443, 8000-8999, All, an ICMP type/code (8/any) or empty.
	Protocol string `json:"protocol"`
	Ports    string `json:"ports"`
	// Peer is the resolved peer (a group's name, Internet, VPC …, subnet …,
	// a resource's name, a prefix list's name, account/sg-…); PeerValue the
	// raw CIDR, pl-… or sg-….
	Peer        string   `json:"peer"`
	PeerValue   string   `json:"peer_value"`
	Description string   `json:"description"`
	RuleID      string   `json:"rule_id"`
	Findings    []string `json:"findings"`
}

// RuleTable returns one [Row] per rule of s, ordered by account, region,
// VPC, group name and ID, then the rules' canonical order, with the ids of
// the findings in fs that are about each rule. A nil snapshot has no rows.
func RuleTable(s *sgmap.Snapshot, fs []Finding) []Row {
	if s == nil {
		return nil
	}
	a := newAuditor(s)
	onRule := map[string][]string{} // RuleID → finding ids
	for _, f := range fs {
		if f.Subject != SubjectRule {
			continue
		}
		for _, k := range append([]string{f.RuleID}, f.Related...) {
			onRule[k] = append(onRule[k], f.ID)
		}
	}
	var rows []Row
	for _, g := range a.groups() {
		for _, r := range g.Rules {
			proto, ports := protoPorts(r.Service())
			ids := onRule[RuleID(g.ID, r)]
			slices.Sort(ids)
			rows = append(rows, Row{
				AccountID: a.account(g), Region: a.region(g), VPCID: g.VPCID, GroupID: g.ID, GroupName: g.Name,
				Direction: string(r.Direction), Protocol: proto, Ports: ports,
				Peer: a.peerName(g, r.Peer), PeerValue: r.Peer.String(), Description: r.Description,
				RuleID: RuleID(g.ID, r), Findings: append([]string{}, slices.Compact(ids)...),
			})
		}
	}
	slices.SortStableFunc(rows, func(x, y Row) int {
		return cmp.Or(strings.Compare(x.AccountID, y.AccountID), strings.Compare(x.Region, y.Region),
			strings.Compare(x.VPCID, y.VPCID), strings.Compare(x.GroupName, y.GroupName),
			strings.Compare(x.GroupID, y.GroupID))
	})
	return rows
}

func protoPorts(s sgmap.Service) (proto, ports string) {
	switch s.Protocol {
	case sgmap.AllProtocols:
		return "All", "All"
	case sgmap.ProtoTCP, sgmap.ProtoUDP:
		proto = strings.ToUpper(s.Protocol)
		if s.AllPorts() {
			return proto, "All"
		}
		if s.FromPort == s.ToPort {
			return proto, strconv.Itoa(int(s.FromPort))
		}
		return proto, fmt.Sprintf("%d-%d", s.FromPort, s.ToPort)
	case sgmap.ProtoICMP, sgmap.ProtoICMPv6:
		proto = "ICMP"
		if s.Protocol == sgmap.ProtoICMPv6 {
			proto = "ICMPv6"
		}
		if s.AllPorts() {
			return proto, "All"
		}
		code := "any"
		if s.ToPort != -1 {
			code = strconv.Itoa(int(s.ToPort))
		}
		return proto, fmt.Sprintf("%d/%s", s.FromPort, code)
	}
	return "Protocol " + s.Protocol, ""
}

var csvHeader = []string{"account", "region", "vpc", "group_id", "group_name", "direction", "protocol", "ports",
	"peer", "peer_value", "description", "rule_id", "findings"}

func (r Row) cells() []string {
	return []string{r.AccountID, r.Region, r.VPCID, r.GroupID, r.GroupName, r.Direction, r.Protocol, r.Ports,
		r.Peer, r.PeerValue, r.Description, r.RuleID, strings.Join(r.Findings, " ")}
}

// WriteCSV writes rows as RFC 4180 CSV with a header line. A cell that a
// spreadsheet would read as a formula (starting with =, +, -, @, tab or
// carriage return, or with =, +, - or @ after leading spaces and line
// breaks) is prefixed with a single quote. It returns the first
// write error.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write rules csv: %w", err)
	}
	for _, r := range rows {
		cells := r.cells()
		for i, c := range cells {
			cells[i] = csvSafe(c)
		}
		if err := cw.Write(cells); err != nil {
			return fmt.Errorf("write rules csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write rules csv: %w", err)
	}
	return nil
}

// csvSafe defuses spreadsheet formula injection (OWASP "CSV Injection")
// and terminal escapes: control characters other than newline and tab, and
// bidirectional overrides, are written as \uXXXX, so a CSV printed to a
// terminal cannot retitle it, clear it or hide rows from an auditor.
func csvSafe(s string) string {
	if strings.ContainsFunc(s, csvUnsafeRune) {
		var b strings.Builder
		for _, r := range s {
			if csvUnsafeRune(r) {
				fmt.Fprintf(&b, "\\u%04X", r)
				continue
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	// Spreadsheets skip leading spaces and line breaks before reading a
	// formula, so " =1+1" and "\n=1+1" are formulas too.
	trimmed := strings.TrimLeft(s, " \t\r\n")
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) ||
		trimmed != "" && trimmed != s && strings.ContainsRune("=+-@", rune(trimmed[0])) {
		return "'" + s
	}
	return s
}

func csvUnsafeRune(r rune) bool { return r != '\n' && r != '\t' && unsafeRune(r) }

// WriteMarkdown writes rows as a GitHub-flavoured Markdown table. Cell text
// is escaped: pipes, backslashes, backticks and Markdown punctuation are
// backslash-escaped, HTML is written as entities, and newlines become
// spaces, so a hostile description cannot break the table or inject markup.
// It returns the first write error.
func WriteMarkdown(w io.Writer, rows []Row) error {
	var b strings.Builder
	b.WriteString("| Account | Region | VPC | Group | Direction | Protocol | Ports | Peer | Description | Rule | Findings |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		group := r.GroupName + " (" + r.GroupID + ")"
		peer := r.Peer
		if r.PeerValue != "" && r.PeerValue != r.Peer && !strings.Contains(r.Peer, r.PeerValue) {
			peer += " (" + r.PeerValue + ")"
		}
		cells := []string{r.AccountID, r.Region, r.VPCID, group, r.Direction, r.Protocol, r.Ports, peer,
			r.Description, r.RuleID, strings.Join(r.Findings, ", ")}
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write rules markdown: %w", err)
	}
	return nil
}

var mdReplacer = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "&", "&amp;",
)

var newlines = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

func mdEscape(s string) string { return mdReplacer.Replace(safeText(newlines.Replace(s))) }

// WriteRowsJSON writes rows as an indented JSON array ("[]" when empty).
// It returns the first write error.
func WriteRowsJSON(w io.Writer, rows []Row) error {
	if rows == nil {
		rows = []Row{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return fmt.Errorf("write rules json: %w", err)
	}
	return nil
}
