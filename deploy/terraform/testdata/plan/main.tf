# The root module whose plan tests draw (cmd/sgmap/deploy_test.go): the
# module in a VPC of its own. Fake credentials and skipped checks let
# `terraform plan` run offline; scripts/deploy-plan.sh writes plan.json.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIDSGMAPPLANONLY"
  secret_key                  = "not-a-secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.42.0.0/16"
  tags       = { Name = "sgmap" }
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, 10 + count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}

module "sgmap" {
  source             = "../.."
  region             = "eu-west-1"
  vpc_id             = aws_vpc.main.id
  public_subnet_ids  = aws_subnet.public[*].id
  private_subnet_ids = aws_subnet.private[*].id
  certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  image              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sgmap:latest"
  token              = "plan-only-token-not-used"
  org_role_name      = "sgmap-read"
}
