package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRender_DiffFrom: render -diff-from gives every group, node and edge
// of the graph JSON a change, the same union sgmap diff -format svg draws,
// and refuses mermaid and -findings.
func TestRender_DiffFrom(t *testing.T) {
	before, after := writeArticleFiles(t)
	r := mustRun(t, nil, "render", "-snapshot", after, "-diff-from", before, "-format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var g struct {
		DiffFrom string                        `json:"diff_from"`
		Groups   []struct{ ID, Change string } `json:"groups"`
		Nodes    []struct{ ID, Change string } `json:"nodes"`
		Edges    []struct{ ID, Change string } `json:"edges"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatal(err)
	}
	if g.DiffFrom == "" {
		t.Error("no diff_from")
	}
	counts := map[string]int{}
	for _, x := range append(append(g.Groups, g.Nodes...), g.Edges...) {
		if x.Change == "" {
			t.Errorf("%s has no change", x.ID)
		}
		counts[x.Change]++
	}
	if counts["added"] == 0 || counts["removed"] == 0 || counts["unchanged"] == 0 {
		t.Errorf("changes %v: the article change adds and removes an edge", counts)
	}
	svg := mustRun(t, nil, "render", "-snapshot", after, "-diff-from", before)
	same := mustRun(t, nil, "diff", "-snapshot", before, "-snapshot", after, "-format", "svg")
	if svg.code != 0 || svg.stdout != same.stdout {
		t.Errorf("render -diff-from and diff -format svg differ (exit %d, %s)", svg.code, svg.stderr)
	}
	if r := mustRun(t, nil, "render", "-snapshot", after, "-diff-from", before, "-format", "mermaid"); r.code != 2 || !strings.Contains(r.stderr, "mermaid") {
		t.Errorf("mermaid: exit %d, %s", r.code, r.stderr)
	}
	if r := mustRun(t, nil, "render", "-snapshot", after, "-diff-from", before, "-findings"); r.code != 2 || !strings.Contains(r.stderr, "findings") {
		t.Errorf("-findings: exit %d, %s", r.code, r.stderr)
	}
}
