package graph

import (
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// BuildDefault is [Build] in the view opt asks for, or, when opt.View is
// empty, in the VPC's [DefaultView]. It returns the same graph as
// DefaultView followed by Build, but collects the VPC's nodes and groups
// once for both (docs/performance.md, "Map level"); the graph's View
// says which view was drawn.
func BuildDefault(s *sgmap.Snapshot, vpc string, opt Options) (*Graph, error) {
	return buildDefault(s, nil, vpc, opt)
}

// BuildDefaultEngine is [BuildDefault] over a flow engine the caller
// built with reach.New(sgmap.NewIndex(s)) and may use afterwards: `sgmap
// render` draws the graph and audits its findings overlay
// (audit.RunEngine) with one index and one engine instead of one of each
// per package (docs/performance.md, "Memory of render at -scale 10"). The
// engine is not safe for concurrent use, so neither is this call with an
// engine another goroutine uses. A nil engine is an [sgmap.EINVALID]
// error.
func BuildDefaultEngine(eng *reach.Engine, vpc string, opt Options) (*Graph, error) {
	if eng == nil || eng.Index() == nil {
		return nil, sgmap.Errorf(sgmap.EINVALID, "no snapshot to draw")
	}
	return buildDefault(eng.Index().Snapshot, eng, vpc, opt)
}

// buildDefault is [BuildDefault] over eng, or over an engine of its own
// when eng is nil.
func buildDefault(s *sgmap.Snapshot, eng *reach.Engine, vpc string, opt Options) (*Graph, error) {
	asked := opt.View != "" || opt.Focus != "" || opt.App != ""
	if asked && opt.View == "" {
		opt.View = Overview // as Build does
	}
	vpc, err := checkBuild(s, vpc, opt)
	if err != nil {
		return nil, err
	}
	if asked {
		return build(s, eng, vpc, opt)
	}
	// The map's builder and the overview's have the same options here
	// (no focus, no app), and mapIsDefault reads only the nodes and
	// groups, and the peers every build adds, so one builder serves both.
	b := newBuilderEngine(s, eng, vpc, mapBuilderOptions(opt))
	b.collectNodes()
	b.collectGroups()
	if b.mapIsDefault() {
		return b.buildMap(Options{View: Map, Egress: opt.Egress, SnapshotID: opt.SnapshotID, AppTag: opt.AppTag}), nil
	}
	return b.buildOverview()
}

// Levels is what a dashboard needs to know of a VPC before it draws
// anything: its [DefaultView] and, when that is the map, its
// [Applications] (with opt.AppTag), from one builder instead of one each.
// A VPC whose default is the overview gets no applications.
func Levels(s *sgmap.Snapshot, vpc string, opt Options) (View, []App, error) {
	if opt.Focus != "" || opt.App != "" {
		view, err := DefaultView(s, vpc, opt)
		return view, nil, err
	}
	if s == nil {
		return "", nil, sgmap.Errorf(sgmap.EINVALID, "no snapshot to draw")
	}
	vpc, err := pickVPC(s, vpc)
	if err != nil {
		return "", nil, err
	}
	b := newBuilder(s, vpc, Options{View: Overview, Egress: opt.Egress, AppTag: opt.AppTag})
	b.collectNodes()
	b.collectGroups()
	if !b.mapIsDefault() {
		return Overview, nil, nil
	}
	return Map, b.assignment().apps, nil
}
