package graph

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

var update = flag.Bool("update", false, "update golden files")

func mustLoad(t testing.TB, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := sgmap.LoadSnapshotFile(filepath.Join("testdata", name+".snapshot.json"))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return s
}

func mustBuild(t testing.TB, s *sgmap.Snapshot, vpc string, opt Options) *Graph {
	t.Helper()
	g, err := Build(s, vpc, opt)
	if err != nil {
		t.Fatalf("Build(%s, %q, %+v): %v", s.ID, vpc, opt, err)
	}
	return g
}

func mustDOT(t testing.TB, g *Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDOT(&buf, g); err != nil {
		t.Fatalf("WriteDOT: %v", err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test ./graph -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden (run go test ./graph -update and review the diff):\n%s", name,
			cmp.Diff(string(want), string(got)))
	}
}

func mustJSON(t testing.TB, g *Graph) []byte {
	t.Helper()
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// snapshotGroups computes, from the snapshot alone, the groups each owner
// and ownerless ENI is in: the union over its ENIs, or the owner's declared
// groups when it has no ENIs.
func snapshotGroups(s *sgmap.Snapshot) map[string][]string {
	out := map[string][]string{}
	owned := map[string]bool{}
	for _, o := range s.Owners {
		var gs []string
		n := 0
		for _, e := range s.Interfaces {
			if e.OwnerID == o.ID || slices.Contains(o.InterfaceIDs, e.ID) {
				gs = append(gs, e.GroupIDs...)
				owned[e.ID] = true
				n++
			}
		}
		if n == 0 {
			gs = append(gs, o.GroupIDs...)
		}
		slices.Sort(gs)
		out[o.ID] = slices.Compact(gs)
	}
	for _, e := range s.Interfaces {
		if !owned[e.ID] {
			out[e.ID] = slices.Clone(e.GroupIDs)
		}
	}
	return out
}

// checkInvariants checks what must hold for every graph: membership seen
// through clusters and regions equals the snapshot's, references resolve,
// IDs are unique and lists sorted.
func checkInvariants(t *testing.T, s *sgmap.Snapshot, g *Graph) {
	t.Helper()
	want := snapshotGroups(s)
	groups := map[string]*Group{}
	for i := range g.Groups {
		gr := &g.Groups[i]
		if groups[gr.ID] != nil {
			t.Errorf("duplicate group %s", gr.ID)
		}
		groups[gr.ID] = gr
	}
	regions := map[string]*Region{}
	for i := range g.Regions {
		regions[g.Regions[i].ID] = &g.Regions[i]
	}
	nodes := map[string]*Node{}
	members := map[string][]string{}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if nodes[n.ID] != nil {
			t.Errorf("duplicate node %s", n.ID)
		}
		nodes[n.ID] = n
		// The node's groups are its snapshot groups (union over the owners
		// it stands for).
		var snap []string
		owners := n.Owners
		if len(owners) == 0 {
			owners = []string{n.ID}
		}
		for _, o := range owners {
			snap = append(snap, want[o]...)
		}
		slices.Sort(snap)
		snap = slices.Compact(snap)
		if _, isOwner := want[owners[0]]; isOwner && !slices.Equal(nonNil(snap), n.Groups) {
			t.Errorf("node %s groups = %v, snapshot says %v", n.ID, n.Groups, snap)
		}
		// Walking out from where it is drawn names exactly its groups.
		var seen []string
		at, steps := n.Cluster, 0
		for at != "" && steps < 100 {
			steps++
			if r := regions[at]; r != nil {
				seen = append(seen, r.Groups...)
				at = r.Parent
			} else if gr := groups[at]; gr != nil {
				if len(gr.Regions) > 0 {
					t.Errorf("node %s drawn in split group %s", n.ID, at)
				}
				seen = append(seen, gr.ID)
				at = gr.Parent
			} else {
				t.Errorf("node %s: cluster %q does not exist", n.ID, at)
				break
			}
		}
		slices.Sort(seen)
		if !slices.Equal(nonNil(seen), n.Groups) {
			t.Errorf("node %s is drawn inside %v, its groups are %v", n.ID, seen, n.Groups)
		}
		for _, gid := range n.Groups {
			members[gid] = append(members[gid], n.ID)
		}
		if n.Count < 1 {
			t.Errorf("node %s count %d", n.ID, n.Count)
		}
	}
	for id, gr := range groups {
		if !slices.Equal(nonNil(members[id]), gr.Members) {
			t.Errorf("group %s members = %v, want %v", id, gr.Members, members[id])
		}
		if gr.Parent != "" && groups[gr.Parent] == nil && regions[gr.Parent] == nil {
			t.Errorf("group %s parent %q does not exist", id, gr.Parent)
		}
		for _, rid := range gr.Regions {
			if r := regions[rid]; r == nil || !slices.Contains(r.Groups, id) {
				t.Errorf("group %s lists region %s that does not name it", id, rid)
			}
		}
	}
	for _, r := range g.Regions {
		for _, gid := range r.Groups {
			if gr := groups[gid]; gr == nil || !slices.Contains(gr.Regions, r.ID) {
				t.Errorf("region %s: group %s does not list it", r.ID, gid)
			}
		}
	}
	edgeIDs := map[string]bool{}
	for _, e := range g.Edges {
		if edgeIDs[e.ID] {
			t.Errorf("duplicate edge %s", e.ID)
		}
		edgeIDs[e.ID] = true
		for _, end := range []string{e.From, e.To} {
			if groups[end] == nil && nodes[end] == nil {
				t.Errorf("edge %s: end %q is neither a group nor a node", e.ID, end)
			}
		}
		if e.ID != "edge:"+e.Kind+":"+e.From+"->"+e.To+":"+e.Effective {
			t.Errorf("edge ID %q does not follow edge:<kind>:<from>-><to>:<effective>", e.ID)
		}
		if !slices.IsSorted(e.Rules) || len(e.Rules) == 0 {
			t.Errorf("edge %s rules %v not sorted or empty", e.ID, e.Rules)
		}
		if !slices.Contains([]string{EffectiveBoth, IngressOnly, EgressOnly}, e.Effective) {
			t.Errorf("edge %s effective %q", e.ID, e.Effective)
		}
		if e.Label == "" {
			t.Errorf("edge %s has no label", e.ID)
		}
	}
	if !slices.IsSortedFunc(g.Nodes, func(a, b Node) int { return cmpString(a.ID, b.ID) }) ||
		!slices.IsSortedFunc(g.Groups, func(a, b Group) int { return cmpString(a.ID, b.ID) }) ||
		!slices.IsSortedFunc(g.Edges, func(a, b Edge) int { return cmpString(a.ID, b.ID) }) {
		t.Errorf("groups, nodes or edges not sorted by ID")
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// edgeSummary maps "from name -> to name (kind)" to "label / effective",
// with names from the graph, for readable expectations; a pair with
// several edges (one per effective value) joins them with " | " in the
// order both, ingress-only, egress-only.
func edgeSummary(g *Graph) map[string]string {
	name := map[string]string{}
	for _, gr := range g.Groups {
		name[gr.ID] = gr.Name
	}
	for _, n := range g.Nodes {
		name[n.ID] = n.Name
	}
	rank := map[string]int{EffectiveBoth: 0, IngressOnly: 1, EgressOnly: 2}
	edges := slices.Clone(g.Edges)
	slices.SortStableFunc(edges, func(a, b Edge) int { return rank[a.Effective] - rank[b.Effective] })
	out := map[string]string{}
	for _, e := range edges {
		k := name[e.From] + " -> " + name[e.To] + " (" + e.Kind + ")"
		if out[k] != "" {
			out[k] += " | "
		}
		out[k] += e.Label + " / " + e.Effective
	}
	return out
}

func findNode(g *Graph, id string) *Node {
	for i := range g.Nodes {
		if g.Nodes[i].ID == id {
			return &g.Nodes[i]
		}
	}
	return nil
}

func findGroup(g *Graph, name string) *Group {
	for i := range g.Groups {
		if g.Groups[i].Name == name || g.Groups[i].ID == name {
			return &g.Groups[i]
		}
	}
	return nil
}
