package cloudformation

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRead_CDKOut reads a cloud assembly: the manifest names the stack, the
// assets manifest maps the nested stack's asset key (its TemplateURL) back
// to its file, and CDK's Fn::GetAtt X.GroupId and standalone rules wire the
// groups together.
func TestRead_CDKOut(t *testing.T) {
	dir := filepath.Join("testdata", "cdk.out")
	if !IsCDKOut(dir) {
		t.Fatal("IsCDKOut = false")
	}
	s := mustRead(t, Options{}, dir)
	const lb, svc = "cfn:AppStack/LBSecurityGroup8A41EA2B", "cfn:AppStack/ServiceSecurityGroupEEE5E7C1"
	const db = "cfn:AppStack/DataNestedStackDataNestedStackResource9C8E5F3A/DatabaseSecurityGroup5C91FDCB"
	want := map[string][]string{
		lb:  {"egress All traffic 0.0.0.0/0", "egress TCP 8080 " + svc, "ingress TCP 80 0.0.0.0/0"},
		svc: {"egress ICMP 252/86 255.255.255.255/32", "ingress TCP 8080 " + lb},
		db:  {"egress All traffic 0.0.0.0/0", "ingress TCP 5432 " + svc},
	}
	for id, rules := range want {
		g := group(t, s, id)
		if d := cmp.Diff(rules, ruleSet(g)); d != "" {
			t.Errorf("%s rules (-want +got):\n%s", id, d)
		}
		if g.VPCID != "cfn:AppStack/Vpc8378EB38" {
			t.Errorf("%s VPC = %q", id, g.VPCID)
		}
	}
	if got := owner(t, s, "cfn:AppStack/ServiceD69D759B").GroupIDs; !slices.Equal(got, []string{svc}) {
		t.Errorf("service groups = %v", got)
	}
	tgs := owner(t, s, "cfn:AppStack/LB8A12904C").LoadBalancer.TargetGroups
	if len(tgs) != 1 || len(tgs[0].Targets) != 1 || tgs[0].Targets[0].ID != "cfn:AppStack/ServiceD69D759B" || tgs[0].Targets[0].Port != 8080 {
		t.Errorf("target groups = %+v, want the service on 8080", tgs)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings = %v, want none", s.Warnings)
	}
}
