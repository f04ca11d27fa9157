package graph

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestBuild_CollapsedNamesAreDistinct: issue 9 item 18 saw two boxes both
// labelled "payments (3 tasks)". Services of the same name in two ECS
// clusters, and one service split over two group sets, get names that
// tell them apart; a unique name stays as it was.
func TestBuild_CollapsedNamesAreDistinct(t *testing.T) {
	s := mustLoad(t, "collapse")
	addTasks := func(cluster string, first, n int, groups ...string) {
		svc := "arn:aws:ecs:eu-west-1:111111111111:service/" + cluster + "/worker"
		for i := first; i < first+n; i++ {
			eni := fmt.Sprintf("eni-%s00000000000%03d", cluster, i)
			s.Interfaces = append(s.Interfaces, sgmap.NetworkInterface{ID: eni, AccountID: "111111111111",
				Region: "eu-west-1", VPCID: "vpc-0000000000000aaaa", SubnetID: "subnet-0000000000000a001",
				PrivateIPs: []string{fmt.Sprintf("10.0.9.%d", i)}, GroupIDs: groups,
				OwnerID: fmt.Sprintf("arn:aws:ecs:eu-west-1:111111111111:task/%s/%d", cluster, i)})
			s.Owners = append(s.Owners, sgmap.Owner{ID: fmt.Sprintf("arn:aws:ecs:eu-west-1:111111111111:task/%s/%d", cluster, i),
				Kind: sgmap.OwnerECSTask, VPCID: "vpc-0000000000000aaaa", InterfaceIDs: []string{eni},
				Parent: &sgmap.Parent{Kind: sgmap.ParentECSService, ID: svc, Name: "worker"}})
		}
	}
	worker := findNode(mustBuild(t, s, "", Options{}), "ecs-service:arn:aws:ecs:eu-west-1:111111111111:service/c/worker")
	if worker == nil || worker.Name != "worker (3 tasks)" {
		t.Fatalf("the lone worker service = %+v, want its plain name", worker)
	}
	groups := worker.Groups
	addTasks("d", 1, 3, groups...)              // same name and count, other cluster
	addTasks("e", 1, 3, groups...)              // split: 3 tasks here…
	addTasks("e", 4, 3, "sg-000000000000000a1") // …and 3 in another group set
	s.Normalize()
	g := mustBuild(t, s, "", Options{})
	checkInvariants(t, s, g)
	want := []string{"worker c/worker (3 tasks)", "worker d/worker (3 tasks)", "worker e/worker #1 (3 tasks)", "worker e/worker #2 (3 tasks)"}
	var got []string
	seen := map[string]string{}
	for _, n := range g.Nodes {
		if prev, dup := seen[n.Name]; dup {
			t.Errorf("nodes %s and %s are both named %q", prev, n.ID, n.Name)
		}
		seen[n.Name] = n.ID
		if n.Kind == KindECSService {
			got = append(got, n.Name)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("ECS service names = %q, want %q", got, want)
	}
}
