package awslive

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/sgmap/sgmap"
)

// Organization-wide collection (Options.OrgRoleName): the accounts come
// from AWS Organizations, listed with the caller's credentials (the
// management account, or a delegated administrator), and each is opened
// by assuming the same role name in it. The caller's policy is
// docs/iam-policy-management.json; the role's is docs/iam-policy.json.

// roleNameRE is an IAM role name, optionally with a path ("team/sgmap-read").
var roleNameRE = regexp.MustCompile(`^([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)

// ouRE is an organizational unit id, or the root's id.
var ouRE = regexp.MustCompile(`^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$`)

// checkOrgOptions validates the organization options of o.
func checkOrgOptions(o Options) error {
	if o.OrgRoleName == "" {
		if len(o.OrgOUs) > 0 {
			return sgmap.Errorf(sgmap.EINVALID, "-org-ou needs -org and -role-name")
		}
		return nil
	}
	if len(o.RoleARNs) > 0 {
		return sgmap.Errorf(sgmap.EINVALID, "-org and -role-arn exclude each other: -org assumes -role-name in every account of the organization")
	}
	if strings.HasPrefix(o.OrgRoleName, "arn:") || !roleNameRE.MatchString(o.OrgRoleName) {
		return sgmap.Errorf(sgmap.EINVALID, "-role-name %q is not an IAM role name (e.g. sgmap-read or OrganizationAccountAccessRole)", o.OrgRoleName)
	}
	for _, ou := range o.OrgOUs {
		if !ouRE.MatchString(ou) {
			return sgmap.Errorf(sgmap.EINVALID, "-org-ou %q is not an organizational unit id (ou-abcd-12345678) or a root id (r-abcd)", ou)
		}
	}
	for _, id := range o.ExcludeAccounts {
		if len(id) != 12 || strings.Trim(id, "0123456789") != "" {
			return sgmap.Errorf(sgmap.EINVALID, "-exclude-account %q is not a 12-digit AWS account id", id)
		}
	}
	return nil
}

// orgTargets lists the organization's active accounts (under the OUs, if
// any), less the excluded ones, each with the role to assume in it.
func (r *run) orgTargets(ctx context.Context, base aws.Config, role roleOpener) ([]target, error) {
	client := organizations.NewFromConfig(base, func(o *organizations.Options) {
		o.APIOptions = append(o.APIOptions, r.instrument("organizations", "", base.Region))
		o.HTTPClient = r.httpClient(base.HTTPClient, nil)
	})
	accounts, err := r.listOrgAccounts(ctx, client)
	if err != nil {
		return nil, err
	}
	var ts []target
	skipped := 0
	for _, a := range accounts {
		id := aws.ToString(a.Id)
		switch {
		case slices.Contains(r.c.opt.ExcludeAccounts, id):
			continue
		case !activeAccount(a):
			skipped++
			r.c.log.Info("organization account not active: skipped", "account", id, "state", string(a.State), "status", string(a.Status))
			continue
		}
		ts = append(ts, role(id, "arn:"+partition(aws.ToString(a.Arn))+":iam::"+id+":role/"+r.c.opt.OrgRoleName))
	}
	r.c.log.Info("organization accounts listed", "accounts", len(accounts), "to_collect", len(ts), "inactive", skipped)
	if len(ts) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "the organization lists %d account(s), none of them active and not excluded: nothing to collect", len(accounts))
	}
	return ts, nil
}

// listOrgAccounts is every account of the organization (ListAccounts), or
// of the OUs and the OUs under them, sorted by id, each once.
func (r *run) listOrgAccounts(ctx context.Context, c *organizations.Client) ([]orgtypes.Account, error) {
	var out []orgtypes.Account
	if len(r.c.opt.OrgOUs) == 0 {
		p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, orgError(err, "ListAccounts")
			}
			out = append(out, page.Accounts...)
		}
	} else {
		seen := map[string]bool{}
		for _, ou := range r.c.opt.OrgOUs {
			if err := walkOU(ctx, c, ou, seen, &out); err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(out, func(a, b orgtypes.Account) int { return strings.Compare(aws.ToString(a.Id), aws.ToString(b.Id)) })
	return slices.CompactFunc(out, func(a, b orgtypes.Account) bool { return aws.ToString(a.Id) == aws.ToString(b.Id) }), nil
}

// walkOU appends the accounts directly under parent, then those of its
// child OUs, depth first; seen guards against OUs named twice.
func walkOU(ctx context.Context, c *organizations.Client, parent string, seen map[string]bool, out *[]orgtypes.Account) error {
	if seen[parent] {
		return nil
	}
	seen[parent] = true
	ap := organizations.NewListAccountsForParentPaginator(c, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			return orgError(err, "ListAccountsForParent")
		}
		*out = append(*out, page.Accounts...)
	}
	op := organizations.NewListOrganizationalUnitsForParentPaginator(c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)})
	for op.HasMorePages() {
		page, err := op.NextPage(ctx)
		if err != nil {
			return orgError(err, "ListOrganizationalUnitsForParent")
		}
		for _, u := range page.OrganizationalUnits {
			if err := walkOU(ctx, c, aws.ToString(u.Id), seen, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// orgError is the error of a failed Organizations listing: without the
// accounts there is nothing to collect, so it ends the collection.
func orgError(err error, op string) error {
	w := classify(err, "organizations", op, "", "")
	msg := w.Message
	if errorCode(w) == sgmap.EFORBIDDEN || strings.Contains(err.Error(), "AWSOrganizationsNotInUseException") {
		msg += "; -org lists accounts with the caller's credentials: run it in the organization's management account " +
			"or a delegated administrator, with the policy of docs/iam-policy-management.json"
	}
	return fmt.Errorf("%w: %w", sgmap.Errorf(errorCode(w), "cannot list the organization's accounts: %s", msg), err)
}

// activeAccount reports whether a can be collected: State (or, from
// older endpoints, the deprecated Status) is ACTIVE.
func activeAccount(a orgtypes.Account) bool {
	if a.State != "" {
		return a.State == orgtypes.AccountStateActive
	}
	return a.Status == "" || a.Status == orgtypes.AccountStatusActive
}

// partition is the partition of an ARN ("aws", "aws-cn", "aws-us-gov"),
// "aws" when it cannot tell.
func partition(arn string) string {
	if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 && parts[0] == "arn" && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}
