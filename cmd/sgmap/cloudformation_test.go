package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/svgcheck"
	"github.com/sgmap/sgmap/input"
)

// sharedCloudFormation holds the third-party templates, relative to this
// package; tests that need them fail under CI=true when they are missing.
const sharedCloudFormation = "../../../shared/data/cloudformation"

func mustSharedCloudFormation(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join(sharedCloudFormation, sub)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and the third-party templates are missing: %v", err)
		}
		t.Skipf("third-party templates not present: %v", err)
	}
	return dir
}

var webTemplate = filepath.Join("testdata", "cloudformation", "web.yaml")

type sarifDoc struct {
	Runs []struct {
		Results []struct {
			RuleID    string `json:"ruleId"`
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					Region           struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// lineAt returns line n of file, trimmed.
func lineAt(t *testing.T, file string, n int) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		t.Fatalf("%s has no line %d", file, n)
	}
	return strings.TrimSpace(lines[n-1])
}

// sarifLine returns the file and line of the first result with ruleID
// whose message contains sub.
func sarifLine(t *testing.T, args []string, ruleID, sub string) (string, int) {
	t.Helper()
	r := mustRun(t, nil, append([]string{"lint", "-format", "sarif"}, args...)...)
	if r.code != 0 && r.code != 3 {
		t.Fatalf("lint: exit %d: %s", r.code, r.stderr)
	}
	var doc sarifDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, r.stdout)
	}
	for _, res := range doc.Runs[0].Results {
		if res.RuleID == ruleID && strings.Contains(res.Message.Text, sub) && len(res.Locations) > 0 {
			pl := res.Locations[0].PhysicalLocation
			return pl.ArtifactLocation.URI, pl.Region.StartLine
		}
	}
	t.Fatalf("no %s finding about %q in:\n%s", ruleID, sub, r.stdout)
	return "", 0
}

// TestCloudFormation_SARIFPointsAtTemplateLine: `sgmap lint -snapshot
// template.yaml -format sarif` puts each finding on the line that wrote
// the rule, so GitHub code scanning annotates the template.
func TestCloudFormation_SARIFPointsAtTemplateLine(t *testing.T) {
	uri, line := sarifLine(t, []string{"-snapshot", webTemplate, "-param", "Env=prod", "-param", "EnableBastion=true"},
		"admin-port-open", "BastionGroup")
	if uri != filepath.ToSlash(webTemplate) {
		t.Errorf("artifact uri = %q, want %q", uri, filepath.ToSlash(webTemplate))
	}
	if got, want := lineAt(t, webTemplate, line), "- {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}"; got != want {
		t.Errorf("line %d is %q, want %q", line, got, want)
	}

	path := filepath.Join(mustSharedCloudFormation(t, "aws-refarch-wordpress"), "aws-refarch-wordpress-02-securitygroups.yaml")
	uri, line = sarifLine(t, []string{"-snapshot", path}, "admin-port-open", "BastionSecurityGroup")
	if uri != filepath.ToSlash(path) {
		t.Errorf("artifact uri = %q, want %q", uri, filepath.ToSlash(path))
	}
	if got := lineAt(t, path, line); got != "- IpProtocol: tcp" || !strings.Contains(lineAt(t, path, line+3), "CidrIp: !Ref SshAccessCidr") {
		t.Errorf("line %d is %q (then %q), want the bastion's SSH rule", line, got, lineAt(t, path, line+3))
	}
}

// TestCloudFormation_ParamChangesThePicture: -param reaches the template
// through render, and changes the groups and edges drawn.
func TestCloudFormation_ParamChangesThePicture(t *testing.T) {
	graphOf := func(args ...string) graph.Graph {
		r := mustRun(t, nil, append([]string{"render", "-format", "json", "-snapshot", webTemplate}, args...)...)
		if r.code != 0 {
			t.Fatalf("render %v: exit %d: %s", args, r.code, r.stderr)
		}
		var g graph.Graph
		if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
			t.Fatal(err)
		}
		return g
	}
	dev, prod := graphOf(), graphOf("-param", "EnableBastion=true", "-param", "Env=prod")
	if len(dev.Groups) != 2 || len(prod.Groups) != 3 {
		t.Errorf("groups: %d without -param, %d with; want 2 and 3 (the bastion's)", len(dev.Groups), len(prod.Groups))
	}
	if len(prod.Edges) <= len(dev.Edges) {
		t.Errorf("edges: %d without -param, %d with; want more with the bastion and public HTTPS", len(dev.Edges), len(prod.Edges))
	}
	if r := mustRun(t, nil, "render", "-snapshot", webTemplate, "-param", "Env"); r.code != 2 || !strings.Contains(r.stderr, "want Key=Value") {
		t.Errorf("-param Env: exit %d, %s", r.code, r.stderr)
	}
}

// TestCloudFormation_RenderSVG: the provenance line says CloudFormation and
// the file, and the same template gives the same bytes twice.
func TestCloudFormation_RenderSVG(t *testing.T) {
	dir := t.TempDir()
	var svgs [2][]byte
	for i := range svgs {
		out := filepath.Join(dir, "web.svg")
		if r := mustRun(t, nil, "render", "-snapshot", webTemplate, "-o", out); r.code != 0 {
			t.Fatalf("render: exit %d: %s", r.code, r.stderr)
		}
		svgs[i], _ = os.ReadFile(out)
	}
	if !bytes.Equal(svgs[0], svgs[1]) {
		t.Error("two renders of one template differ")
	}
	if err := svgcheck.CheckSafe(svgs[0]); err != nil {
		t.Errorf("CheckSafe: %v", err)
	}
	if !bytes.Contains(svgs[0], []byte("CloudFormation · web.yaml")) {
		t.Error("the provenance line does not say CloudFormation · web.yaml")
	}
}

// TestCloudFormation_ImportCDKOut: `sgmap import ./cdk.out` reads the
// cloud assembly its manifest describes, nested stack included.
func TestCloudFormation_ImportCDKOut(t *testing.T) {
	r := mustRun(t, nil, "import", filepath.Join("testdata", "cloudformation", "cdk.out"))
	if r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	s, err := sgmap.ParseSnapshot([]byte(r.stdout))
	if err != nil {
		t.Fatalf("output does not load: %v", err)
	}
	if s.Source != sgmap.SourceCloudFormation || s.SourceFile != "cdk.out" {
		t.Errorf("source = %q, %q", s.Source, s.SourceFile)
	}
	want := map[string]bool{
		"cfn:AppStack/LBSecurityGroup8A41EA2B": true, "cfn:AppStack/ServiceSecurityGroupEEE5E7C1": true,
		"cfn:AppStack/DataNestedStackDataNestedStackResource9C8E5F3A/DatabaseSecurityGroup5C91FDCB": true,
	}
	for _, g := range s.Groups {
		if !want[g.ID] {
			t.Errorf("unexpected group %s", g.ID)
		}
		delete(want, g.ID)
	}
	if len(want) != 0 {
		t.Errorf("missing groups %v", want)
	}
	if len(s.Owners) != 3 {
		t.Errorf("%d owners, want the load balancer, the ECS service and the database", len(s.Owners))
	}
}

// hostileTemplate puts markup and escapes where names, descriptions and
// tags go.
const hostileTemplate = `Resources:
  Evil:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: "<script>alert(1)</script>"
      GroupDescription: "\"><svg onload=alert(1)>\u202Eexe.txt\x1b[31m"
      VpcId: vpc-1
      Tags: [{Key: "<b>", Value: "=HYPERLINK(\"x\")"}]
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0, Description: "</text><script>alert(2)</script>"}
  Box:
    Type: AWS::EC2::Instance
    Properties:
      SecurityGroupIds: [!Ref Evil]
      Tags: [{Key: Name, Value: "<img src=x onerror=alert(3)>"}]
`

// TestCloudFormation_HostileStrings: hostile names through a template get
// the guarantees every input has: a safe SVG, CSV without formulas.
func TestCloudFormation_HostileStrings(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "evil.yaml")
	if err := os.WriteFile(tpl, []byte(hostileTemplate), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "evil.svg")
	if r := mustRun(t, nil, "render", "-snapshot", tpl, "-view", "detail", "-o", out); r.code != 0 {
		t.Fatalf("render: exit %d: %s", r.code, r.stderr)
	}
	svg, _ := os.ReadFile(out)
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Errorf("CheckSafe: %v", err)
	}
	if !bytes.Contains(svg, []byte("&lt;script&gt;")) {
		t.Error("the group name is not in the SVG, escaped")
	}
	r := mustRun(t, nil, "rules", "-snapshot", tpl, "-format", "csv")
	if r.code != 0 {
		t.Fatalf("rules: exit %d: %s", r.code, r.stderr)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		for _, cell := range strings.Split(line, ",") {
			if c := strings.Trim(cell, `"`); strings.HasPrefix(c, "=") {
				t.Errorf("CSV cell %q starts a formula", c)
			}
		}
	}
}

// The -update flag may be defined by another test file of this binary;
// whichever init runs first defines it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "update golden files")
	}
}

// updatingGoldens reports whether -update was given.
func updatingGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestCloudFormation_GraphGoldens: the graph JSON of two templates, with
// a fixed time; regenerate with go test ./cmd/sgmap -run Goldens -update.
func TestCloudFormation_GraphGoldens(t *testing.T) {
	tests := []struct {
		name   string
		paths  func(t *testing.T) []string
		params map[string]string
	}{
		{"web-prod", func(*testing.T) []string { return []string{webTemplate} }, map[string]string{"Env": "prod", "EnableBastion": "true"}},
		{"wordpress", func(t *testing.T) []string {
			return []string{mustSharedCloudFormation(t, "aws-refarch-wordpress")}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := tt.paths(t)
			s, err := input.Options{Params: tt.params, TakenAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}.Import(paths)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			s.ID = tt.name
			vpc, err := pickVPC(s, "")
			if err != nil {
				t.Fatal(err)
			}
			g, err := buildGraph(s, vpc, graph.Options{SnapshotID: s.ID}, &autoBool{set: true, value: true})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := writeGraphJSON(&buf, g); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "cloudformation", tt.name+".graph.json")
			if updatingGoldens() {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("graph JSON differs from %s (run with -update and review the diff)", golden)
			}
		})
	}
}
