package collector

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/sgmap/sgmap"
)

// interfaceFromEC2 converts an ENI from DescribeNetworkInterfaces: its own
// group set, private IPv4 addresses with the primary first, IPv6 and public
// addresses. OwnerID is left for owner resolution.
func interfaceFromEC2(e ec2types.NetworkInterface, account, region string) sgmap.NetworkInterface {
	out := sgmap.NetworkInterface{
		ID:               aws.ToString(e.NetworkInterfaceId),
		AccountID:        or(aws.ToString(e.OwnerId), account),
		Region:           region,
		VPCID:            aws.ToString(e.VpcId),
		SubnetID:         aws.ToString(e.SubnetId),
		Description:      aws.ToString(e.Description),
		InterfaceType:    string(e.InterfaceType),
		RequesterID:      aws.ToString(e.RequesterId),
		RequesterManaged: aws.ToBool(e.RequesterManaged),
		Status:           string(e.Status),
		Tags:             tagsFromEC2(e.TagSet),
		GroupIDs:         []string{},
	}
	for _, g := range e.Groups {
		out.GroupIDs = appendUnique(out.GroupIDs, aws.ToString(g.GroupId))
	}
	out.PrivateIPs = appendUnique(out.PrivateIPs, aws.ToString(e.PrivateIpAddress))
	for _, ip := range e.PrivateIpAddresses {
		if aws.ToBool(ip.Primary) {
			out.PrivateIPs = appendUnique(out.PrivateIPs, aws.ToString(ip.PrivateIpAddress))
		}
	}
	for _, ip := range e.PrivateIpAddresses {
		out.PrivateIPs = appendUnique(out.PrivateIPs, aws.ToString(ip.PrivateIpAddress))
	}
	if e.Association != nil {
		out.PublicIPs = appendUnique(out.PublicIPs, aws.ToString(e.Association.PublicIp))
	}
	for _, ip := range e.PrivateIpAddresses {
		if ip.Association != nil {
			out.PublicIPs = appendUnique(out.PublicIPs, aws.ToString(ip.Association.PublicIp))
		}
	}
	for _, ip := range e.Ipv6Addresses {
		out.IPv6Addresses = appendUnique(out.IPv6Addresses, aws.ToString(ip.Ipv6Address))
	}
	// Operator is the newer field: when a service manages the ENI,
	// Principal names it (dependencies.md §3.2).
	if out.RequesterID == "" && e.Operator != nil && aws.ToBool(e.Operator.Managed) {
		out.RequesterID = aws.ToString(e.Operator.Principal)
	}
	return out
}

// interfaceFromInstance converts an ENI as DescribeInstances reports it. It
// is used only for ENIs that DescribeNetworkInterfaces did not return (an
// import of describe-instances output alone).
func interfaceFromInstance(e ec2types.InstanceNetworkInterface, account, region string) sgmap.NetworkInterface {
	out := sgmap.NetworkInterface{
		ID:            aws.ToString(e.NetworkInterfaceId),
		AccountID:     or(aws.ToString(e.OwnerId), account),
		Region:        region,
		VPCID:         aws.ToString(e.VpcId),
		SubnetID:      aws.ToString(e.SubnetId),
		Description:   aws.ToString(e.Description),
		InterfaceType: aws.ToString(e.InterfaceType),
		Status:        string(e.Status),
		GroupIDs:      []string{},
	}
	for _, g := range e.Groups {
		out.GroupIDs = appendUnique(out.GroupIDs, aws.ToString(g.GroupId))
	}
	out.PrivateIPs = appendUnique(out.PrivateIPs, aws.ToString(e.PrivateIpAddress))
	for _, ip := range e.PrivateIpAddresses {
		if aws.ToBool(ip.Primary) {
			out.PrivateIPs = appendUnique(out.PrivateIPs, aws.ToString(ip.PrivateIpAddress))
		}
	}
	for _, ip := range e.PrivateIpAddresses {
		out.PrivateIPs = appendUnique(out.PrivateIPs, aws.ToString(ip.PrivateIpAddress))
	}
	if e.Association != nil {
		out.PublicIPs = appendUnique(out.PublicIPs, aws.ToString(e.Association.PublicIp))
	}
	for _, ip := range e.PrivateIpAddresses {
		if ip.Association != nil {
			out.PublicIPs = appendUnique(out.PublicIPs, aws.ToString(ip.Association.PublicIp))
		}
	}
	for _, ip := range e.Ipv6Addresses {
		out.IPv6Addresses = appendUnique(out.IPv6Addresses, aws.ToString(ip.Ipv6Address))
	}
	return out
}
