package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// hostile strings that every output must survive: quotes, newlines,
// commas, markup, DOT, terminal escapes, right-to-left text and overrides,
// emoji, formula starts and a 10,000-character string.
var hostile = []string{
	`"quoted", 'single', back\slash`, "line1\nline2\r\nline3", "a,b;c\td", `<script>alert(1)</script>`,
	`digraph { a -> b [label="x"] }`, "\x1b[31mred\x1b[0m\x00nul", "שלום עולם", "\u202egnp.exe", "🎮🔥",
	"=HYPERLINK(\"http://evil\",\"x\")", "+1", "-1", "@SUM(A1:A2)", "\tTAB", "\rCR", "| pipe | `tick` *star* [link](x)",
	strings.Repeat("long-", 2000),
}

func TestWriteText_GroupsBySeverity(t *testing.T) {
	fs := []Finding{
		{ID: IDAdminPortOpen, Severity: Error, Subject: SubjectRule, SubjectID: "sgr-1", RuleID: "sgr-1", GroupID: "sg-1", Message: "e"},
		{ID: IDMissingDescription, Severity: Warning, Subject: SubjectRule, SubjectID: "sgr-2", RuleID: "sgr-2", GroupID: "sg-1", Message: "w"},
		{ID: IDUnusedGroup, Severity: Info, Subject: SubjectGroup, SubjectID: "sg-2", GroupID: "sg-2", Message: "i"},
	}
	var plain, color bytes.Buffer
	if err := WriteText(&plain, fs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&color, fs, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	p := plain.String()
	e, w, i := strings.Index(p, "ERROR (1)"), strings.Index(p, "WARNING (1)"), strings.Index(p, "INFO (1)")
	if e < 0 || w < e || i < w {
		t.Errorf("sections out of order or missing:\n%s", p)
	}
	if !strings.HasSuffix(p, "3 findings: 1 error, 1 warning, 1 info\n") {
		t.Errorf("summary line missing:\n%s", p)
	}
	if strings.Contains(p, "\x1b") {
		t.Error("plain text contains ANSI escapes")
	}
	if !strings.Contains(color.String(), "\x1b[1;31mERROR (1)\x1b[0m") {
		t.Errorf("coloured text lacks a red ERROR header:\n%q", color.String())
	}
	var empty bytes.Buffer
	if err := WriteText(&empty, nil, TextOptions{}); err != nil || empty.String() != "no findings\n" {
		t.Errorf("WriteText(nil) = %q, %v; want \"no findings\\n\"", empty.String(), err)
	}
}

func TestWriteText_Hostile(t *testing.T) {
	var fs []Finding
	for _, h := range hostile {
		fs = append(fs, Finding{ID: IDUnusedGroup, Severity: Info, Subject: SubjectGroup, SubjectID: "sg-1",
			GroupID: "sg-1", GroupName: h, Message: h})
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, fs, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"\x1b[31mred", "\x00", "\u202e", "line1\nline2"} {
		if strings.Contains(out, bad) {
			t.Errorf("text output contains unescaped %q", bad)
		}
	}
	if !strings.Contains(out, `\u001B[31mred`) || !strings.Contains(out, `\u202E`) {
		t.Error("control and bidi characters should be shown escaped")
	}
}

func TestWriteJSON(t *testing.T) {
	fs := Run(mustDemo(t, "antipattern"), Options{})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, fs); err != nil {
		t.Fatal(err)
	}
	var back []Finding
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fs, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	var raw []map[string]any
	_ = json.Unmarshal(buf.Bytes(), &raw)
	for _, k := range []string{"id", "severity", "subject", "subject_id", "group_id", "group_name", "vpc_id", "account_id", "region", "message", "help_uri"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("finding JSON lacks %q: %v", k, raw[0])
		}
	}
	buf.Reset()
	if err := WriteJSON(&buf, nil); err != nil || strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("WriteJSON(nil) = %q, %v; want []", buf.String(), err)
	}
}

func TestMeetsThreshold(t *testing.T) {
	warn := []Finding{{Severity: Info}, {Severity: Warning}}
	tests := []struct {
		fs   []Finding
		sev  string
		want bool
	}{
		{warn, "info", true}, {warn, "warning", true}, {warn, "error", false},
		{nil, "info", false}, {[]Finding{{Severity: Error}}, "warning", true}, {warn, "bogus", false},
	}
	for _, tt := range tests {
		if got := MeetsThreshold(tt.fs, tt.sev); got != tt.want {
			t.Errorf("MeetsThreshold(%v, %q) = %v, want %v", tt.fs, tt.sev, got, tt.want)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"info": Info, " Warning ": Warning, "ERROR": Error} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSeverity("fatal"); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("ParseSeverity(fatal) error code = %q, want %q", sgmap.ErrorCode(err), sgmap.EINVALID)
	}
}

func TestAnnotations(t *testing.T) {
	s := mustDemo(t, "antipattern")
	fs := Run(s, Options{})
	anns := Annotations(fs, s.VPCs[0].ID)
	bySubject := map[string][]string{}
	for _, a := range anns {
		bySubject[a.Subject] = append(bySubject[a.Subject], a.Finding)
		if a.Severity == "" || a.Message == "" {
			t.Errorf("annotation %+v lacks severity or message", a)
		}
	}
	// same-members annotates both groups; cidr-matches-group both NLB rules.
	for _, g := range []string{"sg-0b1c2d3e4f5a60001", "sg-0b1c2d3e4f5a60002"} {
		if !contains(bySubject[g], IDSameMembers) {
			t.Errorf("group %s lacks a same-members annotation: %v", g, bySubject[g])
		}
	}
	cidr := only(fs, IDCIDRMatchesGroup)[0]
	for _, r := range append([]string{cidr.RuleID}, cidr.Related...) {
		if !contains(bySubject[r], IDCIDRMatchesGroup) {
			t.Errorf("rule %s lacks a cidr-matches-group annotation", r)
		}
	}
	if got := Annotations(fs, "vpc-other"); len(got) != 0 {
		t.Errorf("Annotations for another VPC = %d, want 0", len(got))
	}
	eni := Annotations([]Finding{{ID: IDGroupsPerENI, Subject: SubjectENI, SubjectID: "eni-1", Related: []string{"i-1"}}}, "")
	if len(eni) != 1 || eni[0].Subject != "i-1" {
		t.Errorf("an ENI finding should annotate its owner's node: %+v", eni)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestAnnotations_MatchGraph: annotation subjects are IDs the diagram
// knows, including rules without an sgr- ID (graph.Edge.Rules uses
// [RuleID] too), so graph.Annotate attaches every one of them.
func TestAnnotations_MatchGraph(t *testing.T) {
	f := newFixture().group("sg-a", "allow-ssh").group("sg-b", "bastion").
		eni("eni-1", "i-1", "10.0.1.1", "sg-a").eni("eni-2", "i-2", "10.0.1.2", "sg-b").
		ruleDesc("sg-a", in, "tcp/22", "sg-b", "").ruleDesc("sg-b", out, "tcp/22", "sg-a", "")
	for i := range f.s.Groups {
		for j := range f.s.Groups[i].Rules {
			f.s.Groups[i].Rules[j].ID = "" // rules from IaC often have no ID
		}
	}
	s := f.mustValid(t)
	fs := Run(s, Options{})
	g, err := graph.Build(s, fxVPC, graph.Options{View: graph.Detail})
	if err != nil {
		t.Fatal(err)
	}
	anns := Annotations(fs, fxVPC)
	g.Annotate(anns)
	attached := map[string]bool{}
	for _, a := range g.Annotations {
		attached[a.Finding+a.Message] = true
	}
	for _, a := range anns {
		if !attached[a.Finding+a.Message] {
			t.Errorf("annotation %s on %q did not attach to the diagram", a.Finding, a.Subject)
		}
	}
	if len(only(fs, IDMissingDescription)) != 2 {
		t.Errorf("want 2 missing-description findings on ID-less rules, got %+v", only(fs, IDMissingDescription))
	}
}
