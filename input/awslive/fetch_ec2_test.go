package awslive

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/google/go-cmp/cmp"
)

// groupWithRules is a group whose IpPermissions hold n peers.
func groupWithRules(id string, n int) ec2types.SecurityGroup {
	g := ec2types.SecurityGroup{GroupId: aws.String(id)}
	for i := range n {
		p := ec2types.IpPermission{IpProtocol: aws.String("tcp")}
		switch i % 4 {
		case 0:
			p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}
		case 1:
			p.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}
		case 2:
			p.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: aws.String("pl-1")}}
		default:
			p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String("sg-x")}}
		}
		if i%2 == 0 {
			g.IpPermissions = append(g.IpPermissions, p)
		} else {
			g.IpPermissionsEgress = append(g.IpPermissionsEgress, p)
		}
	}
	return g
}

func TestChunkGroups(t *testing.T) {
	tests := []struct {
		name  string
		sizes []int
		want  [][]string
	}{
		{"first fit, largest first", []int{300, 600, 100, 500, 400},
			[][]string{{"sg-1", "sg-4"}, {"sg-3", "sg-0", "sg-2"}}},
		{"no rules, no query", []int{0, 3, 0}, [][]string{{"sg-1"}}},
		{"over a page alone", []int{1500, 10}, [][]string{{"sg-0"}, {"sg-1"}}},
		{"exactly a page", []int{1000, 1}, [][]string{{"sg-0"}, {"sg-1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var groups []ec2types.SecurityGroup
			for i, n := range tt.sizes {
				groups = append(groups, groupWithRules(fmt.Sprintf("sg-%d", i), n))
			}
			if diff := cmp.Diff(tt.want, chunkGroups(groups)); diff != "" {
				t.Errorf("chunkGroups(%v) (-want +got):\n%s", tt.sizes, diff)
			}
		})
	}
}

func TestChunkGroups_FilterValueLimit(t *testing.T) {
	var groups []ec2types.SecurityGroup
	for i := range 450 {
		groups = append(groups, groupWithRules(fmt.Sprintf("sg-%03d", i), 1))
	}
	chunks := chunkGroups(groups)
	var sizes []int
	for _, c := range chunks {
		sizes = append(sizes, len(c))
	}
	if diff := cmp.Diff([]int{200, 200, 50}, sizes); diff != "" {
		t.Errorf("chunk sizes for 450 one-rule groups (-want +got):\n%s", diff)
	}
}
