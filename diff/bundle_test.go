package diff

import (
	"testing"

	"github.com/sgmap/sgmap/graph"
)

// TestGraph_MapBundles: a visual diff of two maps draws one line per pair
// of boxes over the union's edges, removed ones included, and the line's
// change is its edges' when they agree, else changed.
func TestGraph_MapBundles(t *testing.T) {
	a := &graph.Graph{Snapshot: "old", View: graph.Map, Edges: []graph.Edge{
		{ID: "e1", From: "app:a", To: "app:b", Kind: graph.EdgeRule, Effective: graph.EffectiveBoth, Label: "TCP 1"},
		{ID: "e2", From: "app:a", To: "app:c", Kind: graph.EdgeRule, Effective: graph.EffectiveBoth, Label: "TCP 2"},
	}}
	b := &graph.Graph{Snapshot: "new", View: graph.Map, Edges: []graph.Edge{
		{ID: "e1", From: "app:a", To: "app:b", Kind: graph.EdgeRule, Effective: graph.EffectiveBoth, Label: "TCP 1"},
		{ID: "e3", From: "app:b", To: "app:a", Kind: graph.EdgeRule, Effective: graph.EffectiveBoth, Label: "TCP 3"},
	}}
	u := Graph(a, b, nil)
	got := map[string]graph.Bundle{}
	for _, x := range u.Bundles {
		got[x.ID] = x
	}
	if ab := got["bundle:app:a--app:b"]; !ab.Both || len(ab.Edges) != 2 || ab.Change != graph.ChangeChanged {
		t.Errorf("a–b line %+v, want both ways, 2 edges, changed", ab)
	}
	if ac := got["bundle:app:a--app:c"]; len(ac.Edges) != 1 || ac.Change != graph.ChangeRemoved {
		t.Errorf("a–c line %+v, want the removed edge, removed", ac)
	}
	for _, e := range u.Edges {
		if e.Bundle == "" {
			t.Errorf("edge %s (%s) is on no line", e.ID, e.Change)
		}
	}
}
