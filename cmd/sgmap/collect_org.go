package main

import (
	"flag"

	"github.com/sgmap/sgmap/input/awslive"
)

// orgFlags are collect's organization-wide flags (-org and its company).
type orgFlags struct {
	on       bool
	roleName string
	ous      listFlag
	exclude  listFlag
}

func (f *orgFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.on, "org", false, "collect every active account of the AWS Organization the credentials manage, assuming -role-name in each")
	fs.StringVar(&f.roleName, "role-name", "", "with -org, the IAM role `name` to assume in each account (e.g. sgmap-read)")
	fs.Var(&f.ous, "org-ou", "with -org, only the accounts under this organizational unit `id` (ou-… or r-…) and the OUs below it (repeatable)")
	fs.Var(&f.exclude, "exclude-account", "with -org, leave out this account `id` (repeatable)")
}

// apply puts the flags into opt; -role-name, -org-ou and -exclude-account
// mean nothing without -org, and -org nothing without -role-name.
func (f *orgFlags) apply(opt *awslive.Options) error {
	if !f.on {
		if f.roleName != "" || len(f.ous) > 0 || len(f.exclude) > 0 {
			return usagef("-role-name, -org-ou and -exclude-account go with -org")
		}
		return nil
	}
	if f.roleName == "" {
		return usagef("-org needs -role-name NAME: the role to assume in every account (deployed with the read-only policy of docs/iam-policy.json)")
	}
	opt.OrgRoleName, opt.OrgOUs, opt.ExcludeAccounts = f.roleName, f.ous, f.exclude
	return nil
}
