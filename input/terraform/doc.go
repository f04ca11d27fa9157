// Package terraform reads Terraform's JSON (`terraform show -json` of a
// plan or of state, and the raw terraform.tfstate of format version 4) with
// HashiCorp's own parser, github.com/hashicorp/terraform-json, and draws
// what it declares: security groups with inline and standalone rules
// (aws_security_group_rule, aws_vpc_security_group_ingress_rule and
// _egress_rule), and the resources inside them (instances, launch
// templates and configurations with Auto Scaling groups, load balancers
// with listeners and target groups, ECS services, Lambda functions, RDS,
// VPC endpoints, network interfaces, EKS, ElastiCache, EFS, …), across
// modules, count and for_each.
//
// Ids are the AWS ids where the file has them and tf:<resource address>
// where it does not yet (a plan's new resources). Values unknown until
// apply are followed through the plan's configuration, so an instance
// whose vpc_security_group_ids are unknown still sits in the group its
// configuration references. With [Options.TFDir] the .tf files give groups
// and rules their file and line (github.com/hashicorp/hcl/v2). The format
// and its pitfalls are in docs/design-time.md.
package terraform
