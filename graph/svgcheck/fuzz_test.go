package svgcheck

import (
	"os"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse and CheckSafe: they must return
// an error or a result, never panic, and boxes must be well-formed. Seeds
// run with every go test; go test -fuzz FuzzParse explores.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/nested.svg", "testdata/nested.native.svg"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><g class="node"><path d="M1,2C3"/></g></svg>`))
	f.Add([]byte(`<svg><g class="cluster node edge"><ellipse cx="NaN" cy="1e999" rx="-1" ry="0"/></g></svg>`))
	f.Add([]byte(`<!DOCTYPE svg [<!ENTITY a "&a;">]><svg>&a;</svg>`))
	f.Fuzz(func(t *testing.T, svg []byte) {
		_ = CheckSafe(svg)
		doc, err := Parse(svg)
		if err != nil {
			return
		}
		for _, es := range [][]Element{doc.Clusters, doc.Nodes, doc.Edges} {
			for _, e := range es {
				if e.HasBox && !(e.Box.Min.X <= e.Box.Max.X && e.Box.Min.Y <= e.Box.Max.Y) {
					t.Errorf("element %q box %v: min above max", e.ID, e.Box)
				}
			}
		}
		for _, n := range doc.Nodes {
			doc.Enclosing(n.ID)
		}
	})
}
