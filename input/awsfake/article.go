package awsfake

import (
	"github.com/sgmap/sgmap/demo"
)

// Article returns the scenario of the `article` demo (demo.Get("article")):
// one account and region, the game VPC, its three groups and their rules,
// four instances, the ALB with its target group, and the two Prometheus
// tasks. Every list operation answers two items per page (one for ECS and
// the ELBv2 calls, which return fewer), so that collecting it follows
// several pages of every paginated call.
func Article() *Scenario {
	s, err := demo.Get("article")
	if err != nil {
		panic("awsfake: the article demo is missing: " + err.Error())
	}
	scn := FromSnapshot(s)
	scn.PageSize = map[string]int{}
	for _, op := range []string{"DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups", "DescribeSecurityGroupRules",
		"DescribeNetworkInterfaces", "DescribeInstances", "DescribeManagedPrefixLists", "GetManagedPrefixListEntries",
		"DescribeVpcEndpoints", "DescribeNatGateways", "DescribeVpcPeeringConnections", "DescribeStaleSecurityGroups",
		"DescribeDBInstances", "DescribeDBClusters", "ListFunctions"} {
		scn.PageSize[op] = 2
	}
	for _, op := range []string{"DescribeLoadBalancers", "DescribeListeners", "DescribeTargetGroups",
		"ListClusters", "ListServices", "ListTasks"} {
		scn.PageSize[op] = 1
	}
	return scn
}
