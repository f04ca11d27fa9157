package awscli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/internal/shareddata"
)

// sharedData is the folder of third-party AWS samples next to the repo.
const sharedData = "../../../shared/data/aws"

// unusable lists the sample files that hold nothing sgmap draws, and why;
// importing one alone must be a clear error.
var unusable = map[string]string{
	"aws-cli-examples/ec2-describe-instances-ex5.json":                 "--query output of placement data",
	"aws-cli-examples/ec2-describe-security-groups-ex3.json":           "--query output with renamed keys (Name, ID)",
	"aws-cli-examples/ec2-describe-launch-template-versions-ex1.json":  "launch templates are not drawn",
	"aws-cli-examples/ec2-describe-security-group-references-ex1.json": "references name no rule or member",
	"botocore-examples/ec2-DescribeLaunchTemplateVersions-1.json":      "launch templates are not drawn",
	"botocore-examples/ec2-DescribeSecurityGroupReferences-1.json":     "references name no rule or member",
	"cartography/ec2-launch_templates.json":                            "launch templates are not drawn",
}

func sharedFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedData, "*", "*.json"))
	if len(files) == 0 {
		shareddata.Missing(t, sharedData, os.ErrNotExist)
	}
	return files
}

// expected is what a sample file holds, counted from its JSON independently
// of the importer: every object of a known shape anywhere in the file.
type expected struct {
	groups    map[string]int // group ID → distinct rules (peers) in IpPermissions*
	stale     []string       // groups of StaleSecurityGroupSet
	sgrGroups []string       // groups named by SecurityGroupRules rows
	enis      map[string][]string
	instances []string
	vpcs      []string
	subnets   []string
	peerings  []string
	lbs       []string
	tasks     []string
	dbs       []string
	// presenceOnly skips rule counts and ENI group sets.
	presenceOnly bool
}

func countExpected(v any, e *expected) {
	switch x := v.(type) {
	case []any:
		for _, it := range x {
			countExpected(it, e)
		}
		return
	case map[string]any:
		str := func(k string) string { s, _ := x[k].(string); return s }
		_, hasPerms := x["IpPermissions"]
		_, hasEgress := x["IpPermissionsEgress"]
		_, hasStale := x["StaleIpPermissions"]
		_, hasGroups := x["Groups"]
		_, hasImage := x["ImageId"]
		_, hasAccepter := x["AccepterVpcInfo"]
		switch {
		case str("GroupId") != "" && (hasPerms || hasEgress):
			e.groups[str("GroupId")] = countPeers(x)
		case str("GroupId") != "" && hasStale:
			e.stale = append(e.stale, str("GroupId"))
		case str("SecurityGroupRuleId") != "":
			e.sgrGroups = append(e.sgrGroups, str("GroupId"))
		case str("NetworkInterfaceId") != "" && hasGroups:
			var gs []string
			for _, g := range x["Groups"].([]any) {
				if m, ok := g.(map[string]any); ok {
					s, _ := m["GroupId"].(string)
					gs = append(gs, s)
				}
			}
			slices.Sort(gs)
			e.enis[str("NetworkInterfaceId")] = gs
		case str("InstanceId") != "" && hasImage:
			if st, _ := x["State"].(map[string]any); st == nil || st["Name"] != "terminated" {
				e.instances = append(e.instances, str("InstanceId"))
			}
		case str("VpcPeeringConnectionId") != "" && hasAccepter:
			e.peerings = append(e.peerings, str("VpcPeeringConnectionId"))
		case str("SubnetId") != "" && str("CidrBlock") != "":
			e.subnets = append(e.subnets, str("SubnetId"))
		case str("VpcId") != "" && str("CidrBlock") != "" && str("State") != "":
			e.vpcs = append(e.vpcs, str("VpcId"))
		case str("LoadBalancerArn") != "" && str("LoadBalancerName") != "":
			e.lbs = append(e.lbs, str("LoadBalancerArn"))
		case str("taskArn") != "" && str("taskDefinitionArn") != "" && str("lastStatus") != "STOPPED":
			e.tasks = append(e.tasks, str("taskArn"))
		case str("DBInstanceIdentifier") != "" && str("DBInstanceClass") != "":
			e.dbs = append(e.dbs, str("DBInstanceIdentifier"))
		}
		for _, val := range x {
			countExpected(val, e)
		}
	}
}

// countPeers counts the distinct (direction, protocol, ports, peer,
// description) tuples of a group: one rule each.
func countPeers(g map[string]any) int {
	seen := map[string]bool{}
	for _, dir := range []string{"IpPermissions", "IpPermissionsEgress"} {
		perms, _ := g[dir].([]any)
		for _, p := range perms {
			pm, _ := p.(map[string]any)
			b, _ := json.Marshal([]any{dir, pm["IpProtocol"], pm["FromPort"], pm["ToPort"]})
			for _, list := range []string{"IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"} {
				peers, _ := pm[list].([]any)
				for _, peer := range peers {
					pb, _ := json.Marshal(peer)
					seen[string(b)+string(pb)] = true
				}
			}
		}
	}
	return len(seen)
}

// TestImport_SharedData imports every sample file alone and checks that the
// groups, rules, ENIs and owners it holds are in the snapshot.
func TestImport_SharedData(t *testing.T) {
	for _, path := range sharedFiles(t) {
		rel, _ := filepath.Rel(sharedData, path)
		t.Run(rel, func(t *testing.T) {
			s, err := ImportOptions{TakenAt: testTime}.Import([]string{path})
			if why, ok := unusable[filepath.ToSlash(rel)]; ok {
				if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), filepath.Base(path)) {
					t.Errorf("Import = %v, want an %s error naming the file (%s)", err, sgmap.EINVALID, why)
				}
				return
			}
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			data, _ := os.ReadFile(path)
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Fatal(err)
			}
			e := &expected{groups: map[string]int{}, enis: map[string][]string{}}
			countExpected(v, e)
			checkExpected(t, s, e)
			// Every timestamp format and enum value in the samples decodes.
			for _, w := range s.Warnings {
				if strings.Contains(w.Message, "unexpected shape") {
					t.Errorf("warning: %s", w.Message)
				}
			}
		})
	}
}

func checkExpected(t *testing.T, s *sgmap.Snapshot, e *expected) {
	t.Helper()
	x := sgmap.NewIndex(s)
	for id, rules := range e.groups {
		g := x.Groups[id]
		if g == nil {
			t.Errorf("group %s missing", id)
			continue
		}
		if got := len(g.Rules); got != rules && !e.presenceOnly && !slices.Contains(e.sgrGroups, id) {
			t.Errorf("group %s has %d rules, want %d (one per peer)", id, got, rules)
		}
	}
	for _, id := range e.stale {
		if x.Groups[id] == nil {
			t.Errorf("stale group %s missing", id)
		}
	}
	for _, id := range e.sgrGroups {
		if _, ok := e.groups[id]; ok {
			continue
		}
		if !slices.ContainsFunc(s.Warnings, func(w sgmap.Warning) bool { return strings.Contains(w.Message, id) }) {
			t.Errorf("rules of %s (group not in the file) dropped without a warning naming it", id)
		}
	}
	for id, groups := range e.enis {
		got := x.Interfaces[id]
		if got == nil {
			t.Errorf("ENI %s missing", id)
			continue
		}
		if !e.presenceOnly && !slices.Equal(got.GroupIDs, groups) {
			t.Errorf("ENI %s groups = %v, want %v", id, got.GroupIDs, groups)
		}
	}
	owners := func(kind string, ids []string) {
		for _, id := range ids {
			if x.Owners[id] == nil {
				t.Errorf("%s %s missing from owners", kind, id)
			}
		}
	}
	owners("instance", e.instances)
	owners("load balancer", e.lbs)
	owners("ECS task", e.tasks)
	owners("DB instance", e.dbs)
	for _, id := range e.vpcs {
		if x.VPCs[id] == nil {
			t.Errorf("VPC %s missing", id)
		}
	}
	for _, id := range e.subnets {
		if x.Subnets[id] == nil {
			t.Errorf("subnet %s missing", id)
		}
	}
	for _, id := range e.peerings {
		if !slices.ContainsFunc(s.Peerings, func(p sgmap.PeeringConnection) bool { return p.ID == id }) {
			t.Errorf("peering %s missing", id)
		}
	}
}

// TestImport_SharedDataTogether imports every usable sample at once: the
// files come from unrelated accounts, so this checks that merging them
// neither fails nor loses anything.
func TestImport_SharedDataTogether(t *testing.T) {
	var paths []string
	e := &expected{groups: map[string]int{}, enis: map[string][]string{}}
	for _, path := range sharedFiles(t) {
		rel, _ := filepath.Rel(sharedData, path)
		if _, ok := unusable[filepath.ToSlash(rel)]; ok {
			continue
		}
		paths = append(paths, path)
		data, _ := os.ReadFile(path)
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		countExpected(v, e)
	}
	s, err := ImportOptions{TakenAt: testTime}.Import(paths)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	// The same IDs recur across samples (sg-903004f8 in several AWS docs)
	// with different contents; the first file wins, so only presence counts.
	e.presenceOnly = true
	checkExpected(t, s, e)
}

// TestImport_KnownFacts checks specific facts of specific samples.
func TestImport_KnownFacts(t *testing.T) {
	sharedFiles(t)
	imp := func(t *testing.T, rel ...string) (*sgmap.Snapshot, *sgmap.Index) {
		t.Helper()
		var paths []string
		for _, r := range rel {
			paths = append(paths, filepath.Join(sharedData, r))
		}
		s, err := ImportOptions{TakenAt: testTime}.Import(paths)
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		return s, sgmap.NewIndex(s)
	}
	t.Run("stale peered reference", func(t *testing.T) {
		_, x := imp(t, "aws-cli-examples/ec2-describe-stale-security-groups-ex1.json")
		g := x.Groups["sg-fe6fba9a"]
		if g == nil || len(g.Egress()) != 1 {
			t.Fatalf("sg-fe6fba9a = %+v, want one stale egress rule", g)
		}
		p := g.Egress()[0].Peer
		if !p.Stale || p.Value != "sg-ef6fba8b" || p.PeeringID != "pcx-b04deed9" || p.VPCID != "vpc-7a20e51f" {
			t.Errorf("peer = %+v, want stale sg-ef6fba8b in vpc-7a20e51f via pcx-b04deed9", p)
		}
	})
	t.Run("classic ELB ENI resolved from its description", func(t *testing.T) {
		s, x := imp(t, "cartography/ec2-network_interfaces.json")
		var elb *sgmap.NetworkInterface
		for i := range s.Interfaces {
			if s.Interfaces[i].Description == "ELB new-life-001" {
				elb = &s.Interfaces[i]
			}
		}
		if elb == nil || x.Owners[elb.OwnerID] == nil {
			t.Fatalf("ELB ENI = %+v, want an owner", elb)
		}
		if o := x.Owners[elb.OwnerID]; o.Kind != sgmap.OwnerLoadBalancer || o.Name != "new-life-001" || o.LoadBalancer.Type != "classic" {
			t.Errorf("owner = %s %q %+v, want classic load balancer new-life-001", o.Kind, o.Name, o.LoadBalancer)
		}
	})
	t.Run("entries of an unnamed prefix list are reported, not guessed", func(t *testing.T) {
		s, _ := imp(t, "aws-cli-examples/ec2-describe-managed-prefix-lists-ex1.json", "aws-cli-examples/ec2-get-managed-prefix-list-entries-ex1.json")
		n := 0
		for _, p := range s.PrefixLists {
			n += len(p.Entries)
		}
		// The example lists two prefix lists, so the entries cannot be
		// paired: they must be reported, not guessed.
		if n != 0 || !slices.ContainsFunc(s.Warnings, func(w sgmap.Warning) bool { return strings.Contains(w.Message, "prefix list entries") }) {
			t.Errorf("entries = %d, warnings = %+v; want 0 and a warning", n, s.Warnings)
		}
	})
	t.Run("target health paired through the botocore input", func(t *testing.T) {
		s, _ := imp(t, "botocore-examples/elbv2-DescribeLoadBalancers-1.json", "botocore-examples/elbv2-DescribeTargetGroups-1.json",
			"botocore-examples/elbv2-DescribeTargetHealth-1.json")
		var targets int
		for _, o := range s.Owners {
			if o.LoadBalancer != nil {
				for _, tg := range o.LoadBalancer.TargetGroups {
					targets += len(tg.Targets)
				}
			}
		}
		if targets != 2 {
			t.Errorf("targets = %d, want the 2 of DescribeTargetHealth-1", targets)
		}
	})
	t.Run("cartography listeners and target groups nested in load balancers", func(t *testing.T) {
		_, x := imp(t, "cartography/ec2-load_balancer_v2s.json")
		o := x.Owners["arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/test-alb/1234567890123456"]
		if o == nil || o.LoadBalancer == nil {
			t.Fatal("test-alb missing")
		}
		want := []sgmap.Listener{{Protocol: "HTTP", Port: 80}, {Protocol: "HTTPS", Port: 443}}
		if !slices.Equal(o.LoadBalancer.Listeners, want) {
			t.Errorf("listeners = %v, want %v", o.LoadBalancer.Listeners, want)
		}
		var targets []string
		for _, tg := range o.LoadBalancer.TargetGroups {
			for _, tt := range tg.Targets {
				targets = append(targets, fmt.Sprintf("%s:%d", tt.ID, tt.Port))
			}
		}
		wantTargets := []string{"i-0987654321fedcba0:80", "i-1234567890abcdef0:80", "10.0.0.50:8080", "10.0.0.51:8080"}
		slices.Sort(targets)
		slices.Sort(wantTargets)
		if !slices.Equal(targets, wantTargets) {
			t.Errorf("targets = %v, want %v", targets, wantTargets)
		}
	})
	t.Run("cartography placeholders are reported", func(t *testing.T) {
		s, _ := imp(t, "cartography/ec2-load_balancers.json")
		if !slices.ContainsFunc(s.Warnings, func(w sgmap.Warning) bool { return strings.Contains(w.Message, "<LOAD_BALANCER_LISTENERS>") }) {
			t.Errorf("warnings = %+v, want one naming <LOAD_BALANCER_LISTENERS>", s.Warnings)
		}
	})
	t.Run("ECS timestamps in epoch seconds and with -04:00 offsets decode", func(t *testing.T) {
		// describe-services-ex1 prints createdAt as epoch seconds; its
		// service is what the task's group names.
		s, _ := imp(t, "aws-cli-examples/ecs-describe-tasks-ex1.json", "aws-cli-examples/ecs-describe-services-ex1.json")
		if len(s.Owners) != 1 || s.Owners[0].Kind != sgmap.OwnerECSTask || s.Owners[0].Parent == nil || s.Owners[0].Parent.Name != "testupdate" {
			t.Fatalf("owners = %+v, want one ECS task of service testupdate", s.Owners)
		}
		for _, w := range s.Warnings {
			if strings.Contains(w.Message, "unexpected shape") {
				t.Errorf("warning %q: a timestamp did not decode", w.Message)
			}
		}
	})
}

func TestImport_Errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "a", "VpcId": "vpc-1", "OwnerId": "111122223333"}]}`
	tests := []struct {
		name     string
		content  string
		wantCode string
		wantText string
	}{
		{"not JSON", "SecurityGroups: []", sgmap.EINVALID, "line 1, column 1"},
		{"truncated", "{\n  \"SecurityGroups\": [\n    {\"GroupId\": \"sg-1\"", sgmap.EINVALID, "truncated at line 3"},
		{"empty", "  \n", sgmap.EINVALID, "empty"},
		{"two values", good + " {}", sgmap.EINVALID, "after the JSON value"},
		{"nothing recognised", `{"Foo": [1, 2], "Bar": {"x": 1}}`, sgmap.EINVALID, "no AWS CLI output"},
		{"a top-level string", `"SecurityGroups"`, sgmap.EINVALID, "no AWS CLI output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(strings.ReplaceAll(tt.name, " ", "-")+".json", tt.content)
			_, err := Import([]string{p})
			if sgmap.ErrorCode(err) != tt.wantCode || !strings.Contains(err.Error(), tt.wantText) || !strings.Contains(err.Error(), filepath.Base(p)) {
				t.Errorf("Import = %v, want %s error naming the file and containing %q", err, tt.wantCode, tt.wantText)
			}
		})
	}
	t.Run("missing path", func(t *testing.T) {
		_, err := Import([]string{filepath.Join(dir, "nope")})
		if sgmap.ErrorCode(err) != sgmap.ENOTFOUND {
			t.Errorf("Import = %v, want %s", err, sgmap.ENOTFOUND)
		}
	})
	t.Run("no paths", func(t *testing.T) {
		if _, err := Import(nil); sgmap.ErrorCode(err) != sgmap.EINVALID {
			t.Errorf("Import(nil) = %v, want %s", err, sgmap.EINVALID)
		}
	})
	t.Run("unrecognised file next to a good one is a warning", func(t *testing.T) {
		sub := filepath.Join(dir, "folder")
		os.Mkdir(sub, 0o755)
		os.WriteFile(filepath.Join(sub, "groups.json"), []byte(good), 0o644)
		os.WriteFile(filepath.Join(sub, "other.json"), []byte(`{"Weird": [], "Keys": 1}`), 0o644)
		os.WriteFile(filepath.Join(sub, "notes.txt"), []byte(`not json`), 0o644)
		s, err := Import([]string{sub})
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if len(s.Groups) != 1 {
			t.Errorf("groups = %d, want 1", len(s.Groups))
		}
		if !slices.ContainsFunc(s.Warnings, func(w sgmap.Warning) bool {
			return strings.Contains(w.Message, "other.json") && strings.Contains(w.Message, `"Weird"`) && strings.Contains(w.Message, `"Keys"`)
		}) {
			t.Errorf("warnings = %+v, want one naming other.json and its keys", s.Warnings)
		}
	})
}

// TestImport_Hostile feeds values of the wrong shape, markup, very long and
// right-to-left text and deep nesting: no panic, no error for what can be
// kept, and the text kept verbatim (escaping is the renderer's job).
func TestImport_Hostile(t *testing.T) {
	long := strings.Repeat("<b>\"x\"</b>; ", 1000)
	hostile := "\u202egroup\"];\ndigraph{ 💥 <script>alert(1)</script>"
	doc := map[string]any{
		"SecurityGroups": []any{
			map[string]any{"GroupId": "sg-1", "GroupName": hostile, "Description": long, "VpcId": "vpc-1",
				"IpPermissions": []any{
					map[string]any{"IpProtocol": "tcp", "FromPort": "eighty", "ToPort": 80, "IpRanges": []any{map[string]any{"CidrIp": "10.0.0.0/8", "Description": hostile}}},
					map[string]any{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 99999999999, "IpRanges": "<IP_RANGES>"},
					map[string]any{"IpProtocol": "tcp", "FromPort": 70000, "ToPort": 70001, "IpRanges": []any{map[string]any{"CidrIp": "not a cidr"}}},
					map[string]any{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": []any{map[string]any{"CidrIp": "0.0.0.0/0", "Description": hostile}}},
				},
				"Tags": []any{map[string]any{"Key": "Name", "Value": long}}},
			"not an object",
			map[string]any{"GroupId": 42},
		},
		"NetworkInterfaces": []any{map[string]any{"NetworkInterfaceId": "eni-1", "VpcId": "vpc-1", "Groups": []any{map[string]any{"GroupId": "sg-1"}},
			"Description": hostile, "PrivateIpAddress": "10.0.0.1", "Attachment": map[string]any{"AttachTime": "yesterday"}}},
	}
	nested := any("x")
	for range 1000 {
		nested = []any{nested}
	}
	doc["Deep"] = nested
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ImportOptions{TakenAt: testTime}.ImportReader("hostile.json", strings.NewReader(string(data)))
	if err != nil {
		var ve *sgmap.ValidationError
		if errors.As(err, &ve) {
			t.Fatalf("Import: invalid snapshot: %v", ve)
		}
		t.Fatalf("Import: %v", err)
	}
	if len(s.Groups) != 1 || s.Groups[0].Name != hostile || s.Groups[0].Description != long {
		t.Fatalf("groups = %d, want sg-1 with its name and description verbatim", len(s.Groups))
	}
	if len(s.Groups[0].Rules) != 1 || s.Groups[0].Rules[0].Description != hostile {
		t.Errorf("rules = %+v, want only the TCP 443 rule: the others have impossible ports or no peer", s.Groups[0].Rules)
	}
	if len(s.Interfaces) != 1 || s.Interfaces[0].Description != hostile {
		t.Errorf("interfaces = %+v", s.Interfaces)
	}
	if len(s.Warnings) == 0 {
		t.Error("no warnings, want ones about the values left out")
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	if _, err := Import([]string{writeTemp(t, "deep.json", deep)}); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("Import(20000 nested lists) = %v, want %s", err, sgmap.EINVALID)
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImport_Options checks that the options fill in only what the files
// do not say.
func TestImport_Options(t *testing.T) {
	bare := writeTemp(t, "groups.json", `{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "a", "VpcId": "vpc-1"}]}`)
	s, err := ImportOptions{AccountID: "123456789012", Region: "ap-south-1", TakenAt: testTime}.Import([]string{bare})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if g := s.Groups[0]; g.AccountID != "123456789012" || g.Region != "ap-south-1" {
		t.Errorf("group account %q region %q, want the options'", g.AccountID, g.Region)
	}
	if !slices.Equal(s.Accounts, []string{"123456789012"}) || !slices.Equal(s.Regions, []string{"ap-south-1"}) || s.Source != "aws-cli" {
		t.Errorf("accounts %v regions %v source %q", s.Accounts, s.Regions, s.Source)
	}
	said := writeTemp(t, "groups.json", `{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "a", "VpcId": "vpc-1", "OwnerId": "210987654321",
		"SecurityGroupArn": "arn:aws:ec2:eu-north-1:210987654321:security-group/sg-1"}]}`)
	s, err = ImportOptions{AccountID: "123456789012", Region: "ap-south-1", TakenAt: testTime}.Import([]string{said})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if g := s.Groups[0]; g.AccountID != "210987654321" || g.Region != "eu-north-1" {
		t.Errorf("group account %q region %q, want the file's", g.AccountID, g.Region)
	}
}
