package cloudformation

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

// withoutLocations returns a copy of s without file and line provenance.
func withoutLocations(s *sgmap.Snapshot) *sgmap.Snapshot {
	c := *s
	c.Groups = nil
	for _, g := range s.Groups {
		g.Location = sgmap.Location{}
		rules := make([]sgmap.Rule, len(g.Rules))
		for i, r := range g.Rules {
			r.Location = sgmap.Location{}
			rules[i] = r
		}
		g.Rules = rules
		c.Groups = append(c.Groups, g)
	}
	return &c
}

// lineOf returns line n (1-based) of file.
func lineOf(t *testing.T, file string, n int) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		t.Fatalf("%s has no line %d", file, n)
	}
	return strings.TrimSpace(string(lines[n-1]))
}

// TestRead_Locations: groups point at their logical id's line, inline
// rules at their item, standalone rules at their resource, in YAML and JSON.
func TestRead_Locations(t *testing.T) {
	path := filepath.Join("testdata", "conditions.yaml")
	s := mustRead(t, Options{}, path)
	app := group(t, s, "cfn:conditions/AppGroup")
	if app.Location.File != path || lineOf(t, path, app.Location.Line) != "AppGroup:" {
		t.Errorf("AppGroup at %v (%q)", app.Location, lineOf(t, path, app.Location.Line))
	}
	want := map[string]string{
		"ingress TCP 8080 10.20.0.0/16":                     "- {IpProtocol: tcp, FromPort: !Select [0, !Ref Ports], ToPort: !Select [0, !Ref Ports], CidrIp: !Ref AdminCidr}",
		"ingress TCP 8443 10.20.0.0/16":                     "- IpProtocol: tcp",
		"egress TCP 9100 cfn:import/shared:MonitoringGroup": "AppToMonitoring:",
		"egress All traffic 0.0.0.0/0":                      "AppGroup:",
	}
	for _, r := range app.Rules {
		key := string(r.Direction) + " " + r.Service().Label() + " " + r.Peer.String()
		if got := lineOf(t, path, r.Location.Line); got != want[key] {
			t.Errorf("rule %s at line %d %q, want %q", key, r.Location.Line, got, want[key])
		}
	}
	dir := mustSharedData(t, "aws-cloudformation-templates")
	jpath := filepath.Join(dir, "ECS_FargateLaunchType_clusters_private-vpc.json")
	j := mustRead(t, Options{}, jpath)
	g := group(t, j, "cfn:ECS_FargateLaunchType_clusters_private-vpc/PublicLoadBalancerSG")
	if got := lineOf(t, jpath, g.Location.Line); got != `"PublicLoadBalancerSG": {` {
		t.Errorf("JSON group at line %d %q", g.Location.Line, got)
	}
	for _, r := range g.Rules {
		if r.Direction == sgmap.Ingress && !strings.Contains(lineOf(t, jpath, r.Location.Line), "{") {
			t.Errorf("JSON rule at line %d %q, want the item's opening brace", r.Location.Line, lineOf(t, jpath, r.Location.Line))
		}
	}
}
