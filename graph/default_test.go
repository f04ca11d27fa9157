package graph

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/reach"
)

// TestBuildDefault checks BuildDefault draws, byte for byte, what
// DefaultView followed by Build draws, for every VPC of every demo, with
// and without the default egress rules, and that an asked-for view wins.
func TestBuildDefault(t *testing.T) {
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			for _, egress := range []bool{false, true} {
				opt := Options{Egress: egress, SnapshotID: "snap-1"}
				view, err := DefaultView(s, vpc, opt)
				if err != nil {
					t.Fatal(err)
				}
				want := opt
				want.View = view
				wantDOT := dotOf(t, func() (*Graph, error) { return Build(s, vpc, want) })
				gotDOT := dotOf(t, func() (*Graph, error) { return BuildDefault(s, vpc, opt) })
				if !bytes.Equal(gotDOT, wantDOT) {
					t.Errorf("%s %s egress=%v: BuildDefault differs from DefaultView (%s) + Build", name, vpc, egress, view)
				}
			}
		}
	}
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	g, err := BuildDefault(s, s.VPCIDs()[0], Options{View: Detail})
	if err != nil || g.View != Detail {
		t.Errorf("BuildDefault(view detail) = %v, %v; want a detail graph", g, err)
	}
	if _, err := BuildDefault(nil, "", Options{}); err == nil {
		t.Error("BuildDefault(nil) succeeded")
	}
}

func dotOf(t *testing.T, build func() (*Graph, error)) []byte {
	t.Helper()
	g, err := build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDOT(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLevels checks Levels answers what DefaultView and Applications do,
// for every VPC of every demo, with and without the default egress rules.
func TestLevels(t *testing.T) {
	maps := 0
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, vpc := range s.VPCIDs() {
			apps, err := Applications(s, vpc, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, egress := range []bool{false, true} {
				opt := Options{Egress: egress}
				want, err := DefaultView(s, vpc, opt)
				if err != nil {
					t.Fatal(err)
				}
				view, got, err := Levels(s, vpc, opt)
				if err != nil || view != want {
					t.Fatalf("%s %s egress=%v: Levels = %s, %v; want %s", name, vpc, egress, view, err, want)
				}
				if view != Map {
					if got != nil {
						t.Errorf("%s %s: Levels gave applications for an overview", name, vpc)
					}
					continue
				}
				maps++
				if diff := cmp.Diff(apps, got); diff != "" {
					t.Errorf("%s %s egress=%v: Levels' applications differ from Applications (-want +got):\n%s", name, vpc, egress, diff)
				}
			}
		}
	}
	if maps == 0 {
		t.Fatal("no demo VPC defaults to the map")
	}
	if _, _, err := Levels(nil, "", Options{}); err == nil {
		t.Error("Levels(nil) succeeded")
	}
}

// TestMapKeptEdgesKeepDetails: the map writes rule tooltip lines only for
// the edges it keeps as they are (builder.detailsFor); each of those must
// carry exactly the overview's lines, in every VPC of the large demo.
func TestMapKeptEdgesKeepDetails(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, vpc := range s.VPCIDs() {
		ov := mustBuild(t, s, vpc, Options{View: Overview})
		details := map[string][]string{}
		for _, e := range ov.Edges {
			details[e.ID] = e.Details
		}
		for _, e := range mustBuild(t, s, vpc, Options{View: Map}).Edges {
			want, ok := details[e.ID]
			if !ok {
				continue // merged: its details are the merged flows
			}
			kept++
			if len(e.Details) == 0 || !slices.Equal(e.Details, want) {
				t.Errorf("%s: kept edge %s has details %q, the overview's are %q", vpc, e.ID, e.Details, want)
			}
		}
	}
	if kept == 0 {
		t.Fatal("no map edge kept as it is: nothing compared")
	}
	t.Logf("%d kept edges compared", kept)
}

// TestBuildDefaultEngine: over a prebuilt engine, reused from VPC to VPC
// and view to view, BuildDefault's graphs come out unchanged; a nil
// engine is an error, not a crash.
func TestBuildDefaultEngine(t *testing.T) {
	for _, name := range demo.Names() {
		s, err := demo.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		eng := reach.New(sgmap.NewIndex(s))
		for _, vpc := range s.VPCIDs() {
			for _, view := range []View{"", Map, Overview, Detail} {
				opt := Options{View: view, SnapshotID: "snap-1"}
				want := dotOf(t, func() (*Graph, error) { return BuildDefault(s, vpc, opt) })
				got := dotOf(t, func() (*Graph, error) { return BuildDefaultEngine(eng, vpc, opt) })
				if !bytes.Equal(got, want) {
					t.Errorf("%s %s view %q: BuildDefaultEngine differs from BuildDefault", name, vpc, view)
				}
			}
		}
	}
	if _, err := BuildDefaultEngine(nil, "", Options{}); sgmap.ErrorCode(err) != sgmap.EINVALID {
		t.Errorf("BuildDefaultEngine(nil) = %v, want an EINVALID error", err)
	}
}
