package graph

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap/demo"
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
