package awsfake

import (
	"fmt"
	"time"

	"github.com/sgmap/sgmap"
)

// Large sizes: what [Large] builds.
const (
	LargeVPCs          = 3
	LargeGroups        = 600
	LargeRulesPerGroup = 14 // 8,400 rules
	LargeInstances     = 3000
	LargeECSClusters   = 3
	LargeECSServices   = 30 // 10 per cluster
	LargeECSTasks      = 1500
	LargeLambdas       = 50 // 2 shared ENIs each
	LargeLoadBalancers = 20 // 2 ENIs, 2 listeners and 2 target groups each
	LargeRDS           = 100
	LargeEndpoints     = 50 // 2 ENIs each
	LargeNATs          = 6
	LargeUnowned       = 154 // ENIs with no known owner: 5,000 ENIs in all
	LargePrefixLists   = 3   // customer-managed, 10 entries each (+2 AWS-managed)
)

// Large returns a deterministic synthetic account for scale work: one
// region, 3 VPCs (two of them peered), 600 groups, 8,400 rules, 5,000 ENIs
// owned by instances, ECS tasks, Lambda functions, load balancers, RDS,
// endpoints and NAT gateways, served with AWS's real maximum page sizes
// (1,000 per EC2 page, 400 ELB, 100 ECS and RDS, 50 Lambda).
func Large() *Scenario {
	const account, region = "111122223333", "eu-central-1"
	s := &sgmap.Snapshot{Accounts: []string{account}, Regions: []string{region},
		TakenAt: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	vpc := func(i int) string { return fmt.Sprintf("vpc-%017x", 0xa00+i%LargeVPCs) }
	subnet := func(i int) string { return fmt.Sprintf("subnet-%017x", 0xb00+i%(LargeVPCs*4)) }
	group := func(i int) string { return fmt.Sprintf("sg-%017x", 0xc000+i%LargeGroups) }
	for v := range LargeVPCs {
		s.VPCs = append(s.VPCs, sgmap.VPC{ID: vpc(v), AccountID: account, Region: region,
			CIDRs: []string{fmt.Sprintf("10.%d.0.0/16", v)}, Tags: map[string]string{"Name": fmt.Sprintf("vpc-%d", v)}})
	}
	for n := range LargeVPCs * 4 {
		s.Subnets = append(s.Subnets, sgmap.Subnet{ID: subnet(n), VPCID: vpc(n), AvailabilityZone: region + "abc"[n/LargeVPCs%3:][:1],
			CIDRs: []string{fmt.Sprintf("10.%d.%d.0/22", n%LargeVPCs, n/LargeVPCs*4)}})
	}
	// Groups live in the VPC of their index; ENIs pick groups of their own VPC.
	for g := range LargeGroups {
		sg := sgmap.SecurityGroup{ID: group(g), Name: fmt.Sprintf("tier-%03d", g), Description: "synthetic tier",
			VPCID: vpc(g), AccountID: account, Region: region}
		for k := range LargeRulesPerGroup {
			r := sgmap.Rule{ID: fmt.Sprintf("sgr-%017x", g*LargeRulesPerGroup+k), Direction: sgmap.Ingress, Protocol: "tcp",
				FromPort: int32(1000 + k), ToPort: int32(1000 + k), Description: "synthetic"}
			switch k % 4 {
			case 0:
				r.Peer = sgmap.Peer{Kind: sgmap.PeerGroup, Value: group(g + LargeVPCs*(k+1))}
			case 1:
				r.Peer = sgmap.Peer{Kind: sgmap.PeerIPv4, Value: fmt.Sprintf("10.%d.%d.0/24", g%LargeVPCs, k)}
			case 2:
				r.Peer = sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: fmt.Sprintf("pl-%017x", 0xd00+k%LargePrefixLists)}
			default:
				r.Direction, r.Protocol, r.FromPort, r.ToPort = sgmap.Egress, "-1", -1, -1
				r.Peer = sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}
			}
			sg.Rules = append(sg.Rules, r)
		}
		s.Groups = append(s.Groups, sg)
	}
	enis := 0
	newENI := func(owner string, i int, desc, typ, requester string) string {
		id := fmt.Sprintf("eni-%017x", 0x100000+enis)
		v := i % LargeVPCs
		s.Interfaces = append(s.Interfaces, sgmap.NetworkInterface{ID: id, AccountID: account, Region: region, VPCID: vpc(v),
			SubnetID: subnet(v + LargeVPCs*(i%4)), Description: desc, InterfaceType: typ, RequesterID: requester,
			RequesterManaged: requester != "", Status: "in-use",
			PrivateIPs: []string{fmt.Sprintf("10.%d.%d.%d", v, enis/250, enis%250+1)},
			GroupIDs:   []string{group(v + LargeVPCs*(i%(LargeGroups/LargeVPCs)))}, OwnerID: owner})
		enis++
		return id
	}
	owner := func(o sgmap.Owner, i int) {
		o.AccountID, o.Region, o.VPCID = account, region, vpc(i)
		s.Owners = append(s.Owners, o)
	}
	for i := range LargeInstances {
		id := fmt.Sprintf("i-%017x", 0x200000+i)
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerInstance, Name: fmt.Sprintf("web-%04d", i),
			InterfaceIDs: []string{newENI(id, i, "Primary network interface", "interface", "")},
			Tags:         map[string]string{"aws:autoscaling:groupName": fmt.Sprintf("asg-%02d", i%40)},
			Detail:       map[string]string{"instance_type": "m7g.large"}}, i)
	}
	for i := range LargeECSTasks {
		c := i % LargeECSClusters
		cluster := fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/cluster-%d", region, account, c)
		id := fmt.Sprintf("arn:aws:ecs:%s:%s:task/cluster-%d/%032x", region, account, c, i)
		svc := i % LargeECSServices
		// Tasks of one service stay in one VPC: the service's index.
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerECSTask, InterfaceIDs: []string{newENI(id, svc,
			fmt.Sprintf("arn:aws:ecs:%s:%s:attachment/%032x", region, account, i), "interface", "")},
			Parent: &sgmap.Parent{Kind: sgmap.ParentECSService, Name: fmt.Sprintf("svc-%02d", svc),
				ID: fmt.Sprintf("arn:aws:ecs:%s:%s:service/cluster-%d/svc-%02d", region, account, c, svc)},
			Detail: map[string]string{"cluster": cluster, "launch_type": "FARGATE"}}, svc)
	}
	for i := range LargeLambdas {
		id := fmt.Sprintf("fn-%02d", i)
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerLambda, Name: id, InterfaceIDs: []string{
			newENI(id, i, "AWS Lambda VPC ENI-"+id+"-a", "lambda", "AROAFAKE:"+id),
			newENI(id, i, "AWS Lambda VPC ENI-"+id+"-b", "lambda", "AROAFAKE:"+id)}}, i)
	}
	for i := range LargeLoadBalancers {
		name := fmt.Sprintf("alb-%02d", i)
		id := fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/%016x", region, account, name, i)
		desc := fmt.Sprintf("ELB app/%s/%016x", name, i)
		lb := &sgmap.LoadBalancer{Type: "application", Scheme: "internal",
			Listeners: []sgmap.Listener{{Protocol: "HTTPS", Port: 443}, {Protocol: "HTTP", Port: 80}}}
		for t := range 2 {
			tg := sgmap.TargetGroup{ID: fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/tg-%02d-%d/%016x", region, account, i, t, i*2+t),
				Protocol: "HTTP", Port: 8080, TargetType: "instance"}
			for k := range 10 {
				tg.Targets = append(tg.Targets, sgmap.Target{ID: fmt.Sprintf("i-%017x", 0x200000+(i*20+t*10+k)*LargeVPCs%LargeInstances+i%LargeVPCs), Port: 8080})
			}
			lb.TargetGroups = append(lb.TargetGroups, tg)
		}
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerLoadBalancer, Name: name, GroupIDs: []string{group(i % LargeVPCs)},
			InterfaceIDs: []string{newENI(id, i, desc, "interface", "amazon-elb"), newENI(id, i, desc, "interface", "amazon-elb")},
			LoadBalancer: lb}, i)
	}
	for i := range LargeRDS {
		id := fmt.Sprintf("db-%03d", i)
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerRDS, Name: id, Detail: map[string]string{"engine": "postgres"},
			InterfaceIDs: []string{newENI(id, i, "RDSNetworkInterface", "interface", "amazon-rds")}}, i)
	}
	for i := range LargeEndpoints {
		id := fmt.Sprintf("vpce-%017x", 0x300000+i)
		desc := "VPC Endpoint Interface " + id
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerVPCEndpoint, Detail: map[string]string{"service_name": "com.amazonaws." + region + ".s3"},
			InterfaceIDs: []string{newENI(id, i, desc, "vpc_endpoint", "727180483921"), newENI(id, i, desc, "vpc_endpoint", "727180483921")}}, i)
	}
	for i := range LargeNATs {
		id := fmt.Sprintf("nat-%017x", 0x400000+i)
		owner(sgmap.Owner{ID: id, Kind: sgmap.OwnerNATGateway,
			InterfaceIDs: []string{newENI(id, i, "Interface for NAT Gateway "+id, "nat_gateway", "")}}, i)
	}
	for i := range LargeUnowned {
		newENI("", i, "", "interface", "")
	}
	for i := range LargePrefixLists + 2 {
		pl := sgmap.PrefixList{ID: fmt.Sprintf("pl-%017x", 0xd00+i), Name: fmt.Sprintf("office-%d", i), AccountID: account,
			Region: region, AddressFamily: "IPv4", MaxEntries: 20}
		if i >= LargePrefixLists {
			pl.Name, pl.AccountID = fmt.Sprintf("com.amazonaws.%s.service-%d", region, i), "AWS"
		} else {
			for k := range 10 {
				pl.Entries = append(pl.Entries, sgmap.PrefixListEntry{CIDR: fmt.Sprintf("192.0.%d.%d/32", i, k)})
			}
		}
		s.PrefixLists = append(s.PrefixLists, pl)
	}
	s.Peerings = []sgmap.PeeringConnection{{ID: "pcx-0000000000000a001", Status: "active",
		Requester: sgmap.PeeringSide{VPCID: vpc(0), AccountID: account, Region: region, CIDRs: []string{"10.0.0.0/16"}},
		Accepter:  sgmap.PeeringSide{VPCID: vpc(1), AccountID: account, Region: region, CIDRs: []string{"10.1.0.0/16"}}}}
	scn := FromSnapshot(s)
	// One peering seen from both sides is listed once by the API.
	r := scn.Accounts[0].Regions[0]
	r.Peerings = r.Peerings[:1]
	scn.PageSize = map[string]int{"DescribeNetworkInterfaces": 1000, "DescribeSecurityGroups": 1000,
		"DescribeSecurityGroupRules": 1000, "DescribeInstances": 1000}
	return scn
}
