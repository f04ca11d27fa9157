package awsfake

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2List filters items by the request's Filter parameters (only the
// filters named in keys are accepted, as AWS rejects unknown ones) and
// returns one page of them.
func (s *Server) ec2List(req *request, n int, keys map[string]func(i int) []string, lo, hi int) ([]int, *string, *apiError) {
	var idx []int
	filters := ec2Filters(req.Params)
	for name := range filters {
		if keys[name] == nil {
			return nil, nil, invalid("InvalidParameterValue", "The filter '"+name+"' is invalid")
		}
	}
	for i := range n {
		ok := true
		for name, want := range filters {
			if !slices.ContainsFunc(keys[name](i), func(v string) bool { return slices.Contains(want, v) }) {
				ok = false
			}
		}
		if ok {
			idx = append(idx, i)
		}
	}
	size, err := s.pageSize(req, "MaxResults", lo, hi, 0)
	if err != nil {
		return nil, nil, err
	}
	page, next, err := paginate(idx, req.Params.Get("NextToken"), size)
	if err != nil {
		return nil, nil, err
	}
	if next == "" {
		return page, nil, nil
	}
	return page, aws.String(next), nil
}

func pick[T any](items []T, idx []int) []T {
	out := make([]T, 0, len(idx))
	for _, i := range idx {
		out = append(out, items[i])
	}
	return out
}

func byVPC(f func(i int) *string) map[string]func(int) []string {
	return map[string]func(int) []string{"vpc-id": func(i int) []string { return []string{aws.ToString(f(i))} }}
}

func (s *Server) ec2(req *request) (any, *apiError) {
	r := req.region
	switch req.Operation {
	case "DescribeRegions":
		out := &ec2.DescribeRegionsOutput{}
		for _, reg := range req.account.Regions {
			status := "opt-in-not-required"
			if reg.OptInRequired {
				if req.Params.Get("AllRegions") != "true" {
					continue
				}
				status = "not-opted-in"
			}
			out.Regions = append(out.Regions, ec2types.Region{RegionName: aws.String(reg.Name),
				Endpoint: aws.String("ec2." + reg.Name + ".amazonaws.com"), OptInStatus: aws.String(status)})
		}
		return out, nil
	case "DescribeVpcs":
		idx, next, err := s.ec2List(req, len(r.VPCs), byVPC(func(i int) *string { return r.VPCs[i].VpcId }), 5, 1000)
		return &ec2.DescribeVpcsOutput{Vpcs: pick(r.VPCs, idx), NextToken: next}, err
	case "DescribeSubnets":
		idx, next, err := s.ec2List(req, len(r.Subnets), byVPC(func(i int) *string { return r.Subnets[i].VpcId }), 5, 1000)
		return &ec2.DescribeSubnetsOutput{Subnets: pick(r.Subnets, idx), NextToken: next}, err
	case "DescribeSecurityGroups":
		idx, next, err := s.ec2List(req, len(r.SecurityGroups), byVPC(func(i int) *string { return r.SecurityGroups[i].VpcId }), 5, 1000)
		return &ec2.DescribeSecurityGroupsOutput{SecurityGroups: pick(r.SecurityGroups, idx), NextToken: next}, err
	case "DescribeSecurityGroupRules":
		keys := map[string]func(int) []string{"group-id": func(i int) []string {
			return []string{aws.ToString(r.SecurityGroupRules[i].GroupId)}
		}}
		idx, next, err := s.ec2List(req, len(r.SecurityGroupRules), keys, 5, 1000)
		return &ec2.DescribeSecurityGroupRulesOutput{SecurityGroupRules: pick(r.SecurityGroupRules, idx), NextToken: next}, err
	case "DescribeNetworkInterfaces":
		idx, next, err := s.ec2List(req, len(r.NetworkInterfaces), byVPC(func(i int) *string { return r.NetworkInterfaces[i].VpcId }), 5, 1000)
		return &ec2.DescribeNetworkInterfacesOutput{NetworkInterfaces: pick(r.NetworkInterfaces, idx), NextToken: next}, err
	case "DescribeInstances":
		// One reservation per instance: AWS pages by instance, and the
		// collector must flatten reservations either way.
		idx, next, err := s.ec2List(req, len(r.Instances), byVPC(func(i int) *string { return r.Instances[i].VpcId }), 5, 1000)
		out := &ec2.DescribeInstancesOutput{NextToken: next}
		for _, in := range pick(r.Instances, idx) {
			out.Reservations = append(out.Reservations, ec2types.Reservation{
				OwnerId: aws.String(req.Account), ReservationId: aws.String("r-" + aws.ToString(in.InstanceId)),
				Instances: []ec2types.Instance{in}})
		}
		return out, err
	case "DescribeManagedPrefixLists":
		idx, next, err := s.ec2List(req, len(r.PrefixLists), nil, 1, 100)
		return &ec2.DescribeManagedPrefixListsOutput{PrefixLists: pick(r.PrefixLists, idx), NextToken: next}, err
	case "GetManagedPrefixListEntries":
		id := req.Params.Get("PrefixListId")
		entries, ok := r.PrefixListEntries[id]
		if !ok && !slices.ContainsFunc(r.PrefixLists, func(p ec2types.ManagedPrefixList) bool { return aws.ToString(p.PrefixListId) == id }) {
			return nil, invalid("InvalidPrefixListID.NotFound", "The prefix list ID '"+id+"' does not exist")
		}
		idx, next, err := s.ec2List(req, len(entries), nil, 1, 100)
		return &ec2.GetManagedPrefixListEntriesOutput{Entries: pick(entries, idx), NextToken: next}, err
	case "DescribeVpcEndpoints":
		idx, next, err := s.ec2List(req, len(r.VPCEndpoints), byVPC(func(i int) *string { return r.VPCEndpoints[i].VpcId }), 1, 1000)
		return &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: pick(r.VPCEndpoints, idx), NextToken: next}, err
	case "DescribeNatGateways":
		idx, next, err := s.ec2List(req, len(r.NATGateways), byVPC(func(i int) *string { return r.NATGateways[i].VpcId }), 5, 1000)
		return &ec2.DescribeNatGatewaysOutput{NatGateways: pick(r.NATGateways, idx), NextToken: next}, err
	case "DescribeVpcPeeringConnections":
		idx, next, err := s.ec2List(req, len(r.Peerings), nil, 5, 1000)
		return &ec2.DescribeVpcPeeringConnectionsOutput{VpcPeeringConnections: pick(r.Peerings, idx), NextToken: next}, err
	case "DescribeStaleSecurityGroups":
		vpc := req.Params.Get("VpcId")
		if vpc == "" {
			return nil, invalid("MissingParameter", "The request must contain the parameter VpcId")
		}
		stale := r.StaleGroups[vpc]
		idx, next, err := s.ec2List(req, len(stale), nil, 5, 255)
		return &ec2.DescribeStaleSecurityGroupsOutput{StaleSecurityGroupSet: pick(stale, idx), NextToken: next}, err
	}
	return nil, invalid("InvalidAction", "The action "+req.Operation+" is not valid for this web service.")
}
