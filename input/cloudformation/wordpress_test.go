package cloudformation

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRead_WordPressNestedStacks reads the WordPress reference architecture
// as a folder: the master template nests the others, which receive their
// groups and VPC through parameters and outputs. The groups must be the
// ones 02-securitygroups defines, in the VPC 01-newvpc creates, with the
// rules between them that it writes, and each tier's resources inside its
// group.
func TestRead_WordPressNestedStacks(t *testing.T) {
	s := mustRead(t, Options{}, mustSharedData(t, "aws-refarch-wordpress"))
	const sg = "cfn:aws-refarch-wordpress-master-newvpc/securitygroups/"
	const vpc = "cfn:aws-refarch-wordpress-master-newvpc/newvpc/Vpc"
	rules := map[string][]string{
		"PublicAlbSecurityGroup": {"egress All traffic 0.0.0.0/0", "ingress TCP 443 0.0.0.0/0", "ingress TCP 80 0.0.0.0/0"},
		"WebSecurityGroup": {"egress All traffic 0.0.0.0/0", "ingress TCP 22 " + sg + "BastionSecurityGroup",
			"ingress TCP 443 " + sg + "PublicAlbSecurityGroup", "ingress TCP 80 " + sg + "PublicAlbSecurityGroup"},
		"DatabaseSecurityGroup":    {"egress All traffic 0.0.0.0/0", "ingress TCP 3306 " + sg + "WebSecurityGroup"},
		"ElastiCacheSecurityGroup": {"egress All traffic 0.0.0.0/0", "ingress TCP 11211 " + sg + "WebSecurityGroup"},
		"EfsSecurityGroup": {"egress All traffic 0.0.0.0/0", "ingress TCP 22 " + sg + "BastionSecurityGroup",
			"ingress TCP 2049 " + sg + "EfsSecurityGroup", "ingress TCP 2049 " + sg + "WebSecurityGroup"},
		"BastionSecurityGroup": {"egress All traffic 0.0.0.0/0", "ingress TCP 22 0.0.0.0/0"},
	}
	if len(s.Groups) != len(rules) {
		t.Errorf("groups = %v, want the %d of 02-securitygroups", groupIDs(s), len(rules))
	}
	for name, want := range rules {
		g := group(t, s, sg+name)
		slices.Sort(want)
		if d := cmp.Diff(want, ruleSet(g)); d != "" {
			t.Errorf("%s rules (-want +got):\n%s", name, d)
		}
		if g.VPCID != vpc {
			t.Errorf("%s VPC = %q, want %q (passed from newvpc's output)", name, g.VPCID, vpc)
		}
	}
	members := map[string]string{ // owner → its group
		"publicalb/PublicApplicationLoadBalancer":     "PublicAlbSecurityGroup",
		"web/WebAutoScalingGroup":                     "WebSecurityGroup",
		"bastion/BastionAutoScalingGroup":             "BastionSecurityGroup",
		"rds/DatabaseCluster":                         "DatabaseSecurityGroup",
		"rds/DatabaseInstance0":                       "DatabaseSecurityGroup",
		"elasticache/ElastiCacheCluster":              "ElastiCacheSecurityGroup",
		"efsfilesystem/ElasticFileSystemMountTarget0": "EfsSecurityGroup",
	}
	for o, g := range members {
		got := owner(t, s, "cfn:aws-refarch-wordpress-master-newvpc/"+o)
		if !slices.Equal(got.GroupIDs, []string{sg + g}) {
			t.Errorf("%s groups = %v, want [%s]", o, got.GroupIDs, sg+g)
		}
	}
	alb := owner(t, s, "cfn:aws-refarch-wordpress-master-newvpc/publicalb/PublicApplicationLoadBalancer")
	if lb := alb.LoadBalancer; lb == nil || len(lb.TargetGroups) != 1 || len(lb.TargetGroups[0].Targets) != 1 ||
		lb.TargetGroups[0].Targets[0].ID != "cfn:aws-refarch-wordpress-master-newvpc/web/WebAutoScalingGroup" {
		t.Errorf("ALB target groups = %+v, want the web Auto Scaling group as target (TargetGroupARNs via the master's parameters)", alb.LoadBalancer)
	}
	if !hasWarning(s, "aws-refarch-wordpress-04-cloudfront.yaml is not among the files read") {
		t.Errorf("no warning names the nested template that is missing: %v", s.Warnings)
	}
}
