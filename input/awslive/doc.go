// Package awslive collects a snapshot from AWS with read-only calls.
//
// A [Collector] fetches every page of the EC2, Elastic Load Balancing, ECS,
// Lambda and RDS describe calls into an [awsconv.Raw] per account and
// region, concurrently and within bounds, with retries, progress lines and
// per-call errors classified into warnings (access denied, a region not
// enabled, a timeout). [awsconv.Convert] then builds the snapshot. The
// snapshot's source is "aws-api".
package awslive
