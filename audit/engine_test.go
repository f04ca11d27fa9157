package audit

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/reach"
)

// TestRunEngine_SharedWithGraph: `sgmap render` draws a VPC and audits its
// overlay with one engine (graph.BuildDefaultEngine, then RunEngine). For
// every VPC of every demo, with one engine reused across the VPCs and
// views, the graph is the one BuildDefault draws (same DOT and
// annotations) and the findings are Run's, scoped and whole: what the
// engine cached for one caller never changes another's answer.
func TestRunEngine_SharedWithGraph(t *testing.T) {
	checked := 0
	for _, name := range demo.Names() {
		s := mustDemo(t, name)
		eng := reach.New(sgmap.NewIndex(s))
		for _, vpc := range s.VPCIDs() {
			for _, view := range []graph.View{"", graph.Overview} {
				opt := graph.Options{View: view, SnapshotID: "snap-1"}
				want := annotatedDOT(t, s, vpc, opt, nil)
				got := annotatedDOT(t, s, vpc, opt, eng)
				if !bytes.Equal(got, want) {
					t.Errorf("%s %s view %q: the graph over a shared engine differs from BuildDefault's", name, vpc, view)
				}
			}
			wantFs, gotFs := Run(s, Options{VPC: vpc}), RunEngine(eng, Options{VPC: vpc})
			if diff := cmp.Diff(wantFs, gotFs); diff != "" {
				t.Errorf("%s %s: RunEngine differs from Run (-Run +RunEngine):\n%s", name, vpc, diff)
			}
			checked += len(gotFs)
		}
		if diff := cmp.Diff(Run(s, Options{}), RunEngine(eng, Options{})); diff != "" {
			t.Errorf("%s: whole-snapshot RunEngine after the VPCs differs from Run:\n%s", name, diff)
		}
	}
	if checked == 0 {
		t.Fatal("no findings compared")
	}
	if fs := RunEngine(nil, Options{}); fs != nil {
		t.Errorf("RunEngine(nil) = %d findings, want none", len(fs))
	}
}

// annotatedDOT draws vpc with its findings overlay as render does: over
// eng when it is not nil, else with BuildDefault and Run.
func annotatedDOT(t *testing.T, s *sgmap.Snapshot, vpc string, opt graph.Options, eng *reach.Engine) []byte {
	t.Helper()
	var g *graph.Graph
	var err error
	var fs []Finding
	if eng == nil {
		g, err = graph.BuildDefault(s, vpc, opt)
		fs = Run(s, Options{VPC: vpc})
	} else {
		g, err = graph.BuildDefaultEngine(eng, vpc, opt)
		fs = RunEngine(eng, Options{VPC: vpc})
	}
	if err != nil {
		t.Fatal(err)
	}
	g.Annotate(Annotations(fs, vpc))
	var b bytes.Buffer
	if err := graph.WriteDOT(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
