package awslive

import (
	"context"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2Page is the page size asked of EC2 Describe calls that accept it
// (their maximum; prefix lists allow 100, stale groups 255).
var ec2Page = aws.Int32(1000)

// vpcFilter is the EC2 vpc-id filter for Options.VPCIDs, nil without.
func (rr *regionRun) vpcFilter() []ec2types.Filter {
	if len(rr.c.opt.VPCIDs) == 0 {
		return nil
	}
	return []ec2types.Filter{{Name: aws.String("vpc-id"), Values: rr.c.opt.VPCIDs}}
}

// fetchEC2 fetches the VPC-level resources. Every call is independent
// except rules (by group), prefix-list entries (per list) and stale groups
// (per VPC with a peering), which follow the pages they depend on as soon
// as they arrive.
func (rr *regionRun) fetchEC2(ctx context.Context) int {
	c, f, raw := rr.ec2, rr.vpcFilter(), rr.raw
	var wg sync.WaitGroup
	wg.Go(func() {
		err := pages(ctx, ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{Filters: f, MaxResults: ec2Page}),
			func(o *ec2.DescribeVpcsOutput) { add(rr, &raw.VPCs, o.Vpcs...) })
		rr.check(ctx, "ec2", "DescribeVpcs", err)
	})
	wg.Go(func() {
		err := pages(ctx, ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{Filters: f, MaxResults: ec2Page}),
			func(o *ec2.DescribeSubnetsOutput) { add(rr, &raw.Subnets, o.Subnets...) })
		rr.check(ctx, "ec2", "DescribeSubnets", err)
	})
	wg.Go(func() { rr.fetchGroups(ctx, f) })
	wg.Go(func() {
		err := pages(ctx, ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{Filters: f, MaxResults: ec2Page}),
			func(o *ec2.DescribeNetworkInterfacesOutput) { add(rr, &raw.NetworkInterfaces, o.NetworkInterfaces...) })
		rr.check(ctx, "ec2", "DescribeNetworkInterfaces", err)
	})
	wg.Go(func() {
		err := pages(ctx, ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{Filters: f, MaxResults: ec2Page}),
			func(o *ec2.DescribeInstancesOutput) {
				for _, res := range o.Reservations {
					add(rr, &raw.Instances, res.Instances...)
				}
			})
		rr.check(ctx, "ec2", "DescribeInstances", err)
	})
	wg.Go(func() {
		err := pages(ctx, ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{Filters: f, MaxResults: ec2Page}),
			func(o *ec2.DescribeVpcEndpointsOutput) { add(rr, &raw.VPCEndpoints, o.VpcEndpoints...) })
		rr.check(ctx, "ec2", "DescribeVpcEndpoints", err)
	})
	wg.Go(func() {
		err := pages(ctx, ec2.NewDescribeNatGatewaysPaginator(c, &ec2.DescribeNatGatewaysInput{Filter: f, MaxResults: ec2Page}),
			func(o *ec2.DescribeNatGatewaysOutput) { add(rr, &raw.NATGateways, o.NatGateways...) })
		rr.check(ctx, "ec2", "DescribeNatGateways", err)
	})
	wg.Go(func() { rr.fetchPrefixLists(ctx) })
	wg.Go(func() { rr.fetchPeerings(ctx) })
	wg.Wait()
	return len(raw.VPCs) + len(raw.Subnets) + len(raw.SecurityGroups) + len(raw.NetworkInterfaces) +
		len(raw.Instances) + len(raw.VPCEndpoints) + len(raw.NATGateways) + len(raw.PrefixLists) + len(raw.Peerings)
}

// fetchPrefixLists fetches the managed prefix lists and the entries of the
// customer-managed ones. AWS-managed lists (com.amazonaws.<region>.s3,
// owner "AWS") are named well enough to label a peer, and their entries
// are large and change without notice, so they are not fetched.
func (rr *regionRun) fetchPrefixLists(ctx context.Context) {
	var wg sync.WaitGroup
	err := pages(ctx, ec2.NewDescribeManagedPrefixListsPaginator(rr.ec2, &ec2.DescribeManagedPrefixListsInput{MaxResults: aws.Int32(100)}),
		func(o *ec2.DescribeManagedPrefixListsOutput) {
			add(rr, &rr.raw.PrefixLists, o.PrefixLists...)
			for _, pl := range o.PrefixLists {
				if aws.ToString(pl.OwnerId) == "AWS" {
					continue
				}
				id := aws.ToString(pl.PrefixListId)
				wg.Go(func() {
					var entries []ec2types.PrefixListEntry
					err := pages(ctx, ec2.NewGetManagedPrefixListEntriesPaginator(rr.ec2,
						&ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String(id), MaxResults: aws.Int32(100)}),
						func(o *ec2.GetManagedPrefixListEntriesOutput) { entries = append(entries, o.Entries...) })
					rr.check(ctx, "ec2", "GetManagedPrefixListEntries", err)
					rr.mu.Lock()
					if rr.raw.PrefixListEntries == nil {
						rr.raw.PrefixListEntries = map[string][]ec2types.PrefixListEntry{}
					}
					rr.raw.PrefixListEntries[id] = entries
					rr.mu.Unlock()
				})
			}
		})
	rr.check(ctx, "ec2", "DescribeManagedPrefixLists", err)
	wg.Wait()
}

// fetchPeerings fetches peering connections, then the stale rules of each
// of this account's VPCs (in this region) that has one. Stale references
// only arise across peerings, so VPCs without any are not asked: one
// DescribeStaleSecurityGroups call per peered VPC is the authoritative
// stale signal at the lowest cost.
func (rr *regionRun) fetchPeerings(ctx context.Context) {
	var peered []string
	err := pages(ctx, ec2.NewDescribeVpcPeeringConnectionsPaginator(rr.ec2, &ec2.DescribeVpcPeeringConnectionsInput{MaxResults: ec2Page}),
		func(o *ec2.DescribeVpcPeeringConnectionsOutput) {
			add(rr, &rr.raw.Peerings, o.VpcPeeringConnections...)
			for _, p := range o.VpcPeeringConnections {
				for _, side := range []*ec2types.VpcPeeringConnectionVpcInfo{p.RequesterVpcInfo, p.AccepterVpcInfo} {
					if side == nil || aws.ToString(side.OwnerId) != rr.account || (side.Region != nil && *side.Region != rr.region) {
						continue
					}
					vpc := aws.ToString(side.VpcId)
					if !slices.Contains(peered, vpc) && (len(rr.c.opt.VPCIDs) == 0 || slices.Contains(rr.c.opt.VPCIDs, vpc)) {
						peered = append(peered, vpc)
					}
				}
			}
		})
	rr.check(ctx, "ec2", "DescribeVpcPeeringConnections", err)
	var wg sync.WaitGroup
	for _, vpc := range peered {
		wg.Go(func() {
			err := pages(ctx, ec2.NewDescribeStaleSecurityGroupsPaginator(rr.ec2,
				&ec2.DescribeStaleSecurityGroupsInput{VpcId: aws.String(vpc), MaxResults: aws.Int32(255)}),
				func(o *ec2.DescribeStaleSecurityGroupsOutput) {
					add(rr, &rr.raw.StaleGroups, o.StaleSecurityGroupSet...)
				})
			rr.check(ctx, "ec2", "DescribeStaleSecurityGroups", err)
		})
	}
	wg.Wait()
}

// Limits of one DescribeSecurityGroupRules call: rules per page, and
// values of one filter (EC2 accepts up to 200).
const (
	rulesPerPage   = 1000
	groupsPerQuery = 200
)

// fetchGroups fetches the groups, and their rules with one
// DescribeSecurityGroupRules query per chunk of groups holding at most a
// page of rules (counted from the groups' IpPermissions). That costs as
// many calls as paging through every rule of the region, but the chunks
// run in parallel instead of one page after the other (the longest chain
// of a large account), and with -vpc only the kept groups' rules are
// fetched. If the groups cannot be listed, rules are paged unfiltered.
func (rr *regionRun) fetchGroups(ctx context.Context, f []ec2types.Filter) {
	var wg sync.WaitGroup
	rulesOf := func(ids []string) {
		wg.Go(func() {
			in := &ec2.DescribeSecurityGroupRulesInput{MaxResults: aws.Int32(rulesPerPage)}
			if ids != nil {
				in.Filters = []ec2types.Filter{{Name: aws.String("group-id"), Values: ids}}
			}
			err := pages(ctx, ec2.NewDescribeSecurityGroupRulesPaginator(rr.ec2, in),
				func(o *ec2.DescribeSecurityGroupRulesOutput) {
					add(rr, &rr.raw.SecurityGroupRules, o.SecurityGroupRules...)
				})
			rr.check(ctx, "ec2", "DescribeSecurityGroupRules", err)
		})
	}
	err := pages(ctx, ec2.NewDescribeSecurityGroupsPaginator(rr.ec2, &ec2.DescribeSecurityGroupsInput{Filters: f, MaxResults: ec2Page}),
		func(o *ec2.DescribeSecurityGroupsOutput) {
			add(rr, &rr.raw.SecurityGroups, o.SecurityGroups...)
			for _, chunk := range chunkGroups(o.SecurityGroups) {
				rulesOf(chunk)
			}
		})
	if !rr.check(ctx, "ec2", "DescribeSecurityGroups", err) {
		wg.Wait()
		rr.mu.Lock()
		rr.raw.SecurityGroupRules = nil // the unfiltered pages below hold them all
		rr.mu.Unlock()
		rulesOf(nil)
	}
	wg.Wait()
}

// chunkGroups packs groups into chunks of at most rulesPerPage rules and
// groupsPerQuery groups (first fit, largest first). Groups without rules
// need no query.
func chunkGroups(groups []ec2types.SecurityGroup) [][]string {
	type sized struct {
		id    string
		rules int
	}
	var gs []sized
	for _, g := range groups {
		n := 0
		for _, p := range append(slices.Clone(g.IpPermissions), g.IpPermissionsEgress...) {
			n += len(p.IpRanges) + len(p.Ipv6Ranges) + len(p.PrefixListIds) + len(p.UserIdGroupPairs)
		}
		if n > 0 {
			gs = append(gs, sized{aws.ToString(g.GroupId), n})
		}
	}
	slices.SortStableFunc(gs, func(a, b sized) int { return b.rules - a.rules })
	var chunks [][]string
	var room []int
	for _, g := range gs {
		i := -1
		for j := range chunks {
			if room[j] >= g.rules && len(chunks[j]) < groupsPerQuery {
				i = j
				break
			}
		}
		if i < 0 {
			chunks, room = append(chunks, nil), append(room, rulesPerPage)
			i = len(chunks) - 1
		}
		chunks[i] = append(chunks[i], g.id)
		room[i] -= g.rules
	}
	return chunks
}
