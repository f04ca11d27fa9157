package main

import (
	"context"
	"fmt"
)

func runImport(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "import", "[-account ID] [-region R] [-plan-side after|before] [-tf-dir DIR] [-param KEY=VALUE]... [-o FILE|-] PATH...", `
Build a snapshot from files: what is deployed (saved AWS CLI outputs) or what
is designed (Terraform, CloudFormation). PATHs are files or folders (walked for
.json, .tfstate, .yaml, .yml and .template files); each file's format is
detected from its top-level keys, and all must be of one format. render, lint,
rules and serve -snapshot read the same files directly.

Terraform: a state file (terraform.tfstate, version 4), terraform show -json
of state, or terraform show -json of a saved plan (the planned side, or
-plan-side before). Resources without ids yet get tf:<address>; values unknown
until apply are followed through the plan's configuration. -tf-dir names the
configuration folder so findings point at .tf lines. See docs/design-time.md.

CloudFormation: templates (JSON or YAML with short-form tags) and CDK output
folders (cdk.out). Nested stacks whose templates sit in the same folder are
followed; parameters come from -param Key=Value or their Default, and decide
the conditions. Resources get cfn:<stack>/<LogicalId>; what is known only at
deploy time is named in a warning. See docs/design-time.md.

AWS CLI JSON — how auditors work from the exports a client hands them:
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
A file that is not recognised is reported as a warning in the snapshot.`)
	var in inputFlags
	in.register(fs, true)
	out := fs.String("o", "", "write the snapshot to `file` instead of standard output")
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("import needs at least one PATH (a file or folder: AWS CLI JSON outputs, a Terraform plan or state, a CloudFormation template or cdk.out)")
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
