package awsfake

import (
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// orgTargetPrefix starts the X-Amz-Target of AWS Organizations calls
// (JSON 1.1, like ECS).
const orgTargetPrefix = "AWSOrganizationsV20161128."

// Organization is the AWS Organization a [Scenario]'s first account
// manages: its accounts, and the organizational units that hold them.
// Only the management account may call the Organizations API; other
// accounts get AccessDeniedException, as members without delegated
// administration do.
type Organization struct {
	// Root is the root's id (r-…); OUs and accounts without a Parent sit
	// directly under it.
	Root     string
	OUs      []OrgUnit
	Accounts []OrgAccount
}

// OrgUnit is one organizational unit: its id (ou-…), name and parent (the
// root or another OU; empty for the root).
type OrgUnit struct {
	ID, Name, Parent string
}

// OrgAccount is one account of an [Organization] and its parent (the
// root or an OU; empty for the root).
type OrgAccount struct {
	orgtypes.Account
	Parent string
}

// OrgMember returns an active account of the organization named name.
func OrgMember(id, name, parent string) OrgAccount {
	return OrgAccount{Parent: parent, Account: orgtypes.Account{Id: aws.String(id), Name: aws.String(name),
		Arn:   aws.String("arn:aws:organizations::" + id + ":account/o-fake/" + id),
		Email: aws.String(strings.ToLower(strings.ReplaceAll(name, " ", "-")) + "@example.com"),
		State: orgtypes.AccountStateActive, Status: orgtypes.AccountStatusActive}}
}

func (o *Organization) parentOf(p string) string {
	if p == "" {
		return o.Root
	}
	return p
}

// known reports whether id is the root or one of the OUs.
func (o *Organization) known(id string) bool {
	return id == o.Root || slices.ContainsFunc(o.OUs, func(u OrgUnit) bool { return u.ID == id })
}

func (s *Server) organizations(req *request) (any, *apiError) {
	o := s.scn.Organization
	switch {
	case o == nil:
		return nil, &apiError{http.StatusBadRequest, "AWSOrganizationsNotInUseException",
			"Your account is not a member of an organization."}
	case len(s.scn.Accounts) == 0 || req.Account != s.scn.Accounts[0].ID:
		return nil, &apiError{http.StatusBadRequest, "AccessDeniedException",
			"You don't have permissions to access this resource."}
	}
	size, err := s.pageSize(req, "MaxResults", 1, 20, 20)
	if err != nil {
		return nil, err
	}
	token := req.Params.Get("NextToken")
	parent := req.Params.Get("ParentId")
	if req.Operation != "ListAccounts" && !o.known(parent) {
		return nil, invalid("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.")
	}
	switch req.Operation {
	case "ListAccounts", "ListAccountsForParent":
		var accounts []orgtypes.Account
		for _, a := range o.Accounts {
			if req.Operation == "ListAccounts" || o.parentOf(a.Parent) == parent {
				accounts = append(accounts, a.Account)
			}
		}
		page, next, err := paginate(accounts, token, size)
		if req.Operation == "ListAccounts" {
			return &organizations.ListAccountsOutput{Accounts: page, NextToken: nonEmpty(next)}, err
		}
		return &organizations.ListAccountsForParentOutput{Accounts: page, NextToken: nonEmpty(next)}, err
	case "ListOrganizationalUnitsForParent":
		var ous []orgtypes.OrganizationalUnit
		for _, u := range o.OUs {
			if o.parentOf(u.Parent) == parent {
				ous = append(ous, orgtypes.OrganizationalUnit{Id: aws.String(u.ID), Name: aws.String(u.Name),
					Arn: aws.String("arn:aws:organizations::" + s.scn.Accounts[0].ID + ":ou/o-fake/" + u.ID)})
			}
		}
		page, next, err := paginate(ous, token, size)
		return &organizations.ListOrganizationalUnitsForParentOutput{OrganizationalUnits: page, NextToken: nonEmpty(next)}, err
	}
	return nil, invalid("InvalidAction", "Unknown operation "+req.Operation)
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
