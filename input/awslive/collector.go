package awslive

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsconv"
)

// Options say what a [Collector] collects and how hard it may push.
type Options struct {
	// Regions to collect; empty means the config's region, ["all"] the
	// regions enabled for each account (ec2:DescribeRegions).
	Regions []string
	// RoleARNs are assumed (sts:AssumeRole, once each) to collect other
	// accounts; empty means the caller's own account only. The caller
	// needs sts:AssumeRole on them; each role needs docs/iam-policy.json
	// and a trust policy for the caller (with ExternalID if set).
	RoleARNs   []string
	ExternalID string
	// OrgRoleName, when set, collects every active account of the
	// caller's AWS Organization (organizations:ListAccounts) by assuming
	// the role of that name in each (org.go); it excludes RoleARNs.
	// OrgOUs narrows it to the accounts under these organizational units
	// (and the OUs below them); ExcludeAccounts leaves accounts out.
	OrgRoleName     string
	OrgOUs          []string
	ExcludeAccounts []string
	// VPCIDs keeps only these VPCs (and what is in them); empty keeps all.
	VPCIDs []string
	// Concurrency bounds the AWS calls in flight overall (default 64);
	// RegionConcurrency bounds them per account, region and API (default
	// 8), since AWS throttles each API per account and region.
	Concurrency       int
	RegionConcurrency int
	// CallTimeout bounds each HTTP attempt (default 30 s).
	CallTimeout time.Duration
	// Strict turns every warning (a denied or failed call) into an error.
	Strict bool
	// Progress receives progress lines while collecting; nil for none.
	Progress io.Writer
	// Now is the clock for the snapshot's taken_at (default time.Now).
	Now func() time.Time
}

// Collector collects security-group topology from live AWS accounts. It
// is safe for concurrent use; each [Collector.Collect] is independent.
type Collector struct {
	cfg aws.Config
	log *slog.Logger
	opt Options
	sts *sts.Client

	mu   sync.Mutex
	last Stats
}

// New returns a collector that calls AWS with cfg (its credentials are the
// caller's; its region is the default region and where STS is called).
func New(cfg aws.Config, log *slog.Logger, opt Options) *Collector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 64
	}
	if opt.RegionConcurrency <= 0 {
		opt.RegionConcurrency = 8
	}
	if opt.CallTimeout <= 0 {
		opt.CallTimeout = 30 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Collector{cfg: cfg, log: log, opt: opt, sts: sts.NewFromConfig(cfg)}
}

// Stats describes the last finished collection.
func (c *Collector) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Collect fetches every configured account and region concurrently and
// converts what it got into one snapshot. Calls that fail (denied, region
// not enabled, timed out, malformed) become snapshot warnings; Collect
// fails only when nothing at all could be collected (an [sgmap.EFORBIDDEN]
// or [sgmap.EUNAVAILABLE] error), when Options.Strict is set and there is
// a warning, on bad options ([sgmap.EINVALID]) or when ctx ends.
func (c *Collector) Collect(ctx context.Context) (*sgmap.Snapshot, error) {
	raws, st, err := c.collectRaw(ctx)
	if err != nil {
		return nil, err
	}
	s, err := awsconv.Convert(raws, c.opt.Now())
	if err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	s.Source = sgmap.SourceAWSAPI
	st.Groups, st.ENIs = len(s.Groups), len(s.Interfaces)
	for _, g := range s.Groups {
		st.Rules += len(g.Rules)
	}
	c.mu.Lock()
	c.last = st
	c.mu.Unlock()
	if c.opt.Progress != nil {
		fmt.Fprintln(c.opt.Progress, st.Summary())
	}
	c.log.Info("snapshot collected", "accounts", st.Accounts, "regions", st.Regions, "groups", st.Groups,
		"enis", st.ENIs, "rules", st.Rules, "warnings", st.Warnings, "api_calls", st.TotalCalls(), "duration", st.Duration)
	return s, nil
}

// LoadConfig loads the AWS configuration the way the AWS CLI does (env,
// ~/.aws files, SSO, IMDS) for profile and region (either may be empty),
// with adaptive retries suited to large read-only scans: up to 10 attempts,
// backoff up to 30 s, and no client-side retry quota, so a throttled scan
// slows down instead of failing. AWS_ENDPOINT_URL is honoured. The SDK's
// own log lines go to log (nil discards them); see [sdkLogger].
//
// Without region, the region comes from AWS_REGION or the profile's
// region = setting in the AWS config file, as for the AWS CLI.
func LoadConfig(ctx context.Context, profile, region string, log *slog.Logger) (aws.Config, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := []func(*config.LoadOptions) error{
		config.WithLogger(sdkLogger{log}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
					so.MaxAttempts = 10
					so.MaxBackoff = 30 * time.Second
					so.RateLimiter = ratelimit.None
				})
			})
		}),
	}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if region != "" && region != "all" && !strings.Contains(region, ",") {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("%w: %w", sgmap.Errorf(sgmap.EINVALID, "load AWS configuration"), err)
	}
	return cfg, nil
}
