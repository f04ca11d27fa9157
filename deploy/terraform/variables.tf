variable "name" {
  description = "Prefix of every resource's name."
  type        = string
  default     = "sgmap"
}

variable "region" {
  description = "Region the stack runs in (the tasks' AWS_REGION, the log group's region)."
  type        = string
}

variable "vpc_id" {
  description = "VPC to run in."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the load balancer (at least two, in different zones)."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks: they need a route to the Internet (a NAT gateway) or VPC endpoints for the AWS APIs, S3, Secrets Manager, ECR and CloudWatch Logs."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate of the load balancer's HTTPS listener."
  type        = string
}

variable "allowed_cidrs" {
  description = "Who may reach the dashboard (the load balancer's HTTPS listener)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "image" {
  description = "sgmap image (built from the repository's Dockerfile and pushed to ECR)."
  type        = string
}

variable "token" {
  description = "The dashboard's access token (at least 8 characters): stored in Secrets Manager, given to the tasks as SGMAP_TOKEN. Generate one with: openssl rand -hex 32"
  type        = string
  sensitive   = true
}

variable "replicas" {
  description = "Dashboard tasks; they share the bucket and see each other's snapshots."
  type        = number
  default     = 2
}

variable "collect_schedule" {
  description = "When to collect (EventBridge Scheduler expression)."
  type        = string
  default     = "rate(1 hour)"
}

variable "collect_regions" {
  description = "sgmap collect -region: comma-separated regions, or all."
  type        = string
  default     = "all"
}

variable "org_role_name" {
  description = "When set, collect the whole AWS Organization (collect -org -role-name NAME): the stack must then run in the management account (or a delegated administrator), and every account needs the role."
  type        = string
  default     = ""
}

variable "data_prefix" {
  description = "Key prefix of the snapshots in the bucket (serve and collect -data s3://BUCKET/PREFIX)."
  type        = string
  default     = "snapshots"
}

variable "noncurrent_days" {
  description = "Days an overwritten or deleted snapshot object is kept (the bucket is versioned)."
  type        = number
  default     = 30
}
