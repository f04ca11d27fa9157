package demo

import (
	"fmt"
	"time"

	"github.com/sgmap/sgmap"
)

// The article's account: one VPC running an online game, its ALB or NLB, and
// Prometheus on ECS scraping the game servers.
const (
	account = "123456789012"
	region  = "eu-west-1"
	vpcID   = "vpc-0a1b2c3d4e5f60718"

	subPublicA  = "subnet-0a1b2c3d4e5f60001"
	subPublicB  = "subnet-0a1b2c3d4e5f60002"
	subPrivateA = "subnet-0a1b2c3d4e5f60011"
	subPrivateB = "subnet-0a1b2c3d4e5f60012"

	albARN  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/game-production/50dc6c495c0c9188"
	nlbARN  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/game-nlb/7f3c2a1b9d8e6f50"
	tgARN   = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/game-servers/6d0ecf831eec9f09"
	cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/monitoring"
	service = "arn:aws:ecs:eu-west-1:123456789012:service/monitoring/prometheus"
)

var takenAt = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// gameVPC builds what both article demos share: the VPC, its subnets, the
// four game servers and the two Prometheus tasks, with the groups each
// design puts them in.
func gameVPC(gameGroups, monitoringGroups []string) *builder {
	b := newBuilder(account, region, vpcID, "game-production", "10.0.0.0/16", takenAt)
	b.subnet(subPublicA, "public-a", "eu-west-1a", "10.0.0.0/24")
	b.subnet(subPublicB, "public-b", "eu-west-1b", "10.0.1.0/24")
	b.subnet(subPrivateA, "private-a", "eu-west-1a", "10.0.10.0/24")
	b.subnet(subPrivateB, "private-b", "eu-west-1b", "10.0.11.0/24")
	for i := 1; i <= 4; i++ {
		inst := fmt.Sprintf("i-0a1b2c3d4e5f6000%d", i)
		eni := fmt.Sprintf("eni-0a1b2c3d4e5f6010%d", i)
		sub := []string{subPrivateA, subPrivateB}[(i-1)%2]
		ip := fmt.Sprintf("10.0.%d.1%d", 10+(i-1)%2, i)
		b.eni(eni, inst, sub, ip, "Primary network interface", "interface", "", gameGroups...)
		b.owner(sgmap.Owner{ID: inst, Kind: sgmap.OwnerInstance, Name: fmt.Sprintf("game-%d", i),
			InterfaceIDs: []string{eni}, Tags: map[string]string{"Name": fmt.Sprintf("game-%d", i), "role": "game-server"},
			Detail: map[string]string{"instance_type": "c6i.xlarge"}})
	}
	for i := 1; i <= 2; i++ {
		task := fmt.Sprintf("arn:aws:ecs:eu-west-1:123456789012:task/monitoring/0f1e2d3c4b5a6978%d", i)
		eni := fmt.Sprintf("eni-0a1b2c3d4e5f6020%d", i)
		sub := []string{subPrivateA, subPrivateB}[i-1]
		ip := fmt.Sprintf("10.0.%d.5%d", 9+i, i)
		b.eni(eni, task, sub, ip, fmt.Sprintf("arn:aws:ecs:eu-west-1:123456789012:attachment/4c1d7a2e-0b3f-4e5a-9c8d-7e6f5a4b3c2%d", i),
			"interface", "578734482556", monitoringGroups...)
		b.owner(sgmap.Owner{ID: task, Kind: sgmap.OwnerECSTask, Name: fmt.Sprintf("prometheus-%d", i),
			InterfaceIDs: []string{eni}, Parent: &sgmap.Parent{Kind: sgmap.ParentECSService, ID: service, Name: "prometheus"},
			Detail: map[string]string{"cluster": cluster, "launch_type": "FARGATE"}})
	}
	return b
}

func gameTargetGroup() sgmap.TargetGroup {
	tg := sgmap.TargetGroup{ID: tgARN, Name: "game-servers", Protocol: "HTTPS", Port: 8443,
		TargetType: "instance", HealthCheckPort: "traffic-port"}
	for i := 1; i <= 4; i++ {
		tg.Targets = append(tg.Targets, sgmap.Target{ID: fmt.Sprintf("i-0a1b2c3d4e5f6000%d", i), Port: 8443})
	}
	return tg
}

// Article is the article's final design (config #5): each group is named for
// what it encloses, and every rule and group says why it exists.
func Article() *sgmap.Snapshot {
	const (
		game = "sg-0a1b2c3d4e5f60001"
		lb   = "sg-0a1b2c3d4e5f60002"
		mon  = "sg-0a1b2c3d4e5f60003"
	)
	b := gameVPC([]string{game}, []string{mon})
	b.group(game, "game-servers-production", "Production game servers (EC2) behind the game ALB")
	b.group(lb, "lb-game-production", "Application Load Balancer for the production game")
	b.group(mon, "monitoring", "Prometheus tasks (ECS) that scrape production metrics")
	b.rule(game, sgmap.Ingress, "tcp", 8443, 8443, lb, "Game traffic forwarded by the game ALB")
	b.rule(game, sgmap.Ingress, "tcp", 9999, 9999, mon, "OpenMetrics scrape by Prometheus")
	b.rule(game, sgmap.Egress, "-1", -1, -1, "0.0.0.0/0", "Default outbound: updates and game backend APIs")
	b.rule(lb, sgmap.Ingress, "tcp", 443, 443, "0.0.0.0/0", "HTTPS from players")
	b.rule(lb, sgmap.Ingress, "tcp", 80, 80, "0.0.0.0/0", "Plain HTTP from players, redirected to HTTPS")
	b.rule(lb, sgmap.Egress, "tcp", 8443, 8443, game, "Forward game traffic and health checks to the game servers")
	b.rule(mon, sgmap.Egress, "tcp", 9999, 9999, game, "Scrape OpenMetrics on the game servers")
	b.rule(mon, sgmap.Egress, "tcp", 443, 443, "0.0.0.0/0", "Pull images from ECR and push to the metrics backend")
	for i, sub := range []string{subPublicA, subPublicB} {
		b.eni(fmt.Sprintf("eni-0a1b2c3d4e5f6030%d", i+1), albARN, sub, fmt.Sprintf("10.0.%d.20", i),
			"ELB app/game-production/50dc6c495c0c9188", "interface", "amazon-elb", lb)
	}
	b.owner(sgmap.Owner{ID: albARN, Kind: sgmap.OwnerLoadBalancer, Name: "game-production",
		InterfaceIDs: []string{"eni-0a1b2c3d4e5f60301", "eni-0a1b2c3d4e5f60302"}, GroupIDs: []string{lb},
		LoadBalancer: &sgmap.LoadBalancer{Type: "application", Scheme: "internet-facing",
			DNSName:      "game-production-1234567890.eu-west-1.elb.amazonaws.com",
			Listeners:    []sgmap.Listener{{Protocol: "HTTPS", Port: 443}, {Protocol: "HTTP", Port: 80}},
			TargetGroups: []sgmap.TargetGroup{gameTargetGroup()}}})
	return b.s
}
