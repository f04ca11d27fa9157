# Three roles: the execution role (pull the image, write logs, read the
# token), the dashboard's (the bucket only) and the collection's (the
# bucket, and the read-only policy of docs/iam-policy.json; with
# org_role_name also docs/iam-policy-management.json). The policies are
# the repository's own files, so this module never drifts from what sgmap
# calls.

data "aws_iam_policy_document" "ecs_tasks" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name_prefix        = "${var.name}-exec-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_token" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.token.arn]
  }
}

resource "aws_iam_role_policy" "execution_token" {
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_token.json
}

data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.data.arn]
  }
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.data.arn}/${var.data_prefix}/*"]
  }
}

resource "aws_iam_role" "serve" {
  name_prefix        = "${var.name}-serve-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}

resource "aws_iam_role_policy" "serve_bucket" {
  role   = aws_iam_role.serve.id
  policy = data.aws_iam_policy_document.bucket.json
}

resource "aws_iam_role" "collect" {
  name_prefix        = "${var.name}-collect-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}

resource "aws_iam_role_policy" "collect_bucket" {
  role   = aws_iam_role.collect.id
  policy = data.aws_iam_policy_document.bucket.json
}

resource "aws_iam_role_policy" "collect_read_only" {
  role   = aws_iam_role.collect.id
  policy = file("${path.module}/../../docs/iam-policy.json")
}

resource "aws_iam_role_policy" "collect_organization" {
  count  = var.org_role_name == "" ? 0 : 1
  role   = aws_iam_role.collect.id
  policy = replace(file("${path.module}/../../docs/iam-policy-management.json"), "role/sgmap-read", "role/${var.org_role_name}")
}
