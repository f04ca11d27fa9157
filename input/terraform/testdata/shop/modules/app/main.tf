variable "vpc_id" {}
variable "alb_sg" {}
variable "subnet" {}

resource "aws_security_group" "app" {
  name        = "app"
  description = "App servers"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = var.alb_sg
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  description                  = "App port from the load balancer"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  description       = "SSH for the on-call"
}

resource "aws_launch_template" "app" {
  name_prefix            = "app-"
  vpc_security_group_ids = [aws_security_group.app.id]
}

resource "aws_autoscaling_group" "app" {
  name                = "app"
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = [var.subnet]

  launch_template {
    id = aws_launch_template.app.id
  }
}

output "sg_id" {
  value = aws_security_group.app.id
}
