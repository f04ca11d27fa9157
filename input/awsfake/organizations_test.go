package awsfake_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"github.com/sgmap/sgmap/input/awsfake"
)

// TestOrganizations: the real Organizations client decodes the fake's
// JSON 1.1 answers, follows its pages, and a member account is denied.
func TestOrganizations(t *testing.T) {
	srv := awsfake.New(t, awsfake.ArticleOrganization("sgmap-read"))
	c := organizations.NewFromConfig(srv.Config("us-east-1"))
	var ids []string
	states := map[string]orgtypes.AccountState{}
	pages := 0
	for p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{}); p.HasMorePages(); pages++ {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("ListAccounts: %v", err)
		}
		for _, a := range out.Accounts {
			ids = append(ids, aws.ToString(a.Id))
			states[aws.ToString(a.Id)] = a.State
		}
	}
	if len(ids) != 4 || pages != 2 || states[awsfake.OrgClosedAccount] != orgtypes.AccountStateSuspended ||
		states[awsfake.OrgMemberAccount] != orgtypes.AccountStateActive {
		t.Errorf("ListAccounts: %v in %d pages, states %v; want 4 accounts in 2 pages, %s suspended", ids, pages, states, awsfake.OrgClosedAccount)
	}
	ous, err := c.ListOrganizationalUnitsForParent(t.Context(), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(awsfake.OrgProdOU)})
	if err != nil || len(ous.OrganizationalUnits) != 1 || aws.ToString(ous.OrganizationalUnits[0].Id) != awsfake.OrgProdEUOU {
		t.Errorf("ListOrganizationalUnitsForParent(%s) = %+v, %v; want %s", awsfake.OrgProdOU, ous, err, awsfake.OrgProdEUOU)
	}
	_, err = c.ListAccounts(t.Context(), &organizations.ListAccountsInput{MaxResults: aws.Int32(21)})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidParameterValue" {
		t.Errorf("MaxResults 21: %v, want InvalidParameterValue", err)
	}

	// A member account's credentials (what AssumeRole hands out) are denied.
	member := srv.Config("us-east-1")
	member.Credentials = credentials.NewStaticCredentialsProvider("ASIAFAKE"+awsfake.OrgMemberAccount, "SECRET", "TOKEN")
	_, err = organizations.NewFromConfig(member).ListAccounts(t.Context(), &organizations.ListAccountsInput{})
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDeniedException" {
		t.Errorf("ListAccounts as a member account: %v, want AccessDeniedException", err)
	}
}
