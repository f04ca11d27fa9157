package awsconv

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
	a := eniAddrs{primary: aws.ToString(e.PrivateIpAddress)}
	if e.Association != nil {
		a.public = aws.ToString(e.Association.PublicIp)
	}
	for _, ip := range e.PrivateIpAddresses {
		x := eniAddr{private: aws.ToString(ip.PrivateIpAddress), primary: aws.ToBool(ip.Primary)}
		if ip.Association != nil {
			x.public = aws.ToString(ip.Association.PublicIp)
		}
		a.private = append(a.private, x)
	}
	for _, ip := range e.Ipv6Addresses {
		a.ipv6 = append(a.ipv6, aws.ToString(ip.Ipv6Address))
	}
	a.apply(&out, e.Groups)
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
	a := eniAddrs{primary: aws.ToString(e.PrivateIpAddress)}
	if e.Association != nil {
		a.public = aws.ToString(e.Association.PublicIp)
	}
	for _, ip := range e.PrivateIpAddresses {
		x := eniAddr{private: aws.ToString(ip.PrivateIpAddress), primary: aws.ToBool(ip.Primary)}
		if ip.Association != nil {
			x.public = aws.ToString(ip.Association.PublicIp)
		}
		a.private = append(a.private, x)
	}
	for _, ip := range e.Ipv6Addresses {
		a.ipv6 = append(a.ipv6, aws.ToString(ip.Ipv6Address))
	}
	a.apply(&out, e.Groups)
	return out
}

// eniAddrs are an ENI's addresses as either DescribeNetworkInterfaces or
// DescribeInstances reports them (the SDK has a type for each).
type eniAddrs struct {
	primary string // PrivateIpAddress
	public  string // the ENI's own association
	private []eniAddr
	ipv6    []string
}

type eniAddr struct {
	private, public string
	primary         bool
}

// apply fills out's groups and addresses: private IPs primary first, then
// the others; public IPs of the ENI and of each private address.
func (a eniAddrs) apply(out *sgmap.NetworkInterface, groups []ec2types.GroupIdentifier) {
	for _, g := range groups {
		out.GroupIDs = appendUnique(out.GroupIDs, aws.ToString(g.GroupId))
	}
	out.PrivateIPs = appendUnique(out.PrivateIPs, a.primary)
	for _, ip := range a.private {
		if ip.primary {
			out.PrivateIPs = appendUnique(out.PrivateIPs, ip.private)
		}
	}
	for _, ip := range a.private {
		out.PrivateIPs = appendUnique(out.PrivateIPs, ip.private)
	}
	out.PublicIPs = appendUnique(out.PublicIPs, a.public)
	for _, ip := range a.private {
		out.PublicIPs = appendUnique(out.PublicIPs, ip.public)
	}
	for _, ip := range a.ipv6 {
		out.IPv6Addresses = appendUnique(out.IPv6Addresses, ip)
	}
}
