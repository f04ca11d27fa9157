package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

func mustReadFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t testing.TB, svg []byte) *svgcheck.Doc {
	t.Helper()
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestWasm_NestedClusters(t *testing.T) {
	svg, err := (&Wasm{}).SVG(t.Context(), mustReadFile(t, "testdata/nested.dot"))
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Error(err)
	}
	doc := mustParse(t, svg)
	for node, want := range map[string][]string{
		"i-1":      {"sg-111", "sg-222"},
		"i-2":      {"sg-111"},
		"internet": nil,
	} {
		if diff := cmp.Diff(want, doc.Enclosing(node)); diff != "" {
			t.Errorf("Enclosing(%q) (-want +got):\n%s", node, diff)
		}
	}
	// e2 is style=invis: Graphviz does not draw it, and the count check
	// must not expect it.
	if diff := cmp.Diff([]string{"e3", "e1"}, svgcheck.IDs(doc.Edges)); diff != "" {
		t.Errorf("edge ids (-want +got):\n%s", diff)
	}
	// The compound edge ends on the inner cluster's border, not at the
	// invisible anchor inside it.
	inner, _ := doc.Cluster("sg-222")
	e1, _ := doc.Edge("e1")
	if e1.Box.Max.Y > inner.Box.Min.Y+0.5 {
		t.Errorf("compound edge e1 reaches y=%v, inside cluster sg-222 starting at y=%v", e1.Box.Max.Y, inner.Box.Min.Y)
	}
}

func TestWasm_Deterministic(t *testing.T) {
	for _, name := range []string{"testdata/nested.dot", "testdata/hostile.dot"} {
		dot := mustReadFile(t, name)
		first, err := (&Wasm{}).SVG(t.Context(), dot)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			again, err := (&Wasm{}).SVG(t.Context(), dot)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Errorf("%s: render %d differs from the first (%d vs %d bytes)", name, i+2, len(again), len(first))
			}
		}
	}
}

func TestWasm_DetectsDroppedEdges(t *testing.T) {
	_, err := (&Wasm{}).SVG(t.Context(), mustReadFile(t, "testdata/drops-edges.dot"))
	if err == nil {
		t.Fatal("SVG(drops-edges.dot) succeeded; Graphviz 12.1.2 drops edges on it and the check must refuse the result")
	}
	if !strings.Contains(err.Error(), "of the 60 edges") {
		t.Errorf("error %q should name the DOT's 60 edges", err)
	}
}

func TestCheckEdges(t *testing.T) {
	svg := mustReadFile(t, "../svgcheck/testdata/nested.svg") // 2 drawn edges
	if err := checkEdges(svg, 2); err != nil {
		t.Errorf("checkEdges(2) = %v, want nil", err)
	}
	err := checkEdges(svg, 3)
	if err == nil || !strings.Contains(err.Error(), "drew 2 of the 3 edges") {
		t.Errorf("checkEdges(3) = %v, want an error naming 2 and 3", err)
	}
	// A doctored SVG missing one edge group.
	i := bytes.Index(svg, []byte(`<g id="e3" class="edge">`))
	j := bytes.Index(svg[i:], []byte("</g>\n")) + i + len("</g>\n")
	doctored := append(append([]byte{}, svg[:i]...), svg[j:]...)
	if err := checkEdges(doctored, 2); err == nil {
		t.Error("checkEdges(doctored SVG without e3, 2) = nil, want an error")
	}
	if err := checkEdges([]byte("<svg><g"), 0); err == nil {
		t.Error("checkEdges(truncated SVG) = nil, want an error")
	}
}

func TestWasm_SizeGuard(t *testing.T) {
	small := &Limits{Nodes: 3, Edges: 10, Clusters: 10}
	for _, tt := range []struct {
		name   string
		limits *Limits
		dot    string
		want   string
	}{
		{"too many nodes", small, "digraph { a; b; c; d }", "4 nodes (limit 3)"},
		{"too many edges", &Limits{Edges: 2}, "digraph { a -> b; b -> c; c -> a }", "3 edges (limit 2)"},
		{"too many clusters", &Limits{Clusters: 1}, "digraph { subgraph cluster_a { subgraph cluster_b { x } } }", "2 clusters (limit 1)"},
		{"ortho", nil, "digraph { splines=ortho; a -> b }", "splines=ortho"},
		{"ortho in graph attr list", nil, "digraph { graph [splines=\"ORTHO\"]; a -> b }", "splines=ortho"},
		{"newrank", nil, "digraph { newrank=true; a -> b }", "newrank"},
		{"newrank as number", nil, "digraph { newrank=1; a -> b }", "newrank"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&Wasm{Limits: tt.limits}).SVG(t.Context(), []byte(tt.dot))
			if code := sgmap.ErrorCode(err); code != sgmap.ETOOLARGE {
				t.Fatalf("SVG = %v (code %q), want code %q", err, code, sgmap.ETOOLARGE)
			}
			msg := sgmap.ErrorMessage(err)
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "overview") {
				t.Errorf("message %q should contain %q and suggest the overview", msg, tt.want)
			}
		})
	}
	_, err := (&Wasm{}).SVG(t.Context(), []byte("digraph { concentrate=true; a -> b; a -> b }"))
	if err == nil || sgmap.ErrorCode(err) != sgmap.EINTERNAL || !strings.Contains(err.Error(), "concentrate") {
		t.Errorf("concentrate=true: err = %v, want a plain error naming concentrate", err)
	}
	// At the limits exactly is fine, and newrank=false is not refused.
	if _, err := (&Wasm{Limits: small}).SVG(t.Context(), []byte("digraph { newrank=false; a -> b; c }")); err != nil {
		t.Errorf("graph at the limits: %v", err)
	}
}

func TestWasm_BadInput(t *testing.T) {
	for _, dot := range []string{"", "   ", "digraph {", "not dot at all", "digraph { a -> }"} {
		_, err := (&Wasm{}).SVG(t.Context(), []byte(dot))
		if err == nil {
			t.Errorf("SVG(%q) succeeded, want an error", dot)
		}
	}
	// The wasm instance keeps working after errors.
	if _, err := (&Wasm{}).SVG(t.Context(), []byte("digraph { a -> b }")); err != nil {
		t.Errorf("render after errors: %v", err)
	}
}

func TestWasm_CancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := (&Wasm{}).SVG(ctx, []byte("digraph { a }"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("SVG(cancelled) = %v, want context.Canceled", err)
	}
}

func TestWasm_Hostile(t *testing.T) {
	svg, err := (&Wasm{}).SVG(t.Context(), mustReadFile(t, "testdata/hostile.dot"))
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Fatalf("CheckSafe: %v", err)
	}
	doc := mustParse(t, svg)
	if len(doc.Clusters) != 1 || doc.Clusters[0].ID != "sg-<i>&" {
		t.Errorf("clusters = %q, want the one with id sg-<i>&", svgcheck.IDs(doc.Clusters))
	}
	for _, want := range []string{
		`<script>alert(1)</script> "quoted" ]; digraph { a -> b }`,
		"TCP 443 <svg onload=alert(1)>",
		strings.Repeat("A", 10000),
	} {
		if !doc.HasText(want) {
			t.Errorf("text %.80q missing from the SVG's texts", want)
		}
	}
	a, ok := doc.Node(`i-"1"`)
	if !ok {
		t.Fatalf("node i-\"1\" missing; nodes %q", svgcheck.IDs(doc.Nodes))
	}
	if diff := cmp.Diff([]string{"</title><script>x</script>"}, a.Tooltips); diff != "" {
		t.Errorf("node tooltips (-want +got):\n%s", diff)
	}
	if got := fmt.Sprint(a.Texts); !strings.Contains(got, "🚀 שלום <img src=x onerror=alert(1)>") {
		t.Errorf("node texts = %q, want the emoji, Hebrew and markup as text", got)
	}
	if diff := cmp.Diff([]string{"sg-<i>&"}, doc.Enclosing(`i-"1"`)); diff != "" {
		t.Errorf("Enclosing (-want +got):\n%s", diff)
	}
}

func TestWasm_Concurrent(t *testing.T) {
	dot := mustReadFile(t, "testdata/nested.dot")
	want, err := (&Wasm{}).SVG(t.Context(), dot)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*5)
	for range 4 {
		wg.Go(func() {
			for range 5 {
				got, err := (&Wasm{}).SVG(t.Context(), dot)
				if err == nil && !bytes.Equal(got, want) {
					err = errors.New("concurrent render differs from a lone one")
				}
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestWasm_WaitEndsWithContext(t *testing.T) {
	graphvizMu <- struct{}{} // another render holds graphviz
	defer func() { <-graphvizMu }()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := (&Wasm{}).SVG(ctx, []byte("digraph { a }"))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting") {
		t.Errorf("SVG while graphviz is busy = %v, want a deadline while waiting", err)
	}
}

// TestCheckSafe_RealLinks shows CheckSafe catching what a careless DOT
// writer could make Graphviz emit: links (URL/href become xlink:href).
func TestCheckSafe_RealLinks(t *testing.T) {
	for _, attr := range []string{`URL="javascript:alert(1)"`, `href="https://example.com"`, `URL="x" target="_top"`} {
		svg, err := (&Wasm{}).SVG(t.Context(), []byte("digraph { a ["+attr+"] }"))
		if err != nil {
			t.Fatal(err)
		}
		if err := svgcheck.CheckSafe(svg); err == nil {
			t.Errorf("CheckSafe accepted Graphviz output for a node with %s", attr)
		}
	}
}
