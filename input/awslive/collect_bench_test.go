package awslive_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

func pages(n, size int) int { return max(1, (n+size-1)/size) }

// minimumCalls is the fewest calls that can collect r, by IAM action:
// one per page of every paginated call at the APIs' maximum page sizes,
// one per batch where a batch call exists, and one per resource only
// where AWS offers nothing else (listeners per load balancer, target
// health per target group, entries per customer prefix list, stale
// groups per peered VPC).
func minimumCalls(account string, r *awsfake.Region) map[string]int {
	m := map[string]int{
		"sts:GetCallerIdentity":                      1,
		"ec2:DescribeVpcs":                           pages(len(r.VPCs), 1000),
		"ec2:DescribeSubnets":                        pages(len(r.Subnets), 1000),
		"ec2:DescribeSecurityGroups":                 pages(len(r.SecurityGroups), 1000),
		"ec2:DescribeSecurityGroupRules":             pages(len(r.SecurityGroupRules), 1000),
		"ec2:DescribeNetworkInterfaces":              pages(len(r.NetworkInterfaces), 1000),
		"ec2:DescribeInstances":                      pages(len(r.Instances), 1000),
		"ec2:DescribeManagedPrefixLists":             pages(len(r.PrefixLists), 100),
		"ec2:DescribeVpcEndpoints":                   pages(len(r.VPCEndpoints), 1000),
		"ec2:DescribeNatGateways":                    pages(len(r.NATGateways), 1000),
		"ec2:DescribeVpcPeeringConnections":          pages(len(r.Peerings), 1000),
		"elasticloadbalancing:DescribeLoadBalancers": pages(len(r.LoadBalancers), 400) + pages(len(r.ClassicLBs), 400),
		"elasticloadbalancing:DescribeTargetGroups":  pages(len(r.TargetGroups), 400),
		"elasticloadbalancing:DescribeTargetHealth":  len(r.TargetGroups),
		"ecs:ListClusters":                           pages(len(r.ECSClusters), 100),
		"lambda:ListFunctions":                       pages(len(r.LambdaFunctions), 50),
		"rds:DescribeDBInstances":                    pages(len(r.DBInstances), 100),
		"rds:DescribeDBClusters":                     pages(len(r.DBClusters), 100),
		"elasticache:DescribeCacheClusters":          pages(len(r.CacheClusters), 100),
		"redshift:DescribeClusters":                  pages(len(r.RedshiftClusters), 100),
		"kafka:ListClustersV2":                       pages(len(r.MSKClusters), 100),
		"elasticfilesystem:DescribeFileSystems":      pages(len(r.EFSFileSystems), 100),
		"es:ListDomainNames":                         1,
		"eks:ListClusters":                           pages(len(r.EKSClusters), 100),
	}
	for _, pl := range r.PrefixLists {
		if aws.ToString(pl.OwnerId) != "AWS" {
			m["ec2:GetManagedPrefixListEntries"] += pages(len(r.PrefixListEntries[aws.ToString(pl.PrefixListId)]), 100)
		}
	}
	peered := map[string]bool{}
	for _, p := range r.Peerings {
		for _, side := range []string{aws.ToString(p.RequesterVpcInfo.VpcId), aws.ToString(p.AccepterVpcInfo.VpcId)} {
			peered[side] = true
		}
	}
	if len(peered) > 0 {
		m["ec2:DescribeStaleSecurityGroups"] = len(peered)
	}
	for _, lb := range r.LoadBalancers {
		n := 0
		for _, l := range r.Listeners {
			if aws.ToString(l.LoadBalancerArn) == aws.ToString(lb.LoadBalancerArn) {
				n++
			}
		}
		m["elasticloadbalancing:DescribeListeners"] += pages(n, 400)
	}
	for _, c := range r.ECSClusters {
		services, tasks := 0, 0
		for _, s := range r.ECSServices {
			services += b2i(aws.ToString(s.ClusterArn) == c)
		}
		for _, t := range r.ECSTasks {
			tasks += b2i(aws.ToString(t.ClusterArn) == c)
		}
		m["ecs:ListServices"] += pages(services, 100)
		m["ecs:ListTasks"] += pages(tasks, 100)
		m["ecs:DescribeServices"] += (services + 9) / 10
		m["ecs:DescribeTasks"] += (tasks + 99) / 100
	}
	return m
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// longestChain is the longest sequence of calls that must happen one
// after the other: GetCallerIdentity, then the longest of the paginated
// EC2 lists (each page needs the previous page's token), groups → their
// rules (one chunk query of at most a page, when every group's rules fit),
// ListClusters → ListTasks pages → the last DescribeTasks, and load
// balancers → listeners.
func longestChain(m map[string]int, r *awsfake.Region) int {
	longest := 0
	for _, action := range []string{"ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances"} {
		longest = max(longest, m[action])
	}
	longest = max(longest, m["ec2:DescribeSecurityGroups"]+1)
	tasksPerCluster := pages(len(r.ECSTasks)/max(1, len(r.ECSClusters)), 100)
	longest = max(longest, 1+tasksPerCluster+1, 1+1)
	return 1 + longest
}

// TestCollectLarge_MinimumCalls: collecting the large account makes
// exactly the minimum number of calls of every kind.
func TestCollectLarge_MinimumCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("large scenario")
	}
	scn := awsfake.Large()
	srv := awsfake.New(t, scn)
	s, st := mustCollect(t, srv, "eu-central-1", awslive.Options{})
	if len(s.Interfaces) != 5000 || len(s.Groups) != 600 {
		t.Errorf("collected %d ENIs and %d groups, want 5000 and 600", len(s.Interfaces), len(s.Groups))
	}
	want := minimumCalls(scn.Accounts[0].ID, scn.Accounts[0].Regions[0])
	if diff := cmp.Diff(want, st.Calls); diff != "" {
		t.Errorf("calls (-minimum +made):\n%s", diff)
	}
	// The fake also sees the SDK's retries; on a loaded machine a slow
	// answer can be retried, which is not a call sgmap made.
	made := 0
	for _, n := range st.Calls {
		made += n
	}
	if st.Attempts > made {
		t.Logf("%d retried requests: the fake's counts include them", st.Attempts-made)
	} else if diff := cmp.Diff(want, srv.Actions()); diff != "" {
		t.Errorf("calls seen by the fake (-minimum +made):\n%s", diff)
	}
}

// BenchmarkCollectLarge collects the large synthetic account with 0, 20
// and 200 ms of latency per call and reports calls made against the
// minimum, and the collection's wall time (Convert excluded) against the
// longest chain of dependent calls. At 0 ms it measures CPU alone (SDK XML
// decoding of 1,000-item pages dominates); at 200 ms latency dominates
// CPU, so x-chain shows the call structure even on a busy machine.
//
//	go test ./collector -run '^$' -bench CollectLarge -benchtime 3x
func BenchmarkCollectLarge(b *testing.B) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond, 200 * time.Millisecond} {
		b.Run("latency="+latency.String(), func(b *testing.B) { benchmarkCollectLarge(b, latency) })
	}
}

func benchmarkCollectLarge(b *testing.B, latency time.Duration) {
	scn := awsfake.Large()
	scn.Latency = latency
	srv := awsfake.New(b, scn)
	r := scn.Accounts[0].Regions[0]
	minimum := minimumCalls(scn.Accounts[0].ID, r)
	total := 0
	for _, n := range minimum {
		total += n
	}
	chain := time.Duration(longestChain(minimum, r)) * latency
	var st awslive.Stats
	cpu0 := cpuTime()
	for b.Loop() {
		c := awslive.New(srv.Config("eu-central-1"), nil, awslive.Options{})
		s, err := c.Collect(b.Context())
		if err != nil || len(s.Interfaces) != 5000 {
			b.Fatalf("Collect: %v", err)
		}
		st = c.Stats()
	}
	// CPU time (the fake's and the SDK's XML work, and Convert) is
	// reported apart: on a shared machine it, not the call structure,
	// decides how far wall time lands from the chain at low latency.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms")
	b.ReportMetric(float64(st.TotalCalls()), "calls")
	b.ReportMetric(float64(total), "min-calls")
	b.ReportMetric(float64(chain.Milliseconds()), "chain-ms")
	b.ReportMetric(float64(st.Duration.Milliseconds()), "collect-ms")
	if chain > 0 {
		b.ReportMetric(float64(st.Duration)/float64(chain), "x-chain")
	}
}

// cpuTime is the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCollectFanOut collects 3 accounts (assumed roles) × 4 regions,
// each region holding the article's VPC, with 20 ms per call: accounts and
// regions run concurrently, so wall time is set by the overall bound
// (Options.Concurrency, default 64: calls × latency / 64) and the chain,
// rather than by the number of accounts and regions.
//
//	go test ./collector -run '^$' -bench CollectFanOut -benchtime 3x
func BenchmarkCollectFanOut(b *testing.B) {
	const latency = 20 * time.Millisecond
	article := awsfake.FromSnapshot(mustDemo(b, "article")).Accounts[0].Regions[0]
	scn := &awsfake.Scenario{Latency: latency}
	var roles []string
	for _, id := range []string{"210987654321", "333344445555", "666677778888"} {
		a := &awsfake.Account{ID: id, RoleARN: "arn:aws:iam::" + id + ":role/sgmap"}
		for _, name := range []string{"eu-west-1", "eu-central-1", "us-east-1", "us-west-2"} {
			r := *article
			r.Name = name
			a.Regions = append(a.Regions, &r)
		}
		scn.Accounts = append(scn.Accounts, a)
		roles = append(roles, a.RoleARN)
	}
	// The caller's account, for STS.
	scn.Accounts = append([]*awsfake.Account{{ID: "123456789012"}}, scn.Accounts...)
	srv := awsfake.New(b, scn)
	// AssumeRole → DescribeRegions → ListClusters → ListTasks → DescribeTasks.
	chain := 5 * latency
	var st awslive.Stats
	for b.Loop() {
		c := awslive.New(srv.Config("eu-west-1"), nil, awslive.Options{RoleARNs: roles, Regions: []string{"all"}})
		if _, err := c.CollectRaw(b.Context()); err != nil {
			b.Fatal(err)
		}
		st = c.Stats()
	}
	b.ReportMetric(float64(st.TotalCalls()), "calls")
	b.ReportMetric(float64(st.Duration.Milliseconds()), "collect-ms")
	b.ReportMetric(float64(chain.Milliseconds()), "chain-ms")
	// The default Options.Concurrency is 64.
	b.ReportMetric(float64(time.Duration(st.TotalCalls())*latency/64/time.Millisecond), "bound-ms")
}

func mustDemo(tb testing.TB, name string) *sgmap.Snapshot {
	tb.Helper()
	s, err := demo.Get(name)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
