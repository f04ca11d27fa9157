package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/sgmap/sgmap/store/s3store"
)

// The deployment files (docs/deploy.md) draw themselves: `sgmap import`
// of the CloudFormation template and of the Terraform module's plan gives
// the load balancer's group, the tasks' group, and the edges Internet →
// load balancer (80, 443), load balancer → tasks (8080) and tasks →
// Internet (443), with the load balancer and the dashboard service inside
// their groups.

const (
	cfnTemplate = "../../deploy/cloudformation/sgmap.yaml"
	tfPlan      = "../../deploy/terraform/testdata/plan/plan.json"
)

// deployGraph is the part of the graph JSON the deployment tests read.
type deployGraph struct {
	VPC    string
	Groups []struct {
		ID, Name string
		Members  []string
	}
	Nodes []struct {
		ID, Kind string
		Groups   []string
	}
	Edges []struct {
		From, To, Label, Effective, Kind string
	}
}

// mustDrawDeployment imports path (with args) and renders its one VPC as
// graph JSON.
func mustDrawDeployment(t *testing.T, path string, args ...string) deployGraph {
	t.Helper()
	snap := filepath.Join(t.TempDir(), "snap.json")
	if r := mustRun(t, nil, append(append([]string{"import", "-o", snap}, args...), path)...); r.code != 0 {
		t.Fatalf("sgmap import %s: exit %d: %s", path, r.code, r.stderr)
	}
	r := mustRun(t, nil, "render", "-snapshot", snap, "-format", "json", "-view", "detail")
	if r.code != 0 {
		t.Fatalf("sgmap render %s: exit %d: %s", path, r.code, r.stderr)
	}
	var g deployGraph
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// checkDeployment checks the groups and edges of the deployment, whose
// group, load balancer and service ids are id("alb"), … .
func checkDeployment(t *testing.T, g deployGraph, id func(string) string) {
	t.Helper()
	alb, task := id("alb"), id("task")
	var names []string
	for _, gr := range g.Groups {
		names = append(names, gr.Name)
	}
	if diff := cmp.Diff([]string{"sgmap-alb", "sgmap-task"}, names); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	member := map[string][]string{}
	for _, n := range g.Nodes {
		member[n.ID] = n.Groups
	}
	if got := member[id("lb")]; !slices.Equal(got, []string{alb}) {
		t.Errorf("load balancer %s is in %v, want %s", id("lb"), got, alb)
	}
	if got := member[id("service")]; !slices.Equal(got, []string{task}) {
		t.Errorf("dashboard service %s is in %v, want %s", id("service"), got, task)
	}
	var edges []string
	for _, e := range g.Edges {
		if e.Kind == "rule" {
			edges = append(edges, e.From+" -> "+e.To+": "+e.Label+" ("+e.Effective+")")
		}
	}
	slices.Sort(edges)
	want := []string{
		alb + " -> " + task + ": TCP 8080 (both)",
		"internet -> " + alb + ": TCP 80, 443 (both)",
		task + " -> internet: TCP 443 (both)",
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, edges); diff != "" {
		t.Errorf("rule edges (-want +got):\n%s", diff)
	}
}

func TestDeploy_CloudFormation(t *testing.T) {
	g := mustDrawDeployment(t, cfnTemplate, "-param", "VpcId=vpc-0123456789abcdef0",
		"-param", "PublicSubnetIds=subnet-0123456789abcdef0,subnet-0123456789abcdef1",
		"-param", "PrivateSubnetIds=subnet-0123456789abcdef2,subnet-0123456789abcdef3")
	if g.VPC != "vpc-0123456789abcdef0" {
		t.Errorf("VPC %q, want the VpcId parameter", g.VPC)
	}
	logical := map[string]string{"alb": "AlbSecurityGroup", "task": "TaskSecurityGroup", "lb": "LoadBalancer", "service": "DashboardService"}
	checkDeployment(t, g, func(k string) string { return "cfn:sgmap/" + logical[k] })
	// The load balancer forwards to the dashboard on 8080.
	if !slices.ContainsFunc(g.Edges, func(e struct{ From, To, Label, Effective, Kind string }) bool {
		return e.From == "cfn:sgmap/LoadBalancer" && e.To == "cfn:sgmap/DashboardService" && e.Label == "HTTP 8080"
	}) {
		t.Errorf("no edge load balancer → dashboard service HTTP 8080: %+v", g.Edges)
	}
}

func TestDeploy_Terraform(t *testing.T) {
	address := map[string]string{"alb": "aws_security_group.alb", "task": "aws_security_group.task",
		"lb": "aws_lb.sgmap", "service": "aws_ecs_service.dashboard"}
	id := func(k string) string { return "tf:module.sgmap." + address[k] }
	committed := mustDrawDeployment(t, tfPlan)
	checkDeployment(t, committed, id)

	// The committed plan is Terraform's own output for the module as it
	// is now: where Terraform and the AWS provider are at hand, plan again
	// and draw the same picture.
	if testing.Short() {
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH: the committed plan was not re-made")
	}
	if _, err := os.Stat(cmpOrEnv("TF_PLUGIN_DIR", "/opt/tf-plugins")); err != nil {
		t.Skip("no Terraform plugin folder (TF_PLUGIN_DIR): the committed plan was not re-made")
	}
	fresh := filepath.Join(t.TempDir(), "plan.json")
	out, err := exec.Command("bash", "../../scripts/deploy-plan.sh", fresh).CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/deploy-plan.sh: %v\n%s", err, out)
	}
	if diff := cmp.Diff(committed, mustDrawDeployment(t, fresh)); diff != "" {
		t.Errorf("the committed plan draws differently from a new plan of deploy/terraform: run scripts/deploy-plan.sh (-committed +new):\n%s", diff)
	}
}

func cmpOrEnv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// TestDeploy_Policies: the policies the deployment files give the
// collection are docs/iam-policy.json and docs/iam-policy-management.json
// (Terraform reads the files; the template spells them out), and both run
// `sgmap healthcheck`, as the Dockerfile does.
func TestDeploy_Policies(t *testing.T) {
	policyActions := func(path string) []string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Statement []struct{ Action []string } }
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []string
		for _, st := range p.Statement {
			out = append(out, st.Action...)
		}
		slices.Sort(out)
		return out
	}
	b, err := os.ReadFile(cfnTemplate)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"sgmap-read-only": "../../docs/iam-policy.json",
		"sgmap-organization": "../../docs/iam-policy-management.json"} {
		got := templatePolicyActions(&doc, name)
		if diff := cmp.Diff(policyActions(path), got); diff != "" {
			t.Errorf("template policy %s vs %s (-file +template):\n%s", name, path, diff)
		}
	}
	tf, err := os.ReadFile("../../deploy/terraform/iam.tf")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{`file("${path.module}/../../docs/iam-policy.json")`, `file("${path.module}/../../docs/iam-policy-management.json")`} {
		if !strings.Contains(string(tf), f) {
			t.Errorf("deploy/terraform/iam.tf does not read %s", f)
		}
	}
	health := map[string]string{
		"../../Dockerfile":              `CMD ["/usr/local/bin/sgmap", "healthcheck"]`,
		cfnTemplate:                     `Command: [CMD, /usr/local/bin/sgmap, healthcheck]`,
		"../../deploy/terraform/ecs.tf": `command     = ["CMD", "/usr/local/bin/sgmap", "healthcheck"]`,
	}
	for path, want := range health {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not check health with %s", path, want)
		}
	}
	if !slices.ContainsFunc(commands(), func(c command) bool { return c.name == "healthcheck" }) {
		t.Error("no healthcheck command")
	}
}

// templatePolicyActions finds the inline policy named name anywhere in
// the template and returns its actions, sorted.
func templatePolicyActions(n *yaml.Node, name string) []string {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "PolicyName" && n.Content[i+1].Value == name {
				var out []string
				collectActions(n, &out)
				slices.Sort(out)
				return out
			}
		}
	}
	for _, c := range n.Content {
		if got := templatePolicyActions(c, name); got != nil {
			return got
		}
	}
	return nil
}

func collectActions(n *yaml.Node, out *[]string) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "Action" {
				v := n.Content[i+1]
				if v.Kind == yaml.ScalarNode {
					*out = append(*out, v.Value)
				}
				for _, a := range v.Content {
					*out = append(*out, a.Value)
				}
				continue
			}
			collectActions(n.Content[i+1], out)
		}
		return
	}
	for _, c := range n.Content {
		collectActions(c, out)
	}
}

// TestDeploy_StorePolicy: the dashboard's and the collection's bucket
// policies in both deployment files grant exactly what the S3 store calls.
func TestDeploy_StorePolicy(t *testing.T) {
	b, err := os.ReadFile(cfnTemplate)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"ServeRole", "CollectRole"} {
		r := findKey(&doc, role)
		if r == nil {
			t.Fatalf("%s has no %s", cfnTemplate, role)
		}
		if diff := cmp.Diff(s3store.Actions, templatePolicyActions(r, "bucket")); diff != "" {
			t.Errorf("%s's bucket policy vs s3store.Actions (-store +template):\n%s", role, diff)
		}
	}
	tf, err := os.ReadFile("../../deploy/terraform/iam.tf")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`"(s3:[A-Za-z]+)"`).FindAllStringSubmatch(string(tf), -1) {
		got = append(got, m[1])
	}
	slices.Sort(got)
	if diff := cmp.Diff(s3store.Actions, slices.Compact(got)); diff != "" {
		t.Errorf("deploy/terraform/iam.tf's S3 actions vs s3store.Actions (-store +terraform):\n%s", diff)
	}
	for _, role := range []string{"serve_bucket", "collect_bucket"} {
		if !regexp.MustCompile(`resource "aws_iam_role_policy" "` + role + `" \{[^}]*policy = data\.aws_iam_policy_document\.bucket\.json`).Match(tf) {
			t.Errorf("deploy/terraform/iam.tf: %s does not attach the bucket policy", role)
		}
	}
}

// findKey returns the value of the first mapping key named key.
func findKey(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
	}
	for _, c := range n.Content {
		if got := findKey(c, key); got != nil {
			return got
		}
	}
	return nil
}
