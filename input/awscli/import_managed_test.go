package awscli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// TestImport_ManagedServices: Redshift, MSK, ElastiCache, EFS, OpenSearch
// and EKS from their AWS CLI outputs become owners of their own kinds in
// the groups their APIs declare, meet the ENIs that name them (one owner,
// not two), EKS nodes are marked through their Auto Scaling group, and the
// diagram gives each kind its shape.
func TestImport_ManagedServices(t *testing.T) {
	s, err := ImportOptions{TakenAt: testTime}.Import([]string{"testdata/managed"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range s.Warnings {
		t.Errorf("warning: %s", w.Message)
	}
	x := sgmap.NewIndex(s)
	want := []struct {
		id    string
		kind  sgmap.OwnerKind
		group string
		eni   string // the ENI it must own, if any
	}{
		{"redshift/analytics", sgmap.OwnerRedshift, "sg-0d0a7a0000000001", "eni-0d0a7a0000000001"},
		{"arn:aws:kafka:eu-west-1:123456789012:cluster/events/0d0a7a01-1111-2222-3333-444455556666-2", sgmap.OwnerMSK, "sg-0d0a7a0000000002", ""},
		{"elasticache/sessions-001", sgmap.OwnerElastiCache, "sg-0d0a7a0000000003", "eni-0d0a7a0000000003"},
		{"fs-0d0a7a01", sgmap.OwnerEFS, "sg-0d0a7a0000000004", "eni-0d0a7a0000000004"},
		{"opensearch/logs", sgmap.OwnerOpenSearch, "sg-0d0a7a0000000005", ""},
		{"eks/platform", sgmap.OwnerEKS, "sg-0d0a7a0000000006", "eni-0d0a7a0000000006"},
	}
	for _, w := range want {
		o := x.Owners[w.id]
		if o == nil {
			t.Errorf("no owner %s", w.id)
			continue
		}
		if o.Kind != w.kind || o.VPCID != "vpc-0d0a7a0000000001" || !slices.Equal(x.OwnerGroups(w.id), []string{w.group}) {
			t.Errorf("owner %s: kind %s, VPC %s, groups %v; want %s in %s", w.id, o.Kind, o.VPCID, x.OwnerGroups(w.id), w.kind, w.group)
		}
		if w.eni != "" && (x.Interfaces[w.eni] == nil || x.Interfaces[w.eni].OwnerID != w.id) {
			t.Errorf("ENI %s is not owned by %s", w.eni, w.id)
		}
	}
	if n := len(s.Owners); n != len(want)+1 {
		t.Errorf("%d owners, want %d (the services and one EKS node): an ENI got an owner of its own", n, len(want)+1)
	}
	node := x.Owners["i-0d0a7a0000000001"]
	if node == nil || node.Detail["eks_cluster"] != "platform" || node.Detail["eks_nodegroup"] != "workers" {
		t.Errorf("EKS node = %+v, want it marked as platform/workers", node)
	}

	g, err := graph.Build(s, "vpc-0d0a7a0000000001", graph.Options{View: graph.Detail})
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := graph.WriteDOT(&dot, g); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, n := range g.Nodes {
		kinds[n.Kind] = true
	}
	for kind, shape := range map[string]string{"redshift": "trapezium", "msk": "parallelogram", "elasticache": "septagon",
		"efs": "tab", "opensearch": "pentagon", "eks": "Msquare"} {
		if !kinds[kind] {
			t.Errorf("the diagram has no %s node", kind)
		}
		if !strings.Contains(dot.String(), "shape="+shape) {
			t.Errorf("the DOT has no %s shape for %s", shape, kind)
		}
	}
}

// TestImport_MSKListClustersV1: `aws kafka list-clusters` (v1) has the
// broker groups at the top of each cluster, not under Provisioned; it
// decodes into the same SDK type and gives the same owner as v2.
func TestImport_MSKListClustersV1(t *testing.T) {
	dir := t.TempDir()
	files, err := filepath.Glob("testdata/managed/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.Contains(f, "kafka") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const v1 = `{"ClusterInfoList": [{"ClusterArn": "arn:aws:kafka:eu-west-1:123456789012:cluster/events/1",
  "ClusterName": "events", "BrokerNodeGroupInfo": {"ClientSubnets": ["subnet-0d0a7a0000000001"],
  "InstanceType": "kafka.m5.large", "SecurityGroups": ["sg-0d0a7a0000000002"]}}]}`
	if err := os.WriteFile(filepath.Join(dir, "kafka-list-clusters.json"), []byte(v1), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := ImportOptions{TakenAt: testTime}.Import([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	x := sgmap.NewIndex(s)
	const id = "arn:aws:kafka:eu-west-1:123456789012:cluster/events/1"
	if o := x.Owners[id]; o == nil || o.Kind != sgmap.OwnerMSK || !slices.Equal(x.OwnerGroups(id), []string{"sg-0d0a7a0000000002"}) {
		t.Errorf("MSK owner = %+v (groups %v), want kind msk in sg-0d0a7a0000000002", o, x.OwnerGroups(id))
	}
}
