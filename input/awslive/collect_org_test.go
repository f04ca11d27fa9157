package awslive_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

const orgRole = "sgmap-read"

// assumed lists the role ARNs AssumeRole was asked for, sorted.
func assumed(srv *awsfake.Server) []string {
	var arns []string
	for _, c := range srv.Calls() {
		if c.Operation == "AssumeRole" {
			arns = append(arns, c.Params.Get("RoleArn"))
		}
	}
	slices.Sort(arns)
	return slices.Compact(arns)
}

func roleIn(account string) string { return "arn:aws:iam::" + account + ":role/" + orgRole }

// TestCollect_Organization: three active accounts through the real
// Organizations client (paginated), one of them denied, which is a
// warning naming it; the suspended one is not tried.
func TestCollect_Organization(t *testing.T) {
	srv := awsfake.New(t, awsfake.ArticleOrganization(orgRole))
	var progress bytes.Buffer
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{OrgRoleName: orgRole, Progress: &progress})
	if diff := cmp.Diff([]string{"123456789012", awsfake.OrgMemberAccount}, s.Accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{roleIn("123456789012"), roleIn(awsfake.OrgMemberAccount), roleIn(awsfake.OrgDeniedAccount)}, assumed(srv)); diff != "" {
		t.Errorf("roles assumed (-want +got):\n%s", diff)
	}
	if len(s.Warnings) != 1 || s.Warnings[0].AccountID != awsfake.OrgDeniedAccount || s.Warnings[0].Action != "sts:AssumeRole" ||
		!strings.Contains(s.Warnings[0].Message, awsfake.OrgDeniedAccount) || !strings.Contains(s.Warnings[0].Message, "AccessDenied") {
		t.Errorf("warnings = %+v, want one naming %s and AccessDenied", s.Warnings, awsfake.OrgDeniedAccount)
	}
	if st.Calls["organizations:ListAccounts"] != 2 {
		t.Errorf("ListAccounts called %d times, want 2 pages of 2", st.Calls["organizations:ListAccounts"])
	}
	if st.Accounts != 2 || st.Targets != 3 || !strings.HasPrefix(st.Summary(), "collected 2 of 3 account(s)") {
		t.Errorf("stats: %d of %d accounts, summary %q", st.Accounts, st.Targets, st.Summary())
	}
	for _, want := range []string{"account " + awsfake.OrgDeniedAccount + " skipped: ", "3/3 accounts", "account 123456789012 done: "} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress does not say %q:\n%s", want, progress.String())
		}
	}
	for _, c := range srv.Calls() {
		if c.API == "organizations" && c.Account != "123456789012" {
			t.Errorf("%s called as %s, want the caller's (management) credentials", c.Action(), c.Account)
		}
	}
}

func TestCollect_OrganizationUnits(t *testing.T) {
	srv := awsfake.New(t, awsfake.ArticleOrganization(orgRole))
	// The OU, its child OU, and the child named again: each account once.
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{OrgRoleName: orgRole,
		OrgOUs: []string{awsfake.OrgProdOU, awsfake.OrgProdEUOU}})
	if diff := cmp.Diff([]string{awsfake.OrgMemberAccount}, s.Accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{roleIn(awsfake.OrgMemberAccount), roleIn(awsfake.OrgDeniedAccount)}, assumed(srv)); diff != "" {
		t.Errorf("roles assumed (-want +got):\n%s", diff)
	}
	if st.Calls["organizations:ListAccounts"] != 0 || st.Calls["organizations:ListAccountsForParent"] != 2 {
		t.Errorf("calls = %v, want ListAccountsForParent once per OU and no ListAccounts", st.Calls)
	}

	// Excluding the denied account leaves no warning.
	srv.Reset()
	s, _ = mustCollect(t, srv, "eu-west-1", awslive.Options{OrgRoleName: orgRole, OrgOUs: []string{awsfake.OrgProdOU},
		ExcludeAccounts: []string{awsfake.OrgDeniedAccount}})
	if len(s.Warnings) != 0 || slices.Contains(assumed(srv), roleIn(awsfake.OrgDeniedAccount)) {
		t.Errorf("-exclude-account %s: warnings %+v, roles %v", awsfake.OrgDeniedAccount, s.Warnings, assumed(srv))
	}
}

func TestCollect_OrganizationFails(t *testing.T) {
	collect := func(scn *awsfake.Scenario, opt awslive.Options, faults ...awsfake.Fault) error {
		srv := awsfake.New(t, scn)
		for _, f := range faults {
			srv.AddFault(f)
		}
		_, err := awslive.New(srv.Config("eu-west-1"), nil, quiet(opt)).Collect(t.Context())
		return err
	}
	org := awslive.Options{OrgRoleName: orgRole}
	for _, tc := range []struct {
		name  string
		scn   *awsfake.Scenario
		opt   awslive.Options
		fault []awsfake.Fault
		code  string
		msg   string
	}{
		{"not the management account", awsfake.ArticleOrganization(orgRole), org,
			[]awsfake.Fault{{API: "organizations", Status: 400, Code: "AccessDeniedException"}}, sgmap.EFORBIDDEN, "management account"},
		{"no organization", awsfake.Article(), org, nil, sgmap.EUNAVAILABLE, "AWSOrganizationsNotInUseException"},
		{"unknown OU", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgRoleName: orgRole, OrgOUs: []string{"ou-fk12-nothere1"}},
			nil, sgmap.EUNAVAILABLE, "ParentNotFoundException"},
		{"everything excluded", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgRoleName: orgRole, OrgOUs: []string{awsfake.OrgProdEUOU},
			ExcludeAccounts: []string{awsfake.OrgDeniedAccount}}, nil, sgmap.EINVALID, "nothing to collect"},
		{"role ARN as name", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgRoleName: roleIn("123456789012")}, nil, sgmap.EINVALID, "-role-name"},
		{"OU without -org", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgOUs: []string{awsfake.OrgProdOU}}, nil, sgmap.EINVALID, "-org-ou needs"},
		{"bad OU", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgRoleName: orgRole, OrgOUs: []string{"prod"}}, nil, sgmap.EINVALID, "-org-ou"},
		{"bad exclude", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgRoleName: orgRole, ExcludeAccounts: []string{"12"}}, nil, sgmap.EINVALID, "-exclude-account"},
		{"with -role-arn", awsfake.ArticleOrganization(orgRole), awslive.Options{OrgRoleName: orgRole, RoleARNs: []string{roleIn("123456789012")}}, nil, sgmap.EINVALID, "exclude each other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := collect(tc.scn, tc.opt, tc.fault...)
			if sgmap.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v (%s), want %s mentioning %q", err, sgmap.ErrorCode(err), tc.code, tc.msg)
			}
		})
	}
}

// TestCollect_OrganizationConcurrent: forty accounts are opened and
// collected concurrently, within the collector's overall bound.
func TestCollect_OrganizationConcurrent(t *testing.T) {
	scn := awsfake.ArticleOrganization(orgRole)
	scn.Latency = 5 * time.Millisecond
	for i := range 40 {
		id := fmt.Sprintf("5%011d", i)
		scn.Accounts = append(scn.Accounts, &awsfake.Account{ID: id, RoleARN: roleIn(id),
			Regions: []*awsfake.Region{tinyRegion(id, fmt.Sprintf("vpc-0f0e0d0c0b0a1%04d", i))}})
		scn.Organization.Accounts = append(scn.Organization.Accounts, awsfake.OrgMember(id, "member "+id, awsfake.OrgProdOU))
	}
	srv := awsfake.New(t, scn)
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{OrgRoleName: orgRole, Concurrency: 16,
		ExcludeAccounts: []string{awsfake.OrgDeniedAccount}})
	if len(s.Accounts) != 42 || len(s.Warnings) != 0 || st.Accounts != 42 {
		t.Errorf("collected %d accounts (%d warnings), want 42 and none", len(s.Accounts), len(s.Warnings))
	}
	if got := srv.MaxInFlight("sts"); got < 4 {
		t.Errorf("at most %d AssumeRole calls at once: accounts are opened one after another", got)
	}
	if got := srv.MaxInFlight(""); got > 16 {
		t.Errorf("%d calls at once, over -concurrency 16", got)
	}
	t.Logf("42 accounts in %v, %d calls at most at once", st.Duration, srv.MaxInFlight(""))
}
