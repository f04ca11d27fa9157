#!/usr/bin/env bash
# Writes deploy/terraform/testdata/plan/plan.json (or the file named as
# its argument, an absolute path): the plan of the
# Terraform module in deploy/terraform, which cmd/sgmap's TestDeploy_Terraform
# imports and draws. Runs offline: the AWS provider comes from a plugin
# folder (TF_PLUGIN_DIR, default /opt/tf-plugins, laid out as
# registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/), and fake
# credentials are enough to plan.
set -euo pipefail
cd "$(dirname "$0")/../deploy/terraform/testdata/plan"
out=${1:-$PWD/plan.json}
plugins=${TF_PLUGIN_DIR:-/opt/tf-plugins}
export TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
trap 'rm -rf .terraform .terraform.lock.hcl plan.out' EXIT
terraform init -input=false -backend=false -plugin-dir="$plugins" >/dev/null
terraform plan -input=false -refresh=false -lock=false -out=plan.out >/dev/null
terraform show -json plan.out | python3 -m json.tool --indent 1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
