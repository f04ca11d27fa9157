output "url" {
  description = "The dashboard."
  value       = "https://${aws_lb.sgmap.dns_name}"
}

output "bucket" {
  description = "The snapshot bucket."
  value       = aws_s3_bucket.data.bucket
}

output "token_secret_arn" {
  description = "The Secrets Manager secret holding the token."
  value       = aws_secretsmanager_secret.token.arn
}
