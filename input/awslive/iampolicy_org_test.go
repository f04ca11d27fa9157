package awslive_test

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

// TestIAMPolicy_Management: the caller of an organization-wide collection
// needs exactly the actions of docs/iam-policy-management.json (listing
// the organization, with and without -org-ou, and assuming the role),
// and its AssumeRole statement covers every role ARN sgmap asks for. What
// the role calls in each account is docs/iam-policy.json (TestIAMPolicy).
func TestIAMPolicy_Management(t *testing.T) {
	statements := readPolicy(t, "../../docs/iam-policy-management.json")
	var inPolicy []string
	var assumable string
	for _, st := range statements {
		if st.Effect != "Allow" {
			t.Errorf("statement %+v: want Allow", st)
		}
		for _, a := range st.Action {
			inPolicy = append(inPolicy, a)
			switch {
			case a == "sts:AssumeRole":
				assumable = st.Resource
			case !strings.HasPrefix(a, "organizations:List") || st.Resource != "*":
				t.Errorf("policy action %s on %s: want only organizations:List* on *, and sts:AssumeRole", a, st.Resource)
			}
		}
	}

	srv := awsfake.New(t, awsfake.ArticleOrganization("sgmap-read"))
	mustCollect(t, srv, "eu-west-1", awslive.Options{OrgRoleName: "sgmap-read"})
	mustCollect(t, srv, "eu-west-1", awslive.Options{OrgRoleName: "sgmap-read", OrgOUs: []string{awsfake.OrgProdOU}})
	var used []string
	for _, c := range srv.Calls() {
		if c.API != "organizations" && c.Action() != "sts:AssumeRole" {
			continue // the role's calls, which TestIAMPolicy checks
		}
		used = append(used, c.Action())
		if c.Account != "123456789012" {
			t.Errorf("%s called in %s, want the caller's account", c.Action(), c.Account)
		}
		if c.Action() == "sts:AssumeRole" {
			// IAM ARN wildcards: * matches within the account field too.
			if ok, _ := path.Match(strings.ReplaceAll(assumable, ":", "\x00"), strings.ReplaceAll(c.Params.Get("RoleArn"), ":", "\x00")); !ok {
				t.Errorf("AssumeRole on %s is not covered by the policy's %s", c.Params.Get("RoleArn"), assumable)
			}
		}
	}
	slices.Sort(used)
	slices.Sort(inPolicy)
	if diff := cmp.Diff(inPolicy, slices.Compact(used)); diff != "" {
		t.Errorf("caller's IAM actions: docs/iam-policy-management.json (-) vs called by -org collections (+):\n%s", diff)
	}
}
