package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

// hostile is a template whose free text is markup, terminal escapes,
// bidirectional overrides and spreadsheet formulas, and whose structural
// values are out of range or of the wrong kind.
const hostile = `Resources:
  Evil:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: "<script>alert(1)</script>"
      GroupDescription: "\"><svg onload=alert(1)>\n\x1b[31mred\u202Egnp.exe"
      VpcId: "vpc-<b>"
      Tags:
        - {Key: "=cmd|' /C calc'!A0", Value: "@SUM(1+1)"}
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: "10.0.0.0/33"}
        - {IpProtocol: tcp, FromPort: 99999, ToPort: 99999, CidrIp: 0.0.0.0/0}
        - {IpProtocol: "<b>", FromPort: 1, ToPort: 2, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: "x", ToPort: 1, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, CidrIpv6: "::/0"}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443}
        - [not, a, mapping]
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: "\"><img src=x onerror=alert(1)>", Description: "<i>ok</i>"}
  Box:
    Type: AWS::EC2::Instance
    Properties:
      SecurityGroupIds: [!Ref Evil, !GetAtt [Nowhere, GroupId], !Sub "${Missing}"]
      Tags: [{Key: Name, Value: "<img src=x>"}]
`

// TestRead_HostileStrings: free text is kept as data (escaping is the
// writers' job, as for every other input), ids stay in the derived form,
// structural values that AWS would reject become warnings, and the
// snapshot validates.
func TestRead_HostileStrings(t *testing.T) {
	s, err := Read([]File{{Name: "evil<script>.yaml", Data: []byte(hostile)}}, Options{TakenAt: fixed})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	g := group(t, s, "cfn:evil-script-/Evil")
	if g.Name != "<script>alert(1)</script>" || !strings.Contains(g.Description, "\u202E") || g.Tags["=cmd|' /C calc'!A0"] != "@SUM(1+1)" {
		t.Errorf("free text not kept verbatim: %+v", g)
	}
	if got := ruleSet(g); len(got) != 2 {
		t.Errorf("rules = %q, want the group peer and default egress only", got)
	}
	drop := 0
	for _, w := range s.Warnings {
		if strings.HasPrefix(w.Message, "rule at ") && strings.HasSuffix(w.Message, "not drawn") {
			drop++
		}
	}
	if drop != 7 {
		t.Errorf("%d rule warnings, want 7 (one per bad rule): %v", drop, s.Warnings)
	}
	// An upload's name is the sender's: control characters must not cost
	// the rules their locations, nor the snapshot its validity.
	s2, err := Read([]File{{Name: "up\n\x1b[2Jload.yaml", Data: []byte(hostile)}}, Options{TakenAt: fixed})
	if err != nil {
		t.Fatalf("Read with a control character in the name: %v", err)
	}
	for _, g := range s2.Groups {
		for _, r := range g.Rules {
			if r.Location.File != "up??[2Jload.yaml" || r.Location.Line == 0 {
				t.Errorf("rule location = %+v", r.Location)
			}
		}
	}
	id := regexp.MustCompile(`^cfn:[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$`)
	for _, o := range s.Owners {
		if !id.MatchString(o.ID) {
			t.Errorf("owner id %q is not derived", o.ID)
		}
	}
	for _, g := range s.Groups {
		if g.ID != "vpc-<b>" && !id.MatchString(g.ID) {
			t.Errorf("group id %q is not derived", g.ID)
		}
	}
}

// TestRead_BadInput: precise errors, never a crash.
func TestRead_BadInput(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"empty", "", "template is empty"},
		{"not yaml", "Resources: [", "not a YAML or JSON template"},
		{"no resources", "AWSTemplateFormatVersion: 2010-09-09\n", "it has no Resources mapping"},
		{"alias", "Resources:\n  A: &x {Type: AWS::EC2::VPC}\n  B: *x\n", "line 3: YAML aliases (*x) are not allowed"},
		{"merge key", "Resources:\n  A:\n    <<: {Type: AWS::EC2::VPC}\n", "merge keys are not allowed"},
		{"duplicate", "Resources:\n  A: {Type: AWS::EC2::VPC}\n  A: {Type: AWS::EC2::VPC}\n", "line 3: duplicate key \"A\""},
		{"logical id", "Resources:\n  \"a<b\": {Type: AWS::EC2::VPC}\n", "logical id \"a<b\" is not alphanumeric"},
		{"no type", "Resources:\n  A: {Properties: {}}\n", "resource A has no Type"},
		{"two documents", "Resources: {}\n---\nResources: {}\n", ""},
		{"deep", "Resources: " + strings.Repeat("[", 300) + strings.Repeat("]", 300), "nested deeper than"},
		{"json syntax", `{"Resources": {"A": }`, "not a YAML or JSON template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read([]File{{Name: "t.yaml", Data: []byte(tt.data)}}, Options{})
			if tt.want == "" {
				if err != nil {
					t.Logf("Read: %v", err) // either outcome is fine; no panic is the point
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || sgmap.ErrorCode(err) != sgmap.EINVALID {
				t.Errorf("Read = %v (%s), want EINVALID containing %q", err, sgmap.ErrorCode(err), tt.want)
			}
		})
	}
	// A template that nests itself ten times over would be 10^8 stacks.
	var self strings.Builder
	self.WriteString("Resources:\n  G: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: g}}\n")
	for i := range 10 {
		fmt.Fprintf(&self, "  S%d: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: https://x/self.yaml}}\n", i)
	}
	both := []File{{Name: "root.yaml", Data: []byte("Resources:\n  S: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: self.yaml}}\n")},
		{Name: "self.yaml", Data: []byte(self.String())}}
	if s, err := Read(both, Options{}); err != nil || !hasWarning(s, "resources in all are not drawn") {
		t.Errorf("self-nesting: %v; warnings %v", err, s)
	}
	if _, err := Read([]File{{Name: "big.yaml", Data: make([]byte, MaxTemplateBytes+1)}}, Options{}); sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("oversized template: %v, want ETOOLARGE", err)
	}
	if _, err := ReadPaths([]string{filepath.Join(t.TempDir(), "missing.yaml")}, Options{}); sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
		t.Errorf("missing file: %v, want ENOTFOUND", err)
	}
}

// FuzzRead: whatever the bytes, Read returns an error or a snapshot that
// validates, and never panics.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"conditions.yaml", "cdk.out/AppStack.template.json", "cdk.out/AppStackDataNestedStack6B1D7A9F.nested.template.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(hostile))
	f.Add([]byte("Resources:\n  A: {Type: AWS::EC2::SecurityGroup, Properties: {VpcId: !ImportValue x, SecurityGroupIngress: !If [C, [], !Ref AWS::NoValue]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read([]File{{Name: "fuzz.yaml", Data: data}}, Options{TakenAt: fixed})
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("snapshot does not validate: %v\n%s", err, data)
		}
	})
}
