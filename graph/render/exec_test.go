package render

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

func mustExec(t *testing.T) *Exec {
	t.Helper()
	x, err := LookExec()
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("no native dot/gvpr on PATH")
	}
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestExec_Nested(t *testing.T) {
	x := mustExec(t)
	svg, err := x.SVG(t.Context(), mustReadFile(t, "testdata/nested.dot"))
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Error(err)
	}
	doc := mustParse(t, svg)
	if got := strings.Join(doc.Enclosing("i-1"), " "); got != "sg-111 sg-222" {
		t.Errorf("Enclosing(i-1) = %q, want sg-111 sg-222", got)
	}
	again, err := x.SVG(t.Context(), mustReadFile(t, "testdata/nested.dot"))
	if err != nil || !bytes.Equal(svg, again) {
		t.Errorf("second render differs (err %v)", err)
	}
}

func TestExec_Errors(t *testing.T) {
	x := mustExec(t)
	_, err := x.SVG(t.Context(), mustReadFile(t, "testdata/drops-edges.dot"))
	if err == nil {
		t.Error("drops-edges.dot: no error; native dot loses edges on it")
	}
	_, err = x.SVG(t.Context(), []byte("digraph { graph [splines=ortho]; a -> b }"))
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("ortho: %v, want ETOOLARGE", err)
	}
	_, err = (&Exec{Dot: x.Dot, Gvpr: x.Gvpr, Limits: &Limits{Edges: 1}}).SVG(t.Context(), []byte("digraph { a -> b; b -> a }"))
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("2 edges with limit 1: %v, want ETOOLARGE", err)
	}
	if _, err := x.SVG(t.Context(), []byte("digraph { concentrate=yes; a -> b; a -> b }")); err == nil || !strings.Contains(err.Error(), "concentrate") {
		t.Errorf("concentrate: %v, want an error naming it", err)
	}
	if _, err := x.SVG(t.Context(), []byte("digraph {")); err == nil {
		t.Error("bad DOT: no error")
	}
	// A timeout kills dot: clusteredDOT's layout takes seconds.
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = x.SVG(ctx, clusteredDOT(200, 10, 3000))
	if sgmap.ErrorCode(err) != sgmap.EUNAVAILABLE || time.Since(start) > 3*time.Second {
		t.Errorf("timeout: %v after %v, want EUNAVAILABLE soon after 300ms", err, time.Since(start))
	}
}

func TestParseCounts(t *testing.T) {
	c, attrs, err := parseCounts([]byte("4 3 2 1\northo\n\n\n"))
	if err != nil || c != (Counts{Nodes: 4, Edges: 3, VisibleEdges: 2, Clusters: 1}) || attrs["splines"] != "ortho" {
		t.Errorf("parseCounts = %+v %v %v", c, attrs, err)
	}
	for _, bad := range []string{"", "1 2 3\n\n\n\n", "a b c d\n\n\n\n", "1 2 3 4\n"} {
		if _, _, err := parseCounts([]byte(bad)); err == nil {
			t.Errorf("parseCounts(%q) succeeded", bad)
		}
	}
}

// TestExec_ShortSubgraphNames: an anonymous subgraph ("{ rank=sink; … }",
// named "%1" by cgraph) or any name under 7 characters used to stop the
// gvpr count with "illegal length in substr".
func TestExec_ShortSubgraphNames(t *testing.T) {
	x := mustExec(t)
	dot := []byte(`digraph { subgraph cluster_a { a } subgraph s { b } { rank=sink; c } a -> b; b -> c [style=invis] }`)
	svg, err := x.SVG(t.Context(), dot)
	if err != nil {
		t.Fatal(err)
	}
	if doc := mustParse(t, svg); len(doc.Edges) != 1 || len(doc.Clusters) != 1 {
		t.Errorf("drew %d edges and %d clusters, want 1 and 1", len(doc.Edges), len(doc.Clusters))
	}
}
