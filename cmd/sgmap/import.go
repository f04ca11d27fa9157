package main

import (
	"context"
	"fmt"
)

func runImport(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "import", "[-account ID] [-region R] [-param KEY=VALUE]... [-o FILE|-] PATH...", `
Build a snapshot from saved AWS CLI JSON outputs — how auditors work from the
exports a client hands them. PATHs are files or folders (walked for .json
files); each file is recognised by its top-level keys:
  aws ec2 describe-security-groups, describe-security-group-rules,
  describe-network-interfaces, describe-instances, describe-vpcs,
  describe-subnets, describe-managed-prefix-lists, describe-vpc-endpoints,
  describe-nat-gateways, describe-vpc-peering-connections,
  describe-stale-security-groups; aws elbv2 describe-load-balancers,
  describe-target-groups, describe-listeners, describe-target-health;
  aws elb describe-load-balancers; aws ecs describe-tasks, describe-services;
  aws lambda list-functions; aws rds describe-db-instances, describe-db-clusters;
  aws redshift describe-clusters; aws kafka list-clusters(-v2);
  aws elasticache describe-cache-clusters; aws efs describe-mount-targets;
  aws opensearch describe-domains, describe-domain; aws eks describe-cluster,
  describe-nodegroup.
A file that is not recognised is reported as a warning in the snapshot.

CloudFormation templates (JSON or YAML) and CDK output folders (cdk.out) are
read too: nested stacks whose templates sit in the same folder, parameters
from -param Key=Value or their Default, conditions; what is known only at
deploy time is named in a warning.`)
	var in inputFlags
	in.register(fs, true)
	out := fs.String("o", "", "write the snapshot to `file` instead of standard output")
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("import needs at least one PATH (a file or folder of AWS CLI JSON outputs)")
	}
	s, err := in.options().Import(rest)
	if err != nil {
		return err
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(e.stderr, "sgmap: warning: %s\n", describeWarning(w))
	}
	return writeOutput(e, *out, s.Encode)
}
