package server

import (
	"encoding/json"
	"testing"

	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
)

// TestPageGraph_MapBundles: the map's page data keeps its bundles (the
// drawn lines, which the dashboard's tooltips, panels and search read),
// each listing its edges, and leaves out each edge's bundle.
func TestPageGraph_MapBundles(t *testing.T) {
	s, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Build(s, s.VPCIDs()[0], graph.Options{View: graph.Map})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var got graph.Graph
	if err := json.Unmarshal(pageGraph(g, js), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Bundles) == 0 || len(got.Bundles) != len(g.Bundles) {
		t.Fatalf("page graph has %d bundles, the graph %d", len(got.Bundles), len(g.Bundles))
	}
	carried := 0
	for _, b := range got.Bundles {
		carried += len(b.Edges)
	}
	if carried != len(got.Edges) {
		t.Errorf("the bundles carry %d edges of %d", carried, len(got.Edges))
	}
	for _, e := range got.Edges {
		if e.Bundle != "" {
			t.Errorf("edge %s keeps its bundle %q in the page data", e.ID, e.Bundle)
		}
	}
	if g.Edges[0].Bundle == "" {
		t.Error("pageGraph cleared the graph's own edges' bundles")
	}
}
