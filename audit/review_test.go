package audit

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

// TestIncompleteSnapshot: a snapshot that left data out cannot lint clean.
// Each warning becomes a warning finding that carries its text, so
// -fail-on warning fails and the reader sees what is missing.
func TestIncompleteSnapshot(t *testing.T) {
	f := newFixture().group("sg-1", "web-servers").eni("eni-1", "i-1", "10.0.1.5", "sg-1")
	if got := f.run(t, IDIncompleteSnapshot); len(got) != 0 {
		t.Fatalf("a complete snapshot got %v", got)
	}
	f.s.ID = "snap-1"
	f.s.Warnings = []sgmap.Warning{
		{Service: "import", Code: "import", Message: "left out 2 security groups without an ID or VPC"},
		{AccountID: fxAccount, Region: fxRegion, Service: "ec2", Operation: "DescribeSecurityGroups",
			Code: "UnauthorizedOperation", Action: "ec2:DescribeSecurityGroups", Message: "access denied"},
	}
	got := f.run(t, IDIncompleteSnapshot)
	if len(got) != 2 {
		t.Fatalf("got %d incomplete-snapshot findings, want one per warning: %v", len(got), got)
	}
	for _, x := range got {
		if x.Severity != Warning || x.Subject != SubjectSnapshot || x.SubjectID != "snap-1" {
			t.Errorf("finding %+v: want a warning about snapshot snap-1", x)
		}
	}
	msgs := got[0].Message + "\n" + got[1].Message
	for _, want := range []string{"left out 2 security groups", "access denied", "grant ec2:DescribeSecurityGroups"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages lack %q:\n%s", want, msgs)
		}
	}
	if !MeetsThreshold(Run(f.s, Options{}), "warning") {
		t.Error("-fail-on warning passes on a snapshot that left data out")
	}
	if got := only(Run(f.s, Options{Ignore: []string{IDIncompleteSnapshot}}), IDIncompleteSnapshot); len(got) != 0 {
		t.Errorf("-ignore incomplete-snapshot kept %v", got)
	}
}

// TestDanglingOwners: an owner (or a bare ENI) in a group the snapshot
// does not have is a dangling reference, like a rule's; a VPC whose groups
// were not collected at all says nothing.
func TestDanglingOwners(t *testing.T) {
	f := newFixture().group("sg-1", "web-servers").
		eni("eni-1", "i-1", "10.0.1.5", "sg-1").
		eni("eni-2", "i-2", "10.0.1.6", "sg-1", "sg-gone").
		eni("eni-3", "", "10.0.1.7", "sg-gone2")
	f.s.Owners = append(f.s.Owners, sgmap.Owner{ID: "orders-fn", Kind: sgmap.OwnerLambda, Name: "orders",
		VPCID: fxVPC, AccountID: fxAccount, Region: fxRegion, GroupIDs: []string{"sg-deleted"}})
	got := f.run(t, IDDanglingReference)
	var subj []string
	for _, x := range got {
		subj = append(subj, x.Subject+" "+x.SubjectID+" "+x.GroupID)
		if x.Severity != Error || !strings.Contains(x.Message, x.GroupID) {
			t.Errorf("finding %+v: want an error naming the missing group", x)
		}
	}
	slices.Sort(subj)
	want := []string{"eni eni-3 sg-gone2", "owner i-2 sg-gone", "owner orders-fn sg-deleted"}
	if diff := cmp.Diff(want, subj); diff != "" {
		t.Errorf("dangling owners (-want +got):\n%s", diff)
	}

	// Only network interfaces exported: no group is known, none dangles.
	bare := newFixture().eni("eni-1", "i-1", "10.0.1.5", "sg-x")
	if got := bare.run(t, IDDanglingReference); len(got) != 0 {
		t.Errorf("a snapshot without groups got %v", got)
	}
}

// TestMissingDescription_DefaultEgress: AWS's default egress rule (all
// traffic to 0.0.0.0/0 and ::/0, no description) is not asked for a
// justification; a narrower undescribed egress rule still is.
func TestMissingDescription_DefaultEgress(t *testing.T) {
	f := newFixture().group("sg-1", "web-servers").eni("eni-1", "i-1", "10.0.1.5", "sg-1").
		ruleDesc("sg-1", sgmap.Egress, "-1", "0.0.0.0/0", "").
		ruleDesc("sg-1", sgmap.Egress, "-1", "::/0", "").
		ruleDesc("sg-1", sgmap.Egress, "tcp/443", "0.0.0.0/0", "").
		ruleDesc("sg-1", sgmap.Egress, "-1", "10.0.0.0/16", "")
	got := f.run(t, IDMissingDescription)
	var svc []string
	for _, x := range got {
		svc = append(svc, x.Message)
	}
	if len(got) != 2 || !strings.Contains(svc[0]+svc[1], "TCP 443") || !strings.Contains(svc[0]+svc[1], "All traffic to VPC") {
		t.Errorf("want findings for TCP 443 to the Internet and all traffic to the VPC only, got:\n%s", strings.Join(svc, "\n"))
	}
}

// TestHelpURIAbsolute: every format links to the docs with an absolute URI
// (a relative docs/findings.md#… means nothing in a CI log or SARIF upload).
func TestHelpURIAbsolute(t *testing.T) {
	fs := Run(mustDemo(t, "antipattern"), Options{})
	for _, f := range fs {
		u, err := url.Parse(f.HelpURI)
		if err != nil || !u.IsAbs() || u.Fragment != f.ID {
			t.Fatalf("finding %s help_uri %q is not an absolute link to its section", f.ID, f.HelpURI)
		}
	}
	var text, js, sarif bytes.Buffer
	if err := WriteText(&text, fs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteReport(&js, NewReport("v1", "demo-antipattern", fs)); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&sarif, fs, "v1"); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "json": js.String(), "sarif": sarif.String()} {
		if strings.Contains(strings.ReplaceAll(out, DocsURL, ""), "docs/findings.md") {
			t.Errorf("%s output has a relative docs/findings.md link", name)
		}
		if !strings.Contains(out, DocsURL+"#") {
			t.Errorf("%s output has no absolute help link", name)
		}
	}
}

// TestWriteReport: lint -format json is one object with the version, the
// snapshot, counts by severity and the findings; json-lines one finding
// per line.
func TestWriteReport(t *testing.T) {
	fs := Run(mustDemo(t, "antipattern"), Options{})
	var buf bytes.Buffer
	if err := WriteReport(&buf, NewReport("v1.2.3", "demo-antipattern", fs)); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	n := Count(fs)
	want := ReportSummary{Error: n[Error], Warning: n[Warning], Info: n[Info], Total: len(fs)}
	if back.Version != "v1.2.3" || back.Snapshot != "demo-antipattern" || back.Summary != want || want.Warning == 0 {
		t.Errorf("report head = %q %q %+v, want v1.2.3 demo-antipattern %+v", back.Version, back.Snapshot, back.Summary, want)
	}
	if diff := cmp.Diff(fs, back.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	buf.Reset()
	if err := WriteReport(&buf, NewReport("v1", "s", nil)); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("empty report = %s, %v; want findings: []", buf.String(), err)
	}
	buf.Reset()
	if err := WriteJSONLines(&buf, fs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(fs) {
		t.Fatalf("json-lines has %d lines for %d findings", len(lines), len(fs))
	}
	for i, l := range lines {
		var f Finding
		if err := json.Unmarshal([]byte(l), &f); err != nil || f.ID != fs[i].ID || f.SubjectID != fs[i].SubjectID {
			t.Errorf("line %d = %s (%v), want finding %s", i, l, err, fs[i].ID)
		}
	}
}
