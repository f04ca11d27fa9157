package awsconv

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// TestSharedInstanceENI: an export gives three instances the same ENI id.
// Each instance keeps its own groups (the bastion's group must not swallow
// the web servers), the graph and the index agree, and a warning names the
// id and the owners.
func TestSharedInstanceENI(t *testing.T) {
	inst := func(id, name string, groups ...string) ec2types.Instance {
		var gs []ec2types.GroupIdentifier
		for _, g := range groups {
			gs = append(gs, ec2types.GroupIdentifier{GroupId: aws.String(g)})
		}
		return ec2types.Instance{InstanceId: aws.String(id), VpcId: aws.String(testVPC), SecurityGroups: gs,
			Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}},
			NetworkInterfaces: []ec2types.InstanceNetworkInterface{{NetworkInterfaceId: aws.String("eni-shared"),
				VpcId: aws.String(testVPC), SubnetId: aws.String("subnet-1"), PrivateIpAddress: aws.String("10.0.0.9"), Groups: gs}}}
	}
	raw := &Raw{AccountID: testAccount, Region: testRegion,
		VPCs:           []ec2types.Vpc{{VpcId: aws.String(testVPC), CidrBlock: aws.String("10.0.0.0/16")}},
		SecurityGroups: []ec2types.SecurityGroup{group("sg-bastion"), group("sg-web")},
		Instances:      []ec2types.Instance{inst("i-bastion", "bastion", "sg-bastion"), inst("i-web1", "web-1", "sg-web"), inst("i-web2", "web-2", "sg-web")},
	}
	s := mustConvert(t, raw)
	x := sgmap.NewIndex(s)
	want := map[string][]string{"i-bastion": {"sg-bastion"}, "i-web1": {"sg-web"}, "i-web2": {"sg-web"}}
	for id, groups := range want {
		if got := x.OwnerGroups(id); !slices.Equal(got, groups) {
			t.Errorf("owner %s is in %v, want its own groups %v", id, got, groups)
		}
	}
	var warned string
	for _, w := range s.Warnings {
		if strings.Contains(w.Message, "eni-shared") {
			warned = w.Message
		}
	}
	for _, name := range []string{"i-bastion", "i-web1", "i-web2"} {
		if !strings.Contains(warned, name) {
			t.Errorf("warning %q does not name %s", warned, name)
		}
	}
	g, err := graph.Build(s, testVPC, graph.Options{View: graph.Detail})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes {
		if groups, ok := want[n.ID]; ok && !slices.Equal(n.Groups, groups) {
			t.Errorf("diagram draws %s in %v, want %v", n.ID, n.Groups, groups)
		}
	}
	for _, gr := range g.Groups {
		if gr.ID == "sg-web" && len(gr.Members) != 2 {
			t.Errorf("sg-web encloses %v, want both web servers", gr.Members)
		}
	}
}

// TestMissingTargets: a classic ELB that lists an instance missing from
// the export gets a warning naming it; present instances do not.
func TestMissingTargets(t *testing.T) {
	raw := &Raw{AccountID: testAccount, Region: testRegion,
		VPCs: []ec2types.Vpc{{VpcId: aws.String(testVPC), CidrBlock: aws.String("10.0.0.0/16")}},
		Instances: []ec2types.Instance{{InstanceId: aws.String("i-here"), VpcId: aws.String(testVPC),
			State: &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning}}},
		ClassicLBs: []elbtypes.LoadBalancerDescription{{LoadBalancerName: aws.String("web-elb"), VPCId: aws.String(testVPC),
			ListenerDescriptions: []elbtypes.ListenerDescription{{Listener: &elbtypes.Listener{Protocol: aws.String("HTTP"),
				LoadBalancerPort: 80, InstancePort: aws.Int32(8080)}}},
			Instances: []elbtypes.Instance{{InstanceId: aws.String("i-here")}, {InstanceId: aws.String("i-gone")}}}},
	}
	s := mustConvert(t, raw)
	var msgs []string
	for _, w := range s.Warnings {
		if w.Code == "missing-target" {
			msgs = append(msgs, w.Message)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "i-gone") || strings.Contains(msgs[0], "i-here") || !strings.Contains(msgs[0], "web-elb") {
		t.Errorf("missing-target warnings = %q, want one naming web-elb and i-gone only", msgs)
	}
}
