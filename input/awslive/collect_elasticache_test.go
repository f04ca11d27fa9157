package awslive_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elasticachetypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsfake"
	"github.com/sgmap/sgmap/input/awslive"
)

// TestCollect_ElastiCache: DescribeCacheClusters through the real SDK
// client (awsquery XML from the fake) gives an elasticache owner in the
// groups the API declares, and the cluster's ENI ("ElastiCache <id>")
// belongs to it rather than to an owner of its own.
func TestCollect_ElastiCache(t *testing.T) {
	scn := awsfake.Article()
	r := scn.Accounts[0].Regions[0]
	g := r.SecurityGroups[0]
	r.CacheClusters = append(r.CacheClusters, elasticachetypes.CacheCluster{CacheClusterId: aws.String("sessions-001"),
		Engine: aws.String("redis"), SecurityGroups: []elasticachetypes.SecurityGroupMembership{{SecurityGroupId: g.GroupId, Status: aws.String("active")}}})
	r.NetworkInterfaces = append(r.NetworkInterfaces, ec2types.NetworkInterface{NetworkInterfaceId: aws.String("eni-0cace000000000001"),
		Description: aws.String("ElastiCache sessions-001"), InterfaceType: ec2types.NetworkInterfaceTypeInterface,
		RequesterId: aws.String("amazon-elasticache"), RequesterManaged: aws.Bool(true), VpcId: g.VpcId,
		SubnetId: r.Subnets[0].SubnetId, OwnerId: aws.String(scn.Accounts[0].ID), PrivateIpAddress: aws.String("10.0.0.200"),
		Groups: []ec2types.GroupIdentifier{{GroupId: g.GroupId, GroupName: g.GroupName}}})
	srv := awsfake.New(t, scn)
	s, st := mustCollect(t, srv, "eu-west-1", awslive.Options{})
	if st.Calls["elasticache:DescribeCacheClusters"] != 1 {
		t.Errorf("calls = %v, want one DescribeCacheClusters", st.Calls)
	}
	x := sgmap.NewIndex(s)
	o := x.Owners["elasticache/sessions-001"]
	if o == nil || o.Kind != sgmap.OwnerElastiCache || o.Detail["engine"] != "redis" {
		t.Fatalf("owner = %+v, want the redis cluster as kind elasticache", o)
	}
	if got := x.OwnerGroups(o.ID); !slices.Equal(got, []string{aws.ToString(g.GroupId)}) {
		t.Errorf("cluster groups = %v, want %s", got, aws.ToString(g.GroupId))
	}
	if e := x.Interfaces["eni-0cace000000000001"]; e == nil || e.OwnerID != o.ID {
		t.Errorf("ENI = %+v, want it owned by the cluster", e)
	}
}
