package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
	"github.com/sgmap/sgmap/graph/paint"
	"github.com/sgmap/sgmap/reach"
)

func runRender(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "render", sourceSynopsis+" [-vpc ID] [-view map|overview|detail] [-app NAME] [-app-tag KEY] [-focus GROUP] [-egress] [-findings] [-diff-from A] [-format svg|dot|json|mermaid|drawio|png|pdf] [-dpi N] [-renderer embedded|native] [-o FILE]", `
Draw one VPC: each security group is an enclosure around the owners of its
network interfaces (instances, load balancers, ECS tasks, Lambda functions,
databases, endpoints), and each line is the traffic its rules allow, labelled
with protocol and ports. The same snapshot and flags always give the same
bytes, so the output can be committed next to a design doc.

Without -view, a VPC with more than 40 top-level enclosures and nodes is drawn
as a map: one box per application (from the -app-tag tag, else from group
names and shared members; see docs/apps.md), with the services between them.
Open one application with -app NAME, one group with -focus.

SVG is rendered in-process with an embedded Graphviz (no system Graphviz
needed). A diagram too large to lay out in reasonable time is refused with a
hint: use the map, an -app, a -focus, or one -vpc.

-format png and -format pdf draw that same SVG in pure Go with the embedded
DejaVu Sans: a PNG at -dpi pixels an inch, or a vector PDF (paths and
searchable text). Both are byte-identical for the same input.

-diff-from A draws the visual diff from snapshot A to this one (as sgmap
diff -format svg): added in green, removed in red and dashed, changed in
amber with the old and new label, the rest grey; -format json gives every
group, node and edge a "change".`)
	var src sourceFlags
	src.register(fs)
	vpc := fs.String("vpc", "", "the VPC `id` to draw (required when the snapshot has several; the error lists them)")
	view := fs.String("view", "", "`view`: map (one box per application), overview (collapses Auto Scaling groups, ECS services and Lambda ENIs into counted nodes) or detail (every owner); default: map for a VPC of more than 40 top-level units, else overview")
	app := fs.String("app", "", "draw only this application's groups (`name` as the map shows it), in the overview or detail view")
	appTag := fs.String("app-tag", "", "the tag `key` that names applications (default: the first of "+strings.Join(graph.DefaultAppTags, ", ")+" that most groups carry)")
	focus := fs.String("focus", "", "draw only this `group` (ID or name), its members and its direct neighbours")
	egress := fs.Bool("egress", false, "also draw AWS's default allow-all egress rules (hidden by default)")
	findings := &autoBool{}
	fs.Var(findings, "findings", "mark groups and lines that have audit findings (see 'sgmap lint'); on by default where the VPC has warning or error findings, -findings=false turns it off")
	diffFrom := fs.String("diff-from", "", "draw the changes from the older snapshot `file` A to this one (a visual diff)")
	format := fs.String("format", "svg", "output `format`: svg, dot (Graphviz source), json (the graph JSON), mermaid (a flowchart for Markdown), drawio (an editable draw.io file laid out as the SVG), png or pdf (vector; docs/exports.md)")
	dpi := fs.Float64("dpi", paint.DefaultDPI, "with -format png: the resolution in pixels an `inch` (96: the size a browser shows the SVG at; 192 for slides on a sharp screen)")
	out := fs.String("o", "", "write to `file` (atomically) instead of standard output")
	renderer := registerRendererFlag(fs)
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	switch graph.View(*view) {
	case "", graph.Map, graph.Overview, graph.Detail:
	default:
		return usagef("-view must be map, overview or detail, not %q", *view)
	}
	if *app != "" && graph.View(*view) == graph.Map {
		return usagef("-app draws one application's groups: use it with -view overview or detail, not map")
	}
	switch *format {
	case "svg", "dot", "json", "mermaid", "drawio", "png", "pdf":
	default:
		return usagef("-format must be svg, dot, json, mermaid, drawio, png or pdf, not %q", *format)
	}
	if !(*dpi >= 1 && *dpi <= 2400) {
		return usagef("-dpi must be from 1 to 2400, not %g", *dpi)
	}
	if flagGiven(fs, "dpi") && *format != "png" {
		return usagef("-dpi sets a PNG's resolution: use it with -format png, not %s", *format)
	}
	s, err := src.load(e)
	if err != nil {
		return err
	}
	vpcID, err := pickVPC(s, src.redact.id(*vpc))
	if err != nil {
		return err
	}
	opt := graph.Options{View: graph.View(*view), Focus: *focus, Egress: *egress, SnapshotID: s.ID, App: *app, AppTag: *appTag}
	// An empty view is the VPC's default (graph.BuildDefault).
	var g *graph.Graph
	if *diffFrom != "" {
		if findings.set && findings.value {
			return usagef("-diff-from draws changes, not findings: 'sgmap diff' lists the findings a change introduces")
		}
		g, err = buildDiffGraph(e, src, *diffFrom, s, vpcID, opt, *format)
	} else {
		g, err = buildGraph(s, vpcID, opt, findings)
	}
	if err != nil {
		return err
	}
	return writeOutput(e, *out, func(w io.Writer) error {
		switch *format {
		case "json":
			return writeGraphJSON(w, g)
		case "dot":
			return graph.WriteDOT(w, g)
		case "mermaid":
			return graph.WriteMermaid(w, g)
		}
		var dot bytes.Buffer
		if err := graph.WriteDOT(&dot, g); err != nil {
			return err
		}
		r, err := renderer.cliRenderer()
		if err != nil {
			return err
		}
		svg, err := r.SVG(ctx, dot.Bytes())
		if err != nil {
			return fmt.Errorf("render %s: %w", vpcID, err)
		}
		switch *format {
		case "drawio":
			return drawio.Write(w, g, svg)
		case "png":
			svg, err = paint.SVGToPNG(svg, *dpi)
		case "pdf":
			svg, err = paint.SVGToPDF(svg)
		}
		if err != nil {
			return fmt.Errorf("render %s as %s: %w", vpcID, *format, err)
		}
		_, err = w.Write(svg)
		return err
	})
}

// buildGraph builds the graph of one VPC (in its default view when
// opt.View is empty), annotated with audit findings when
// asked, or when not asked and the VPC has warnings or errors
// ([audit.OverlayByDefault], as the dashboard decides).
func buildGraph(s *sgmap.Snapshot, vpc string, opt graph.Options, findings *autoBool) (*graph.Graph, error) {
	// One index and flow engine for the graph and its audit overlay
	// (docs/performance.md, "Memory of render at -scale 10").
	eng := reach.New(sgmap.NewIndex(s))
	g, err := graph.BuildDefaultEngine(eng, vpc, opt)
	if err != nil {
		return nil, err
	}
	if findings.set && !findings.value {
		return g, nil
	}
	// Only vpc's findings are drawn: audit that VPC alone (the same
	// findings as a whole-snapshot run filtered to it, at a fraction of
	// the cost on a many-VPC account; docs/performance.md, "Map level").
	fs := audit.RunEngine(eng, audit.Options{VPC: vpc})
	if findings.set || audit.OverlayByDefault(fs, vpc) {
		g.Annotate(audit.Annotations(fs, vpc))
	}
	return g, nil
}

// autoBool is a boolean flag that knows whether it was given, for
// defaults that depend on the data (-findings).
type autoBool struct{ set, value bool }

func (b *autoBool) String() string {
	if b == nil || !b.set {
		return "auto"
	}
	return strconv.FormatBool(b.value)
}

func (b *autoBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("must be true or false")
	}
	b.set, b.value = true, v
	return nil
}

// IsBoolFlag lets -findings stand alone, like a flag.Bool.
func (b *autoBool) IsBoolFlag() bool { return true }

func writeGraphJSON(w io.Writer, g *graph.Graph) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(g)
}

// flagGiven reports whether the flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
