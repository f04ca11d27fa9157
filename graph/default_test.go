package graph

import (
	"bytes"
	"testing"

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
