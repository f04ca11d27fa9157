package audit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

func TestRuleTable_Peers(t *testing.T) {
	f := newFixture().group("sg-a", "app").group("sg-b", "db").
		eni("eni-1", "web-1", "10.0.1.10", "sg-a").
		rule("sg-a", in, "tcp/443", "sg-b").                // ab
		rule("sg-a", in, "-1", "sg-a").                     // ac
		rule("sg-a", in, "tcp/443", "0.0.0.0/0").           // ad
		rule("sg-a", in, "tcp/8000-8999", "10.0.0.0/16").   // ae
		rule("sg-a", in, "udp/53", "10.0.1.0/24").          // af
		rule("sg-a", in, "tcp/0-65535", "10.0.1.10/32").    // ag
		rule("sg-a", out, "tcp/443", "pl-s3").              // ah
		rule("sg-a", in, "icmp/8/-1", "222222222222/sg-x"). // ai
		rule("sg-a", in, "50", "sg-gone").                  // aj
		rule("sg-a", in, "tcp/5432", "172.31.0.0/16").      // ak
		rule("sg-a", in, "tcp/443", "::/0").                // al
		rule("sg-a", in, "tcp/22", "192.0.2.0/24")          // am
	f.s.PrefixLists = []sgmap.PrefixList{{ID: "pl-s3", Name: "com.amazonaws.eu-west-1.s3"}}
	f.s.Peerings = []sgmap.PeeringConnection{{ID: "pcx-1", Status: "active",
		Requester: sgmap.PeeringSide{VPCID: fxVPC, CIDRs: []string{"10.0.0.0/16"}},
		Accepter:  sgmap.PeeringSide{VPCID: "vpc-shared", CIDRs: []string{"172.31.0.0/16"}}}}
	s := f.mustValid(t)
	rows := RuleTable(s, Run(s, Options{}))
	type cell struct{ Rule, Dir, Proto, Ports, Peer, Raw string }
	var got []cell
	for _, r := range rows {
		if r.GroupID == "sg-a" {
			got = append(got, cell{r.RuleID, r.Direction, r.Protocol, r.Ports, r.Peer, r.PeerValue})
		}
	}
	want := []cell{
		{"sgr-ah", "egress", "TCP", "443", "com.amazonaws.eu-west-1.s3", "pl-s3"},
		{"sgr-ac", "ingress", "All", "All", "app (itself)", "sg-a"},
		{"sgr-ag", "ingress", "TCP", "All", "web-1 (10.0.1.10)", "10.0.1.10/32"},
		{"sgr-am", "ingress", "TCP", "22", "192.0.2.0/24", "192.0.2.0/24"},
		{"sgr-ad", "ingress", "TCP", "443", "Internet", "0.0.0.0/0"},
		{"sgr-al", "ingress", "TCP", "443", "Internet", "::/0"},
		{"sgr-ab", "ingress", "TCP", "443", "db", "sg-b"},
		{"sgr-ak", "ingress", "TCP", "5432", "peered VPC vpc-shared (172.31.0.0/16)", "172.31.0.0/16"},
		{"sgr-ae", "ingress", "TCP", "8000-8999", "VPC shop-production (10.0.0.0/16)", "10.0.0.0/16"},
		{"sgr-af", "ingress", "UDP", "53", "subnet private-a (10.0.1.0/24)", "10.0.1.0/24"},
		{"sgr-ai", "ingress", "ICMP", "8/any", "222222222222/sg-x", "222222222222/sg-x"},
		{"sgr-aj", "ingress", "Protocol 50", "", "sg-gone (not in snapshot)", "sg-gone"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	for _, r := range rows {
		if r.RuleID == "sgr-aj" && !contains(r.Findings, IDDanglingReference) {
			t.Errorf("row %s findings = %v, want dangling-reference", r.RuleID, r.Findings)
		}
		if r.Findings == nil {
			t.Errorf("row %s: Findings must be [] not null in JSON", r.RuleID)
		}
	}
}

func hostileRows() []Row {
	var rows []Row
	for i, h := range hostile {
		rows = append(rows, Row{AccountID: "123", Region: "eu-west-1", VPCID: "vpc-1", GroupID: "sg-1", GroupName: h,
			Direction: "ingress", Protocol: "TCP", Ports: "443", Peer: h, PeerValue: "10.0.0.0/16", Description: h,
			RuleID: "sgr-" + string(rune('a'+i)), Findings: []string{IDMissingDescription}})
	}
	return rows
}

func TestWriteCSV_InjectionAndRoundTrip(t *testing.T) {
	rows := hostileRows()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("read back CSV: %v", err)
	}
	if len(records) != len(rows)+1 || !cmp.Equal(records[0], csvHeader) {
		t.Fatalf("records = %d (header %v), want %d plus the header", len(records), records[0], len(rows))
	}
	for i, r := range rows {
		got := records[i+1]
		for j, want := range r.cells() {
			want = terminalSafe(want)
			if strings.ContainsAny(want[:min(1, len(want))], "=+-@\t\r") {
				want = "'" + want
			}
			if got[j] != want {
				t.Errorf("row %d cell %d = %.40q, want %.40q", i, j, got[j], want)
			}
		}
	}
	for _, rec := range records[1:] {
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %.40q starts a formula", c)
			}
		}
	}
	if i := bytes.IndexFunc(buf.Bytes(), func(r rune) bool {
		return r == 0x1b || r == 0 || r == 0x07 || r == '\u202E'
	}); i >= 0 {
		t.Errorf("the CSV carries a raw terminal escape or bidi override at byte %d", i)
	}
}

// terminalSafe is the CSV's spec for cell text: control characters other
// than newline and tab, and bidirectional formatting characters, appear as
// \uXXXX (upper-case hex).
func terminalSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		bidi := r == '\u061C' || r == '\u200E' || r == '\u200F' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || bidi {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestWriteMarkdown_Escapes(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, hostileRows()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(hostile)+2 {
		t.Fatalf("got %d lines, want %d: newlines inside cells must not split rows", len(lines), len(hostile)+2)
	}
	for i, l := range lines {
		unescaped := strings.Count(l, "|") - strings.Count(l, `\|`)
		if unescaped != 12 {
			t.Errorf("line %d has %d column separators, want 12: %.120q", i, unescaped, l)
		}
	}
	out := buf.String()
	for _, bad := range []string{"<script>", "\x1b", "\u202e", "[link](x)", "`tick`"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown contains unescaped %q", bad)
		}
	}
}

func TestWriteRowsJSON(t *testing.T) {
	rows := hostileRows()
	var buf bytes.Buffer
	if err := WriteRowsJSON(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var back []Row
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rows, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if strings.Contains(buf.String(), "<script>") {
		t.Error("JSON should escape < and > so it is safe to embed in HTML")
	}
}

func TestRun_HostileSnapshot(t *testing.T) {
	f := newFixture()
	for i, h := range hostile {
		id := "sg-h" + string(rune('a'+i))
		f.group(id, h, IgnoreTag, h)
		f.findGroup(id).Description = h
		f.ruleDesc(id, in, "tcp/22", "0.0.0.0/0", h).eni("eni-h"+string(rune('a'+i)), h, "10.0.9."+string(rune('1'+i%9)), id)
	}
	s := f.mustValid(t)
	fs := Run(s, Options{})
	if len(only(fs, IDAdminPortOpen)) != len(hostile) {
		t.Errorf("admin-port-open = %d, want one per hostile group (%d)", len(only(fs, IDAdminPortOpen)), len(hostile))
	}
	var buf bytes.Buffer
	for _, w := range []func() error{
		func() error { return WriteText(&buf, fs, TextOptions{Color: true}) },
		func() error { return WriteJSON(&buf, fs) },
		func() error { return WriteSARIF(&buf, fs, "x") },
		func() error { return WriteCSV(&buf, RuleTable(s, fs)) },
		func() error { return WriteMarkdown(&buf, RuleTable(s, fs)) },
	} {
		if err := w(); err != nil {
			t.Fatal(err)
		}
	}
	for _, x := range fs {
		if len(x.Message) > 2000 {
			t.Errorf("%s message is %d bytes: names in messages must be clipped", x.ID, len(x.Message))
		}
	}
}

// TestCSVSafe_LeadingSpace: spreadsheets read " =1+1" and "\n=1+1" as
// formulas too (issue 8 item 10); a leading space before plain text is
// left alone.
func TestCSVSafe_LeadingSpace(t *testing.T) {
	for in, want := range map[string]string{
		" =1+1":      "' =1+1",
		"\n=1+1":     "'\n=1+1",
		" \n\t @SUM": "' \n\t @SUM",
		"  -2+3":     "'  -2+3",
		" web tier":  " web tier",
		"=1":         "'=1",
		"":           "",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
