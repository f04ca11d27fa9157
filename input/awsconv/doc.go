// Package awsconv converts AWS SDK types into an [sgmap.Snapshot]; it is
// the conversion shared by the two AWS formats, live collection (package
// awslive) and AWS CLI JSON (package awscli).
//
// A [Raw] holds what one account and region returned, as aws-sdk-go-v2
// types; [Convert] builds the snapshot: VPCs, subnets, security groups with
// rules normalised to one peer each, network interfaces, and the owners of
// those interfaces (instances, load balancers, ECS tasks, Lambda functions,
// RDS, VPC endpoints, NAT gateways), resolved as described in
// docs/architecture.md.
//
// Conversion is pure: the functions named xFromEC2, xFromECS, … are the only
// code that dereferences SDK pointers.
package awsconv
