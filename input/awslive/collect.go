package awslive

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsconv"
)

// defaultRegion is where STS and DescribeRegions are called when the
// configuration names no region.
const defaultRegion = "us-east-1"

// target is one account to collect, with the credentials that open it.
type target struct {
	account string
	roleARN string // empty for the caller's own account
	cfg     aws.Config
}

// run is one collection: shared limits, counters and progress.
type run struct {
	c        *Collector
	global   chan struct{}
	stats    *counter
	progress *progress
}

// CollectRaw fetches every configured account and region, one [awsconv.Raw] each
// (sorted by account and region), without converting them. Its errors are
// those of [Collector.Collect].
func (c *Collector) CollectRaw(ctx context.Context) ([]*awsconv.Raw, error) {
	raws, _, err := c.collectRaw(ctx)
	return raws, err
}

// collectRaw is CollectRaw, also returning the run's statistics (which it
// records as the last ones too).
func (c *Collector) collectRaw(ctx context.Context) ([]*awsconv.Raw, Stats, error) {
	start := time.Now()
	r := &run{c: c, global: make(chan struct{}, c.opt.Concurrency), stats: newCounter(),
		progress: newProgress(c.opt.Progress)}
	targets, err := r.targets(ctx)
	if err != nil {
		return nil, Stats{}, err
	}
	r.progress.setAccounts(len(targets))
	// Accounts proceed independently: one account's AssumeRole or
	// DescribeRegions does not hold up another's collection.
	var (
		mu        sync.Mutex
		raws      []*awsconv.Raw
		warns     []sgmap.Warning
		opened    int
		regionSet = map[string]bool{}
		wg        sync.WaitGroup
	)
	for _, t := range targets {
		wg.Go(func() {
			regions, w := r.open(ctx, t)
			mu.Lock()
			warns = append(warns, w...)
			if w == nil || len(regions) > 0 {
				opened++
			}
			for _, reg := range regions {
				regionSet[reg] = true
			}
			mu.Unlock()
			var rg sync.WaitGroup
			for _, reg := range regions {
				rg.Go(func() {
					raw := r.collectRegion(ctx, t, reg)
					mu.Lock()
					raws = append(raws, raw)
					mu.Unlock()
				})
			}
			rg.Wait()
			r.progress.accountDone(t.account, len(regions) > 0)
		})
	}
	wg.Wait()
	r.progress.finish()
	if err := ctx.Err(); err != nil {
		return nil, Stats{}, fmt.Errorf("collect: %w", err)
	}
	slices.SortFunc(raws, func(a, b *awsconv.Raw) int {
		return cmp.Or(strings.Compare(a.AccountID, b.AccountID), strings.Compare(a.Region, b.Region))
	})
	if len(warns) > 0 {
		raws = append(raws, &awsconv.Raw{Warnings: warns})
	}

	var all []sgmap.Warning
	for _, raw := range raws {
		all = append(all, raw.Warnings...)
	}
	st := r.stats.snapshot()
	st.Accounts, st.Targets, st.Regions, st.Warnings, st.Duration = opened, len(targets), len(regionSet), len(all), time.Since(start)
	c.mu.Lock()
	c.last = st
	c.mu.Unlock()
	if st.Succeeded == 0 {
		return nil, st, nothingCollected(all)
	}
	if c.opt.Strict && len(all) > 0 {
		return nil, st, strictError(all)
	}
	return raws, st, nil
}

// roleOpener makes the target of account, opened by assuming arn.
type roleOpener func(account, arn string) target

// targets resolves the accounts to collect: the caller's own (found with
// sts:GetCallerIdentity), one per role ARN, or the organization's
// (org.go), not yet assumed.
func (r *run) targets(ctx context.Context) ([]target, error) {
	if err := checkOrgOptions(r.c.opt); err != nil {
		return nil, err
	}
	base := r.c.cfg.Copy()
	if base.Region == "" {
		base.Region = defaultRegion
	}
	if err := checkCredentials(ctx, base, r.c.log); err != nil {
		return nil, err
	}
	stsc := sts.NewFromConfig(base, func(o *sts.Options) {
		o.APIOptions = append(o.APIOptions, r.instrument("sts", "", base.Region))
		o.HTTPClient = r.httpClient(base.HTTPClient, nil)
	})
	role := func(account, arn string) target {
		cfg := base.Copy()
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsc, arn, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "sgmap"
			if r.c.opt.ExternalID != "" {
				o.ExternalID = aws.String(r.c.opt.ExternalID)
			}
		}))
		return target{account: account, roleARN: arn, cfg: cfg}
	}
	if r.c.opt.OrgRoleName != "" {
		return r.orgTargets(ctx, base, role)
	}
	if len(r.c.opt.RoleARNs) == 0 {
		out, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			w := classify(err, "sts", "GetCallerIdentity", "", base.Region)
			r.c.log.Warn("aws call failed", "code", w.Code, "error", err)
			return nil, fmt.Errorf("%w: %w", sgmap.Errorf(errorCode(w), "cannot identify the AWS account: %s", w.Message), err)
		}
		return []target{{account: aws.ToString(out.Account), cfg: base}}, nil
	}
	var ts []target
	for _, arn := range slices.Compact(slices.Sorted(slices.Values(r.c.opt.RoleARNs))) {
		account, err := roleAccount(arn)
		if err != nil {
			return nil, err
		}
		ts = append(ts, role(account, arn))
	}
	return ts, nil
}

// open assumes t's role (when it has one) and lists the regions to collect
// in it. A role that cannot be assumed is one warning and no regions, not
// one warning per API and region.
func (r *run) open(ctx context.Context, t target) ([]string, []sgmap.Warning) {
	if t.roleARN != "" {
		if _, err := t.cfg.Credentials.Retrieve(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, nil
			}
			w := classify(err, "sts", "AssumeRole", t.account, "")
			w.Message = fmt.Sprintf("cannot assume %s (%s): account %s skipped", t.roleARN, w.Code, t.account)
			r.c.log.Warn("assume role failed", "role_arn", t.roleARN, "code", w.Code, "error", err)
			return nil, []sgmap.Warning{w}
		}
	}
	return r.regions(ctx, t)
}

// roleAccount is the account ID in arn:aws:iam::123456789012:role/name.
func roleAccount(arn string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || len(parts[4]) != 12 || !strings.HasPrefix(parts[5], "role/") {
		return "", sgmap.Errorf(sgmap.EINVALID, "-role-arn %q is not an IAM role ARN (arn:aws:iam::123456789012:role/name)", arn)
	}
	return parts[4], nil
}

// regions lists the regions to collect in t: the configured ones, or the
// account's enabled regions for "all".
func (r *run) regions(ctx context.Context, t target) ([]string, []sgmap.Warning) {
	opt := r.c.opt.Regions
	if len(opt) == 0 {
		return []string{t.cfg.Region}, nil
	}
	if !slices.Contains(opt, "all") {
		return slices.Compact(slices.Sorted(slices.Values(opt))), nil
	}
	c := ec2.NewFromConfig(t.cfg, func(o *ec2.Options) {
		o.APIOptions = append(o.APIOptions, r.instrument("ec2", t.account, t.cfg.Region))
		o.HTTPClient = r.httpClient(t.cfg.HTTPClient, nil)
	})
	out, err := c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		w := classify(err, "ec2", "DescribeRegions", t.account, t.cfg.Region)
		r.c.log.Warn("aws call failed", "code", w.Code, "account", t.account, "error", err)
		return nil, []sgmap.Warning{w}
	}
	var regions []string
	for _, reg := range out.Regions {
		regions = append(regions, aws.ToString(reg.RegionName))
	}
	slices.Sort(regions)
	return regions, nil
}

// nothingCollected is the error when no call succeeded: EFORBIDDEN when
// every failure was a denial, else EUNAVAILABLE.
func nothingCollected(ws []sgmap.Warning) error {
	code := sgmap.EUNAVAILABLE
	if len(ws) > 0 && !slices.ContainsFunc(ws, func(w sgmap.Warning) bool { return errorCode(w) != sgmap.EFORBIDDEN }) {
		code = sgmap.EFORBIDDEN
	}
	return sgmap.Errorf(code, "nothing could be collected: %s", summarize(ws))
}

// strictError reports the warnings of a strict collection.
func strictError(ws []sgmap.Warning) error {
	code := sgmap.EUNAVAILABLE
	if slices.ContainsFunc(ws, func(w sgmap.Warning) bool { return errorCode(w) == sgmap.EFORBIDDEN }) {
		code = sgmap.EFORBIDDEN
	}
	return sgmap.Errorf(code, "collection incomplete (strict): %s", summarize(ws))
}

func summarize(ws []sgmap.Warning) string {
	if len(ws) == 0 {
		return "no AWS call succeeded"
	}
	const show = 5
	var msgs []string
	for i, w := range ws {
		if i == show {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(ws)-show))
			break
		}
		msgs = append(msgs, w.Message)
	}
	return strings.Join(msgs, "; ")
}
