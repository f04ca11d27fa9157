package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
)

func TestFindingsExports(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v7"})
	snap, _ := demo.Get("antipattern")
	fs := audit.Run(snap, audit.Options{})
	var js, sarif, csv bytes.Buffer
	audit.WriteJSON(&js, fs)
	audit.WriteSARIF(&sarif, fs, "v7")
	audit.WriteCSV(&csv, audit.RuleTable(snap, fs))
	for _, tt := range []struct {
		path, ctype string
		want        []byte
	}{
		{"/snapshots/demo-antipattern/findings.json", "application/json", js.Bytes()},
		{"/snapshots/demo-antipattern/findings.sarif", "application/sarif+json", sarif.Bytes()},
		{"/snapshots/demo-antipattern/rules.csv", "text/csv; charset=utf-8", csv.Bytes()},
	} {
		w := do(t, s, "GET", tt.path, nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != tt.ctype {
			t.Errorf("GET %s = %d %q, want 200 %q", tt.path, w.Code, w.Header().Get("Content-Type"), tt.ctype)
		}
		if !bytes.Equal(w.Body.Bytes(), tt.want) {
			t.Errorf("GET %s differs from the CLI's output", tt.path)
		}
		checkHeaders(t, tt.path, w)
	}
	if w := do(t, s, "GET", "/snapshots/nope/findings.sarif", nil); w.Code != 404 || !strings.Contains(w.Body.String(), `"not_found"`) {
		t.Errorf("unknown snapshot findings = %d %s", w.Code, w.Body)
	}
	if !strings.Contains(js.String(), "name-describes-rules") {
		t.Fatalf("antipattern demo has no name-describes-rules finding: the test cannot check anything")
	}
}

func TestFindingsOnPages(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	home := do(t, s, "GET", "/", nil).Body.String()
	i := strings.Index(home, `data-snapshot="demo-antipattern"`)
	if i < 0 || !strings.Contains(home[i:], `<span class="sev-warning" title="warnings">`) || strings.Contains(home[i:i+3000], `title="warnings">0<`) {
		t.Errorf("home does not show the antipattern demo's warnings")
	}
	page := do(t, s, "GET", "/snapshots/demo-antipattern", nil).Body.String()
	for _, want := range []string{`<table id="finding-groups"`, `<tr class="finding-group" data-finding="name-describes-rules" data-vpc="vpc-`,
		`href="/snapshots/demo-antipattern/findings?id=name-describes-rules&amp;vpc=vpc-`, `id="all-findings" href="/snapshots/demo-antipattern/findings"`,
		`href="/snapshots/demo-antipattern/findings.sarif"`, `href="/snapshots/demo-antipattern/rules.csv"`} {
		if !strings.Contains(page, want) {
			t.Errorf("snapshot page lacks %q", want)
		}
	}
	list := do(t, s, "GET", "/snapshots/demo-antipattern/findings", nil).Body.String()
	for _, want := range []string{`<table id="findings">`, `<tr class="finding" data-finding="name-describes-rules" data-severity="warning" data-subject="sg-`,
		`findings=1&amp;focus=sg-`} {
		if !strings.Contains(list, want) {
			t.Errorf("findings page lacks %q", want)
		}
	}
}

func TestDiagramSVG_FindingsSameBytesAsCLI(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap, _ := demo.Get("antipattern")
	vpc := snap.VPCIDs()[0]
	g, err := graph.Build(snap, vpc, graph.Options{View: graph.Overview, SnapshotID: snap.ID})
	if err != nil {
		t.Fatal(err)
	}
	g.Annotate(audit.Annotations(audit.Run(snap, audit.Options{}), vpc))
	if len(g.Annotations) == 0 {
		t.Fatal("antipattern overview has no annotations: the test cannot check anything")
	}
	var dot bytes.Buffer
	graph.WriteDOT(&dot, g)
	want, err := testRenderer.SVG(context.Background(), dot.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	w := do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc+"/diagram.svg?findings=1", nil)
	if !bytes.Equal(w.Body.Bytes(), want) {
		t.Errorf("diagram.svg?findings=1 differs from the CLI's render -findings bytes")
	}
	// The antipattern VPC has warnings: the overlay is on by default, and
	// findings=0 turns it off.
	if def := do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc+"/diagram.svg", nil); !bytes.Equal(def.Body.Bytes(), want) {
		t.Errorf("diagram.svg without findings= lacks the overlay on a VPC with warnings")
	}
	plain := do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc+"/diagram.svg?findings=0", nil)
	if bytes.Equal(plain.Body.Bytes(), want) || plain.Code != 200 {
		t.Errorf("findings=0 does not turn the overlay off")
	}
	// The article's VPC has no warnings: off by default.
	if p := do(t, s, "GET", articleBase, nil).Body.String(); !strings.Contains(p, `name="findings" value="1">`) {
		t.Errorf("the article page's Findings box is checked by default")
	}
	// The page's checkbox follows the default, and a form sending its
	// hidden findings=0 before the checked box means on.
	page := do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc, nil).Body.String()
	if !strings.Contains(page, `name="findings" value="1" checked`) {
		t.Errorf("the antipattern page's Findings box is not checked by default")
	}
	off := do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc+"?findings=0&findings=1", nil).Body.String()
	if !strings.Contains(off, `name="findings" value="1" checked`) {
		t.Errorf("findings=0&findings=1 (hidden field, then the checked box) is not on")
	}
	// The panel shows a group's findings whether or not the diagram does.
	d := mustPageData(t, s, do(t, s, "GET", "/snapshots/demo-antipattern/vpcs/"+vpc, nil).Body.String())
	n := 0
	for _, g := range d["groups"].(map[string]any) {
		n += len(g.(map[string]any)["findings"].([]any))
	}
	if n == 0 {
		t.Errorf("page data groups carry no findings")
	}
}
