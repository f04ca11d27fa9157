package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
)

// countScript is a gvpr program printing, for the first graph of its
// input, "nodes edges visible-edges clusters" on one line and the root
// graph's splines and newrank attributes on the next two. It lets Exec
// apply the same size guard and edge-count check as Wasm without loading
// go-graphviz.
const countScript = `
BEG_G {
  int nv = 0; int nc = 0; int sp = 0; graph_t stk[int]; graph_t s; graph_t c;
  stk[sp++] = $G;
  while (sp > 0) {
    s = stk[--sp];
    for (c = fstsubg(s); c != NULL; c = nxtsubg(c)) {
      if (length(c.name) >= 7) {
        if (tolower(substr(c.name, 0, 7)) == "cluster") nc++;
      }
      stk[sp++] = c;
    }
  }
}
E { if (match($.style, "invis") < 0) nv++; }
END_G {
  printf("%d %d %d %d\n", nNodes($G), nEdges($G), nv, nc);
  printf("%s\n%s\n%s\n", $G.splines, $G.newrank, $G.concentrate);
  exit(0);
}
`

// Exec renders with a native Graphviz: `dot -Tsvg` for the drawing and
// `gvpr` (from the same package) to count the DOT's nodes, edges and
// clusters first. Each render is its own processes, so renders run in
// parallel, stop when ctx ends, and leak nothing. Its layout depends on
// the installed Graphviz version (Debian 12 ships 2.43, which fails on some
// graphs that Graphviz 12 draws); it is an option, never required.
type Exec struct {
	// Dot and Gvpr are the programs' paths.
	Dot, Gvpr string
	// Limits bound the graphs it lays out; nil means [DefaultLimits].
	Limits *Limits
}

var _ Renderer = (*Exec)(nil)

// LookExec finds dot and gvpr on PATH. The error wraps [exec.ErrNotFound]
// when either is missing.
func LookExec() (*Exec, error) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		return nil, fmt.Errorf("native graphviz: %w", err)
	}
	gvpr, err := exec.LookPath("gvpr")
	if err != nil {
		return nil, fmt.Errorf("native graphviz: %w", err)
	}
	return &Exec{Dot: dot, Gvpr: gvpr}, nil
}

// SVG implements [Renderer]. When ctx ends during layout the dot process is
// killed; a deadline gives an [sgmap.EUNAVAILABLE] error. dot exiting
// non-zero (it does when it loses edges) is an error even if it wrote SVG.
func (x *Exec) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	limits := DefaultLimits
	if x.Limits != nil {
		limits = *x.Limits
	}
	out, err := run(ctx, x.Gvpr, dot, "-q", countScript)
	if err != nil {
		return nil, fmt.Errorf("count dot: %w", err)
	}
	counts, attrs, err := parseCounts(out)
	if err != nil {
		return nil, err
	}
	if err := checkGraphAttrs(func(name string) string { return attrs[name] }); err != nil {
		return nil, err
	}
	if err := limits.check(counts); err != nil {
		return nil, err
	}
	svg, err := run(ctx, x.Dot, dot, "-Tsvg")
	if err != nil {
		return nil, fmt.Errorf("render svg: %w", err)
	}
	if err := checkEdges(svg, counts.VisibleEdges); err != nil {
		return nil, err
	}
	return widenFonts(svg), nil
}

// run runs prog with args, stdin on its standard input, and returns its
// standard output.
func run(ctx context.Context, prog string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout bytes.Buffer
	stderr := &capped{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	err := runChild(cmd)
	switch {
	case err == nil:
		return stdout.Bytes(), nil
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, sgmap.Errorf(sgmap.EUNAVAILABLE,
			"rendering took too long: use the overview view, a focus, or one VPC")
	case ctx.Err() != nil:
		return nil, ctx.Err()
	}
	return nil, fmt.Errorf("%s: %w: %s", prog, err, firstLine(stderr.String()))
}

// parseCounts reads countScript's output.
func parseCounts(out []byte) (Counts, map[string]string, error) {
	lines := strings.Split(string(out), "\n")
	if len(lines) < 4 {
		return Counts{}, nil, fmt.Errorf("count dot: unexpected gvpr output %q", oneLine(string(out)))
	}
	f := strings.Fields(lines[0])
	var n [4]int
	if len(f) != 4 {
		return Counts{}, nil, fmt.Errorf("count dot: unexpected gvpr output %q", oneLine(lines[0]))
	}
	for i := range n {
		v, err := strconv.Atoi(f[i])
		if err != nil {
			return Counts{}, nil, fmt.Errorf("count dot: %w", err)
		}
		n[i] = v
	}
	c := Counts{Nodes: n[0], Edges: n[1], VisibleEdges: n[2], Clusters: n[3]}
	return c, map[string]string{"splines": lines[1], "newrank": lines[2], "concentrate": lines[3]}, nil
}
