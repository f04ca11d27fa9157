// Package collector turns AWS data into an [sgmap.Snapshot].
//
// Two sources feed one conversion path. The live collector fetches every
// page of the EC2, Elastic Load Balancing, ECS, Lambda and RDS describe calls
// into a [Raw] per account and region; [Import] decodes the JSON that the AWS
// CLI prints for the same calls into the same SDK types. [Convert] then
// builds the snapshot: VPCs, subnets, security groups with rules normalised
// to one peer each, network interfaces, and the owners of those interfaces
// (instances, load balancers, ECS tasks, Lambda functions, RDS, VPC
// endpoints, NAT gateways), resolved as described in
// shared/reference/dependencies.md §3.4.
//
// Conversion is pure: the functions named xFromEC2, xFromECS, … are the only
// code that dereferences SDK pointers.
package collector
