// Package awscli imports the JSON that AWS CLI describe commands print
// (`aws ec2 describe-security-groups`, `aws ecs describe-tasks`, …). It
// decodes each file into the AWS SDK types of an [awsconv.Raw] and converts
// them with [awsconv.Convert], as if they had been collected live. The
// snapshot's source is "aws-cli". Package input calls
// [ImportOptions.ImportFiles]; the other methods read files first.
package awscli
