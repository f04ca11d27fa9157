package graph

import "github.com/sgmap/sgmap"

// BuildDefault is [Build] in the view opt asks for, or, when opt.View is
// empty, in the VPC's [DefaultView]. It returns the same graph as
// DefaultView followed by Build, but collects the VPC's nodes and groups
// once for both (docs/performance.md, "Map level"); the graph's View
// says which view was drawn.
func BuildDefault(s *sgmap.Snapshot, vpc string, opt Options) (*Graph, error) {
	if opt.View != "" || opt.Focus != "" || opt.App != "" {
		return Build(s, vpc, opt)
	}
	vpc, err := checkBuild(s, vpc, opt)
	if err != nil {
		return nil, err
	}
	// The map's builder and the overview's have the same options here
	// (no focus, no app), and mapIsDefault reads only the nodes and
	// groups, and the peers every build adds, so one builder serves both.
	b := newBuilder(s, vpc, mapBuilderOptions(opt))
	b.collectNodes()
	b.collectGroups()
	if b.mapIsDefault() {
		return b.buildMap(Options{View: Map, Egress: opt.Egress, SnapshotID: opt.SnapshotID, AppTag: opt.AppTag}), nil
	}
	return b.buildOverview()
}
