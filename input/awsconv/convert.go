package awsconv

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/sgmap/sgmap"
)

// Convert builds one normalised, validated snapshot from the raws of one or
// more accounts and regions. It is pure: the same raws give the same
// snapshot. Objects that appear in several raws (the same VPC imported
// twice) are kept once, first one wins. The error is a
// [*sgmap.ValidationError] when the AWS data breaks the snapshot's
// invariants (a group without a VPC ID, a CIDR that does not parse).
func Convert(raws []*Raw, takenAt time.Time) (*sgmap.Snapshot, error) {
	parts := make([]*sgmap.Snapshot, 0, len(raws))
	for _, raw := range raws {
		if raw != nil {
			parts = append(parts, convertRaw(raw))
		}
	}
	s := sgmap.Merge(parts...)
	s.SchemaVersion, s.TakenAt = sgmap.SchemaVersion, takenAt.UTC()
	// The limits every snapshot is held to (uploads, -snapshot files):
	// a collection or import beyond them could not be served either.
	if err := sgmap.DefaultLimits.Check(s); err != nil {
		return nil, err
	}
	for i := range s.Groups {
		if s.Groups[i].Rules == nil {
			s.Groups[i].Rules = []sgmap.Rule{}
		}
	}
	s.Normalize()
	s.Sanitize()
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("convert AWS data: %w", err)
	}
	return s, nil
}

// convertRaw converts one account and region into a partial snapshot.
func convertRaw(raw *Raw) *sgmap.Snapshot {
	acct, region := raw.AccountID, raw.Region
	s := &sgmap.Snapshot{Warnings: slices.Clone(raw.Warnings)}
	s.Accounts = appendUnique(s.Accounts, acct)
	s.Regions = appendUnique(s.Regions, region)
	for _, v := range raw.VPCs {
		s.VPCs = append(s.VPCs, vpcFromEC2(v, acct, region))
	}
	for _, sn := range raw.Subnets {
		s.Subnets = append(s.Subnets, subnetFromEC2(sn))
	}
	s.Groups = groupsFromRaw(raw, s)
	if slices.ContainsFunc(s.Groups, func(g sgmap.SecurityGroup) bool { return g.VPCID == sgmap.ClassicVPC }) {
		s.VPCs = append(s.VPCs, sgmap.VPC{ID: sgmap.ClassicVPC, AccountID: acct, Region: region,
			Name: "EC2-Classic (security groups without a VPC)"})
	}
	for _, p := range raw.PrefixLists {
		s.PrefixLists = append(s.PrefixLists, prefixListFromEC2(p, raw.PrefixListEntries[aws.ToString(p.PrefixListId)], region))
	}
	for id, entries := range raw.PrefixListEntries {
		if !slices.ContainsFunc(raw.PrefixLists, func(p ec2types.ManagedPrefixList) bool { return aws.ToString(p.PrefixListId) == id }) {
			s.PrefixLists = append(s.PrefixLists, prefixListFromEC2(ec2types.ManagedPrefixList{PrefixListId: aws.String(id)}, entries, region))
		}
	}
	for _, p := range raw.Peerings {
		s.Peerings = append(s.Peerings, peeringFromEC2(p))
	}
	s.Interfaces = interfacesFromRaw(raw)
	s.Owners = ownersFromRaw(raw, s.Interfaces)
	s.Warnings = append(s.Warnings, unshareInstanceENIs(raw, s.Owners, s.Interfaces)...)
	s.Warnings = append(s.Warnings, missingTargets(raw, s.Owners)...)
	if orphans := orphanTargetGroups(raw); len(orphans) > 0 {
		s.Warnings = append(s.Warnings, sgmap.Warning{AccountID: raw.AccountID, Region: raw.Region, Service: "elasticloadbalancing",
			Operation: "DescribeLoadBalancers",
			Message: fmt.Sprintf("%d target group(s) left out because their load balancers are missing: %s",
				len(orphans), strings.Join(clipList(orphans, 5), ", "))})
	}
	for _, x := range s.VPCs {
		s.Accounts = appendUnique(s.Accounts, x.AccountID)
	}
	for _, g := range s.Groups {
		s.Accounts = appendUnique(s.Accounts, g.AccountID)
		s.Regions = appendUnique(s.Regions, g.Region)
	}
	return s
}

// groupsFromRaw converts the groups, taking their rules from
// DescribeSecurityGroupRules where it returned any for the group (they carry
// sgr- IDs) and from IpPermissions otherwise. Rules of groups that
// DescribeSecurityGroups did not return are dropped with a warning, since a
// group needs its VPC.
func groupsFromRaw(raw *Raw, s *sgmap.Snapshot) []sgmap.SecurityGroup {
	bySGR := map[string][]ec2types.SecurityGroupRule{}
	for _, r := range raw.SecurityGroupRules {
		bySGR[aws.ToString(r.GroupId)] = append(bySGR[aws.ToString(r.GroupId)], r)
	}
	var out []sgmap.SecurityGroup
	for _, g := range raw.SecurityGroups {
		sg := securityGroupFromEC2(g, raw.AccountID, raw.Region)
		if rules, ok := bySGR[sg.ID]; ok {
			sg.Rules = sg.Rules[:0]
			for _, r := range rules {
				sg.Rules = append(sg.Rules, ruleFromEC2(r, sg.AccountID, sg.VPCID))
			}
			delete(bySGR, sg.ID)
		}
		out = append(out, sg)
	}
	var orphans []string
	for id := range bySGR {
		orphans = append(orphans, id)
	}
	if len(orphans) > 0 {
		slices.Sort(orphans)
		s.Warnings = append(s.Warnings, sgmap.Warning{AccountID: raw.AccountID, Region: raw.Region, Service: "ec2",
			Operation: "DescribeSecurityGroups",
			Message: fmt.Sprintf("rules of %d group(s) were dropped because the groups themselves (and so their VPC) are missing: %s",
				len(orphans), strings.Join(clipList(orphans, 10), ", "))})
	}
	markStale(out, raw.StaleGroups)
	out = append(out, groupsFromStale(raw, out, s)...)
	return out
}

// groupsFromStale adds the groups that only DescribeStaleSecurityGroups
// reported (an import of its output alone), with just their stale rules,
// and says so in a warning: their other rules are unknown.
func groupsFromStale(raw *Raw, have []sgmap.SecurityGroup, s *sgmap.Snapshot) []sgmap.SecurityGroup {
	known := map[string]bool{}
	for _, g := range have {
		known[g.ID] = true
	}
	var out []sgmap.SecurityGroup
	for _, sg := range raw.StaleGroups {
		id := aws.ToString(sg.GroupId)
		if id == "" || known[id] || aws.ToString(sg.VpcId) == "" {
			continue
		}
		known[id] = true
		g := sgmap.SecurityGroup{ID: id, Name: aws.ToString(sg.GroupName), Description: aws.ToString(sg.Description),
			VPCID: aws.ToString(sg.VpcId), AccountID: raw.AccountID, Region: raw.Region, Rules: []sgmap.Rule{}}
		for _, p := range sg.StaleIpPermissions {
			g.Rules = append(g.Rules, rulesFromStale(p, sgmap.Ingress, g.AccountID, g.VPCID)...)
		}
		for _, p := range sg.StaleIpPermissionsEgress {
			g.Rules = append(g.Rules, rulesFromStale(p, sgmap.Egress, g.AccountID, g.VPCID)...)
		}
		out = append(out, g)
		s.Warnings = append(s.Warnings, sgmap.Warning{AccountID: raw.AccountID, Region: raw.Region, Service: "ec2",
			Operation: "DescribeSecurityGroups",
			Message:   fmt.Sprintf("group %s is known only from DescribeStaleSecurityGroups: only its stale rules are shown", id)})
	}
	return out
}

// rulesFromStale converts a stale permission; its group peers are stale.
func rulesFromStale(p ec2types.StaleIpPermission, dir sgmap.Direction, groupAccount, groupVPC string) []sgmap.Rule {
	perm := ec2types.IpPermission{IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, UserIdGroupPairs: p.UserIdGroupPairs}
	for _, c := range p.IpRanges {
		perm.IpRanges = append(perm.IpRanges, ec2types.IpRange{CidrIp: aws.String(c)})
	}
	for _, pl := range p.PrefixListIds {
		perm.PrefixListIds = append(perm.PrefixListIds, ec2types.PrefixListId{PrefixListId: aws.String(pl)})
	}
	rules := rulesFromPermission(perm, dir, groupAccount, groupVPC)
	for i := range rules {
		if rules[i].Peer.Kind == sgmap.PeerGroup {
			rules[i].Peer.Stale = true
		}
	}
	return rules
}

// orphanTargetGroups names the target groups whose load balancers are not
// in raw; they cannot be drawn. Unattached target groups are not listed:
// there is nothing to draw for them anyway.
func orphanTargetGroups(raw *Raw) []string {
	lbs := map[string]bool{}
	for _, lb := range raw.LoadBalancers {
		lbs[aws.ToString(lb.LoadBalancerArn)] = true
	}
	var out []string
	for _, tg := range raw.TargetGroups {
		if len(tg.LoadBalancerArns) > 0 && !slices.ContainsFunc(tg.LoadBalancerArns, func(a string) bool { return lbs[a] }) {
			out = append(out, or(aws.ToString(tg.TargetGroupName), aws.ToString(tg.TargetGroupArn)))
		}
	}
	return out
}

func clipList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(slices.Clone(s[:n]), fmt.Sprintf("and %d more", len(s)-n))
}

// interfacesFromRaw converts DescribeNetworkInterfaces, plus the ENIs that
// only DescribeInstances reported.
func interfacesFromRaw(raw *Raw) []sgmap.NetworkInterface {
	var out []sgmap.NetworkInterface
	seen := map[string]bool{}
	for _, e := range raw.NetworkInterfaces {
		x := interfaceFromEC2(e, raw.AccountID, raw.Region)
		if !seen[x.ID] {
			seen[x.ID] = true
			out = append(out, x)
		}
	}
	for _, inst := range raw.Instances {
		if inst.State != nil && inst.State.Name == ec2types.InstanceStateNameTerminated {
			continue
		}
		for _, e := range inst.NetworkInterfaces {
			x := interfaceFromInstance(e, raw.AccountID, raw.Region)
			if x.VPCID == "" {
				x.VPCID = aws.ToString(inst.VpcId)
			}
			if !seen[x.ID] && x.ID != "" {
				seen[x.ID] = true
				out = append(out, x)
			}
		}
	}
	return out
}
