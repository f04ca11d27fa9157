package diff

import (
	"slices"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph"
)

// Visual builds the visual diff of VPC vpc from a to b: both sides drawn
// in one view, united by [Graph] with d's touched groups, the older side
// named as d names it (d may be nil).
// An empty opt.View is b's default view (the map for a big VPC, as
// graph.BuildDefault decides), and a is drawn in the same view, so the
// two graphs pair by ID. A VPC that only one side has is drawn against an
// empty graph: all added, or all removed. Errors are graph.Build's.
func Visual(a, b *sgmap.Snapshot, d *Diff, vpc string, opt graph.Options) (*graph.Graph, error) {
	inA, inB := slices.Contains(a.VPCIDs(), vpc), slices.Contains(b.VPCIDs(), vpc)
	if !inA && !inB {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "neither snapshot has VPC %q", vpc)
	}
	// The side that has the VPC (b first) picks the view.
	first, second := b, a
	if !inB {
		first, second = a, b
	}
	o1 := opt
	o1.SnapshotID = first.ID
	g1, err := graph.BuildDefault(first, vpc, o1)
	if err != nil {
		return nil, err
	}
	g2 := &graph.Graph{Snapshot: second.ID, VPC: vpc, View: g1.View}
	if inA && inB {
		o2 := opt
		o2.SnapshotID, o2.View = second.ID, g1.View
		if g2, err = graph.Build(second, vpc, o2); err != nil {
			return nil, err
		}
	}
	ga, gb := g2, g1
	if !inB {
		ga, gb = g1, g2
		gb.Provenance = ga.Provenance
	}
	var touched map[string]bool
	if d != nil {
		touched = d.Touched()
	}
	u := Graph(ga, gb, touched)
	if d != nil && d.From != "" {
		u.DiffFrom = d.From // as the report names the older side
	}
	return u, nil
}

// ChangedVPCs returns the VPCs with a change in d, sorted.
func (d *Diff) ChangedVPCs() []string {
	var out []string
	for _, v := range d.VPCs {
		if v.VPCID != "" {
			out = append(out, v.VPCID)
		}
	}
	return out
}
