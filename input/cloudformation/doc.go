// Package cloudformation reads AWS CloudFormation templates (JSON and YAML,
// with the short-form tags !Ref, !GetAtt, !Sub, …) and CDK cloud assemblies
// (cdk.out) into an [sgmap.Snapshot] of the planned design: security groups
// with their inline and standalone rules, and the resources inside them.
//
// Nothing is deployed yet, so ids are derived from what names a resource:
// cfn:<stack>/<LogicalId>, where a root stack is named after its file and a
// nested stack after its parent and logical id (cfn:master/web/WebGroup).
// Intrinsic functions are evaluated with the parameters' values (-param,
// else Default) and the Conditions they decide; what is known only at
// deploy time (a parameter without a default, Fn::ImportValue of an export
// no template read defines, a Fn::GetAtt of a runtime attribute) keeps a
// symbolic name, so that every use of it is the same group or VPC, and is
// named in a warning. Nothing that could change the picture is dropped
// without a warning: a rule whose CIDR is unknown, a nested template not
// read, a resource type that names security groups but that this package
// does not read.
//
// YAML is parsed with go.yaml.in/yaml/v3, the YAML organisation's
// maintained continuation of gopkg.in/yaml.v3: its Node API keeps the line
// of every value (findings point at the template's lines) and exposes the
// custom tags CloudFormation's short forms use, and as YAML 1.2 is a
// superset of JSON the same parser gives lines for JSON templates too. See
// docs/design-time.md.
package cloudformation
