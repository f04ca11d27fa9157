package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awslive"
	"github.com/sgmap/sgmap/store"
)

// collectFlags are collect's AWS flags; serve -collect takes them too.
type collectFlags struct {
	profile    string
	regions    string
	roleARNs   listFlag
	externalID string
	vpcs       listFlag
	strict     bool
	org        orgFlags
}

func (f *collectFlags) register(fs *flag.FlagSet, e env) {
	fs.StringVar(&f.profile, "profile", e.getenv("AWS_PROFILE"), "AWS shared-config `profile` (default $AWS_PROFILE; SSO profiles work after 'aws sso login')")
	fs.StringVar(&f.regions, "region", e.getenv("AWS_REGION"), "comma-separated `regions`, or 'all' for every region enabled in the account (default $AWS_REGION, else the profile's region in the AWS config file)")
	fs.Var(&f.roleARNs, "role-arn", "assume this role `ARN` and collect its account (repeat for several accounts)")
	fs.StringVar(&f.externalID, "external-id", "", "external `id` to pass when assuming -role-arn roles")
	fs.Var(&f.vpcs, "vpc", "collect only this VPC `id` (repeatable)")
	f.org.register(fs)
	fs.BoolVar(&f.strict, "strict", false, "fail (exit 1) if anything could not be collected, instead of recording warnings")
}

func (f *collectFlags) collector(ctx context.Context, log *slog.Logger, progress io.Writer) (*awslive.Collector, error) {
	regions := splitList(f.regions)
	home := ""
	if len(regions) > 0 {
		home = regions[0]
	}
	if home == "all" {
		home = "us-east-1"
	}
	cfg, err := awslive.LoadConfig(ctx, f.profile, home, log)
	if err != nil {
		return nil, err // already says "load AWS configuration"
	}
	if len(regions) == 0 {
		// Like the AWS CLI, Terraform and Steampipe: the profile's
		// region = in ~/.aws/config when neither -region nor AWS_REGION says.
		if cfg.Region == "" {
			return nil, usagef("name the regions to collect with -region (e.g. -region eu-west-1,us-east-1 or -region all), set AWS_REGION, or set region = in the profile of ~/.aws/config")
		}
		regions = []string{cfg.Region}
	}
	opt := awslive.Options{
		Regions: regions, RoleARNs: f.roleARNs, ExternalID: f.externalID,
		VPCIDs: f.vpcs, Strict: f.strict, Progress: progress,
	}
	if err := f.org.apply(&opt); err != nil {
		return nil, err
	}
	return awslive.New(cfg, log, opt), nil
}

func runCollect(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "collect", "[-profile P] [-region R[,R...]|all] [-role-arn ARN]... [-org -role-name NAME [-org-ou OU]... [-exclude-account ID]...] [-external-id X] [-vpc ID]... [-strict] [-o FILE|-] [-data DIR|s3://BUCKET/PREFIX] [-keep 90d] [-keep-last N] [-log-format text|json] [-log-level L]", `
Collect a snapshot from AWS with read-only Describe/List calls (the exact
actions are in docs/iam-policy.json): VPCs, subnets, security groups and
rules, network interfaces and their owners (instances, load balancers, ECS
tasks, Lambda functions, RDS, ElastiCache, Redshift, MSK, EFS, OpenSearch,
EKS, VPC endpoints, NAT gateways), prefix lists and peering connections. Credentials come from the standard AWS chain
(environment, profiles, SSO, instance and container roles); AWS_ENDPOINT_URL
points it at an emulator.

With -org, the accounts are those of the AWS Organization the credentials
manage (organizations:ListAccounts; -org-ou narrows it to organizational
units), and the role -role-name is assumed in each; an account whose role
cannot be assumed is a warning naming it, and the others are collected.

Without -o the snapshot is written to a new file in the data folder (or the
S3 bucket of -data s3://bucket/prefix), where 'sgmap serve' finds it; one
identical to the newest of its series (same accounts, regions and source)
is not written again but counted as seen again ('sgmap store list'), and
-keep, -keep-last then delete old ones. What cannot be collected (access denied, a region not
enabled, a timeout) is recorded as a warning in the snapshot and printed; the
exit code is 0 unless nothing could be collected (or -strict).`)
	var cf collectFlags
	cf.register(fs, e)
	out := fs.String("o", "", "write the snapshot to `file` ('-' for standard output) instead of the data folder")
	data := fs.String("data", defaultDataDir(e), "data `folder` for snapshots, or s3://bucket/prefix (env SGMAP_DATA)")
	var kf keepFlags
	kf.register(fs)
	lf := registerLogFlags(fs, e)
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	keep, err := kf.retention()
	if err != nil {
		return err
	}
	if !keep.IsZero() && *out != "" {
		return usagef("-keep and -keep-last apply to the data folder, not to -o")
	}
	// Open the store first: a wrong -data (an unknown scheme, a missing
	// bucket) is reported before minutes of collection, not after.
	var st *store.Store
	if *out == "" {
		if st, err = openStore(ctx, *data, store.WithLog(log)); err != nil {
			return err
		}
	}
	c, err := cf.collector(ctx, log, e.stderr)
	if err != nil {
		return err
	}
	s, err := c.Collect(ctx)
	if err != nil {
		return err
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(e.stderr, "sgmap: warning: %s\n", describeWarning(w))
	}
	return saveSnapshot(e, s, *out, st, *data, keep)
}

// saveSnapshot writes s to out, or as a new snapshot in st, the store
// -data names (a folder or s3://bucket/prefix), then applies the retention
// keep there.
func saveSnapshot(e env, s *sgmap.Snapshot, out string, st *store.Store, data string, keep store.Retention) error {
	if out != "" {
		return writeOutput(e, out, s.Encode)
	}
	defer func() {
		if keep.IsZero() {
			return
		}
		if gone, err := st.Prune(keep, time.Now()); err != nil {
			fmt.Fprintf(e.stderr, "sgmap: warning: retention: %v\n", err)
		} else if len(gone) > 0 {
			fmt.Fprintf(e.stderr, "sgmap: deleted %d snapshots past the retention (keep %s)\n", len(gone), keep)
		}
	}()
	saved, err := st.Record(s)
	if err != nil {
		return err
	}
	if saved.Deduplicated {
		fmt.Fprintf(e.stderr, "sgmap: unchanged since snapshot %s in %s: recorded as seen again, not stored again\n", saved.ID, data)
		return nil
	}
	fmt.Fprintf(e.stderr, "sgmap: snapshot %s saved in %s\n", saved.ID, data)
	return nil
}

func describeWarning(w sgmap.Warning) string {
	var where []string
	for _, p := range []string{w.AccountID, w.Region, w.Service, w.Operation} {
		if p != "" {
			where = append(where, p)
		}
	}
	msg := w.Message
	if w.Action != "" {
		msg += " (needs " + w.Action + ")"
	}
	if len(where) == 0 {
		return msg
	}
	return strings.Join(where, " ") + ": " + msg
}

// defaultDataDir is $SGMAP_DATA, else $XDG_DATA_HOME/sgmap, else
// ~/.local/share/sgmap.
func defaultDataDir(e env) string {
	if d := e.getenv("SGMAP_DATA"); d != "" {
		return d
	}
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sgmap")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "sgmap")
	}
	return "sgmap-data"
}

// listFlag is a repeatable flag that also splits commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, splitList(v)...)
	return nil
}
