package awslive_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

// updating reports whether -update was given. The flag is shared with the
// package's internal tests, which may define it first.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "update golden files")
	}
}

// collectedAt is the injected clock of every test collection.
var collectedAt = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

func quiet(opt awslive.Options) awslive.Options {
	opt.Now = func() time.Time { return collectedAt }
	return opt
}

// mustCollect runs a collection against srv and fails the test on error.
func mustCollect(t *testing.T, srv *awsfake.Server, region string, opt awslive.Options) (*sgmap.Snapshot, awslive.Stats) {
	t.Helper()
	c := awslive.New(srv.Config(region), nil, quiet(opt))
	s, err := c.Collect(t.Context())
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return s, c.Stats()
}

func TestCollect_ArticleGolden(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	s, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	var got bytes.Buffer
	if err := s.Encode(&got); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "article.snapshot.json")
	if updating() {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("collected snapshot differs from %s (-want +got):\n%s", golden, diff)
	}
}

// TestCollect_ArticleMatchesDemo checks the round trip demo → AWS APIs →
// collector → Convert: the same groups, rules, members and owners as the
// article demo.
func TestCollect_ArticleMatchesDemo(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	got, _ := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	want, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Groups, got.Groups); diff != "" {
		t.Errorf("groups (-demo +collected):\n%s", diff)
	}
	type member struct {
		ENI, Owner, Subnet string
		Groups             []string
		IPs                []string
	}
	members := func(s *sgmap.Snapshot) []member {
		var out []member
		for _, e := range s.Interfaces {
			out = append(out, member{e.ID, e.OwnerID, e.SubnetID, e.GroupIDs, e.PrivateIPs})
		}
		return out
	}
	if diff := cmp.Diff(members(want), members(got)); diff != "" {
		t.Errorf("ENIs (-demo +collected):\n%s", diff)
	}
	type owner struct {
		ID, Name string
		Kind     sgmap.OwnerKind
		ENIs     []string
		Parent   *sgmap.Parent
		LB       *sgmap.LoadBalancer
	}
	owners := func(s *sgmap.Snapshot) []owner {
		var out []owner
		for _, o := range s.Owners {
			out = append(out, owner{o.ID, o.Name, o.Kind, o.InterfaceIDs, o.Parent, o.LoadBalancer})
		}
		return out
	}
	// ECS tasks have no name in the API (the demo calls them prometheus-N).
	ignoreTaskNames := cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Name" }, cmp.Ignore())
	if diff := cmp.Diff(owners(want), owners(got), ignoreTaskNames); diff != "" {
		t.Errorf("owners (-demo +collected):\n%s", diff)
	}
	if diff := cmp.Diff(want.VPCs, got.VPCs); diff != "" {
		t.Errorf("VPCs (-demo +collected):\n%s", diff)
	}
	if diff := cmp.Diff(want.Subnets, got.Subnets, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("subnets (-demo +collected):\n%s", diff)
	}
	if len(got.Warnings) != 0 {
		t.Errorf("warnings = %v, want none", got.Warnings)
	}
}

// TestCollect_FollowsEveryPage: the article scenario answers 1 or 2 items
// per page, so every list needs several pages; all items must arrive and
// each paginated call must have been called once per page.
func TestCollect_FollowsEveryPage(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if len(s.Interfaces) != 8 || len(s.Groups) != 3 || len(s.Owners) != 7 || len(s.Subnets) != 4 {
		t.Errorf("collected %d ENIs, %d groups, %d owners, %d subnets; want 8, 3, 7, 4",
			len(s.Interfaces), len(s.Groups), len(s.Owners), len(s.Subnets))
	}
	wantPages := map[string]int{
		"ec2:DescribeNetworkInterfaces":          4, // 8 ENIs, 2 per page
		"ec2:DescribeSecurityGroupRules":         4, // 8 rules
		"ec2:DescribeSecurityGroups":             2,
		"ec2:DescribeSubnets":                    2,
		"ec2:DescribeInstances":                  2,
		"ecs:ListTasks":                          2, // 2 tasks, 1 per page
		"ecs:DescribeTasks":                      1, // one batch for both
		"elasticloadbalancing:DescribeListeners": 2,
	}
	calls := srv.Actions()
	for action, want := range wantPages {
		if calls[action] != want {
			t.Errorf("%s called %d times, want %d", action, calls[action], want)
		}
		if st.Calls[action] != want {
			t.Errorf("Stats.Calls[%s] = %d, want %d (the fake saw %d)", action, st.Calls[action], want, calls[action])
		}
	}
}

func TestCollect_Progress(t *testing.T) {
	srv := awsfake.New(t, awsfake.Article())
	var out bytes.Buffer
	mustCollect(t, srv, "eu-west-1", awslive.Options{Progress: &out})
	got := out.String()
	for _, want := range []string{
		"123456789012 eu-west-1: ec2 done (",
		"123456789012 eu-west-1: ecs done (3 resources)",
		"12/12 services\n",
		// sts 1; ec2 19 (vpcs 1, subnets 2, groups 2, rules 4, ENIs 4,
		// instances 2, prefix lists, endpoints, NAT, peerings 1 each);
		// elbv2 5; elb 1; ecs 6; lambda 1; rds 2; elasticache, redshift,
		// kafka, efs, opensearch and eks 1 each.
		"collected 1 account(s), 1 region(s): 3 groups, 8 ENIs, 8 rules, 0 warning(s); 41 API calls (41 HTTP requests)",
	} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("progress output lacks %q:\n%s", want, got)
		}
	}
}
