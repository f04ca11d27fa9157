# The dashboard runs as an ECS service of `replicas` Fargate tasks behind
# the load balancer; collection is the same image running `sgmap collect`
# on a schedule. Both read and write s3://BUCKET/PREFIX.

locals {
  data = "s3://${aws_s3_bucket.data.bucket}/${var.data_prefix}"
  org  = var.org_role_name == "" ? [] : ["-org", "-role-name", var.org_role_name]
  logs = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.sgmap.name
      awslogs-region        = var.region
      awslogs-stream-prefix = "sgmap"
    }
  }
}

resource "aws_ecs_cluster" "sgmap" {
  name = var.name
}

resource "aws_ecs_task_definition" "serve" {
  family                   = "${var.name}-serve"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.serve.arn
  container_definitions = jsonencode([{
    name         = "sgmap"
    image        = var.image
    essential    = true
    command      = ["serve", "-addr", "0.0.0.0:8080", "-data", local.data, "-behind-proxy", "-log-format", "json"]
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    environment  = [{ name = "AWS_REGION", value = var.region }]
    secrets      = [{ name = "SGMAP_TOKEN", valueFrom = aws_secretsmanager_secret.token.arn }]
    healthCheck = {
      command     = ["CMD", "/usr/local/bin/sgmap", "healthcheck"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 20
    }
    logConfiguration = local.logs
  }])
}

resource "aws_ecs_service" "dashboard" {
  name            = "${var.name}-dashboard"
  cluster         = aws_ecs_cluster.sgmap.id
  task_definition = aws_ecs_task_definition.serve.arn
  desired_count   = var.replicas
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = false
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.dashboard.arn
    container_name   = "sgmap"
    container_port   = 8080
  }
  depends_on = [aws_lb_listener.https]
}

resource "aws_ecs_task_definition" "collect" {
  family                   = "${var.name}-collect"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.collect.arn
  container_definitions = jsonencode([{
    name             = "sgmap"
    image            = var.image
    essential        = true
    command          = concat(["collect", "-data", local.data, "-region", var.collect_regions, "-log-format", "json"], local.org)
    environment      = [{ name = "AWS_REGION", value = var.region }]
    logConfiguration = local.logs
  }])
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name_prefix        = "${var.name}-schedule-"
  assume_role_policy = data.aws_iam_policy_document.scheduler.json
}

data "aws_iam_policy_document" "run_collect" {
  statement {
    actions   = ["ecs:RunTask"]
    resources = [aws_ecs_task_definition.collect.arn_without_revision, "${aws_ecs_task_definition.collect.arn_without_revision}:*"]
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.execution.arn, aws_iam_role.collect.arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.run_collect.json
}

resource "aws_scheduler_schedule" "collect" {
  name                = "${var.name}-collect"
  schedule_expression = var.collect_schedule
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_ecs_cluster.sgmap.arn
    role_arn = aws_iam_role.scheduler.arn
    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.collect.arn
      launch_type         = "FARGATE"
      network_configuration {
        subnets          = var.private_subnet_ids
        security_groups  = [aws_security_group.task.id]
        assign_public_ip = false
      }
    }
  }
}
