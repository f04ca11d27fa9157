package graph

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDOT writes g as Graphviz DOT for the dot engine. The output is
// deterministic (same graph, same bytes) and safe: every AWS-supplied
// string goes through one escaping function, labels are cut short, and
// nothing becomes a link or script. Clusters, nodes and edges carry id=
// (group, region, node and edge IDs) and class= for styling and scripts:
// clusters "group" (+ "nested", "missing"), "region" (+ "in-<sg id>" per
// group), nodes "node kind-<kind>", edges "edge-rule effective-<value>" or
// "edge-target", anchors "anchor", the legend "legend", annotated things
// "finding finding-<severity>". Edge labels are real labels only between
// top-level enclosures and peers in graphs of up to 150 edges; elsewhere
// they are xlabels, because labels inside clusters can make Graphviz drop
// edges silently (and make big layouts much slower). Graphs over 150
// edges or 60 top-level units are laid out as a grid of their components
// (see layout.go): peers and hub enclosures are then also drawn as copies
// next to each component they connect to (ids "<id>#<n>", class
// "replica"; the first peer copy keeps the node ID), and invisible edges
// (ids "layout:<n>", class "layout") fold the components into rows. Every
// graph edge is drawn once, under its own ID, and Graphviz does not draw
// invisible edges: the SVG has exactly len(g.Edges) edges. A map draws
// its bundles instead, one line per pair of boxes under the bundle's ID
// (class "edge-bundle"): its SVG has exactly len(g.Bundles) edges. The
// only errors are w's.
func WriteDOT(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	d := &dotWriter{w: bw, g: g}
	d.index()
	if g.View == Map {
		d.writeMap()
	} else {
		d.write()
	}
	if d.err != nil {
		return fmt.Errorf("write dot: %w", d.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write dot: %w", err)
	}
	return nil
}

// dotWriter writes one graph; the first write error sticks.
type dotWriter struct {
	w   *bufio.Writer
	g   *Graph
	err error

	groups      map[string]*Group
	regions     map[string]*Region
	nodes       map[string]*Node
	childGroups map[string][]string // cluster ID → groups drawn inside
	childRegion map[string][]string // cluster ID → regions drawn inside
	childNodes  map[string][]string // cluster ID → nodes drawn inside
	notes       map[string][]Annotation
	color       map[string]int   // top-level group → palette index
	labelled    map[string]bool  // "from\x00label" of target edges already labelled
	plan        *layoutPlan      // large-graph layout, nil for small graphs
	chipColor   map[string]int   // shared group → chip palette index
	bundles     []Bundle         // the lines of a map
	edges       map[string]*Edge // edge by ID, for the map's lines
	minlen      map[int]int      // an application's overview: edge index → minlen
}

func (d *dotWriter) printf(format string, args ...any) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.w, format, args...)
	}
}

func (d *dotWriter) index() {
	g := d.g
	d.groups = map[string]*Group{}
	d.regions = map[string]*Region{}
	d.nodes = map[string]*Node{}
	d.childGroups = map[string][]string{}
	d.childRegion = map[string][]string{}
	d.childNodes = map[string][]string{}
	d.notes = map[string][]Annotation{}
	d.color = map[string]int{}
	d.labelled = map[string]bool{}
	for i := range g.Groups {
		gr := &g.Groups[i]
		if gr.Shared {
			continue // drawn as its shared-group node and chips
		}
		d.groups[gr.ID] = gr
		if len(gr.Regions) == 0 {
			d.childGroups[gr.Parent] = append(d.childGroups[gr.Parent], gr.ID)
		}
	}
	for i := range g.Regions {
		r := &g.Regions[i]
		d.regions[r.ID] = r
		d.childRegion[r.Parent] = append(d.childRegion[r.Parent], r.ID)
	}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		d.nodes[n.ID] = n
		d.childNodes[n.Cluster] = append(d.childNodes[n.Cluster], n.ID)
	}
	for _, a := range g.Annotations {
		d.notes[a.Subject] = append(d.notes[a.Subject], a)
	}
	for i, id := range d.childGroups[""] {
		d.color[id] = i
	}
	d.chipColor = map[string]int{}
	for _, n := range g.Nodes {
		if n.Kind == KindSharedGroup {
			d.chipColor[n.ID] = len(d.chipColor)
		}
	}
}

// FontName is the font the DOT asks for. Graphviz sizes every box from
// its built-in metrics for this family (no font files in the embedded
// build), so it must be a font viewers have or one at least as wide:
// DejaVu Sans is the widest of the common sans fonts and the usual
// fallback on Linux, and Verdana (Windows, macOS) has the same widths, so
// text laid out for it fits wherever the SVG is shown. Helvetica, the
// former choice, is about 13 % narrower than DejaVu Sans, and text spilled
// past box borders where it was missing (librsvg, Inkscape, most Linux
// viewers). graph/render widens the SVG's font-family to a fallback list
// (render.FontStack).
const FontName = "DejaVu Sans"

func (d *dotWriter) write() {
	g := d.g
	d.printf("digraph sgmap {\n")
	rankdir, nodesep, ranksep := "LR", d.spacing("0.3", "0.15"), "1.1"
	if g.App != "" {
		rankdir, nodesep, ranksep = appRankdir, appNodesep, appRanksep
		d.minlen = d.appMinlen()
	}
	d.printf("\tgraph [id=\"sgmap\" class=\"sgmap\" fontname=%q fontsize=11 compound=true rankdir=%s\n", FontName, rankdir)
	d.printf("\t\tnodesep=%s ranksep=%s forcelabels=true outputorder=edgesfirst labelloc=b labeljust=l\n", nodesep, ranksep)
	d.printf("\t\tlabel=%s\n\t\ttooltip=%s]\n", labelN(200, provenanceLine(g)), tooltip(provenanceLine(g)))
	d.printf("\tnode [fontname=%q fontsize=10 shape=box style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#5f6b7a\" margin=\"0.12,0.05\"]\n", FontName)
	d.printf("\tedge [fontname=%q fontsize=9 color=\"#3b4552\" fontcolor=\"#1f2933\" arrowsize=0.7]\n", FontName)
	if d.bigGraph() {
		d.plan = d.planLayout()
	}
	d.writeCluster("", 1)
	d.writeLegend()
	for i := range g.Edges {
		d.writeEdge(i, &g.Edges[i])
	}
	d.writeLayoutEdges()
	d.printf("}\n")
}

// writeCluster writes what is drawn inside cluster id ("" = top level):
// nested groups, regions and nodes.
func (d *dotWriter) writeCluster(id string, depth int) {
	ind := strings.Repeat("\t", depth)
	for _, gid := range d.childGroups[id] {
		d.writeGroup(d.groups[gid], depth)
	}
	for _, rid := range d.childRegion[id] {
		r := d.regions[rid]
		d.printf("%ssubgraph %s {\n", ind, quote("cluster_"+r.ID))
		// "in-<group id>" classes let scripts highlight every region of
		// one group.
		class := "region"
		for _, g := range r.Groups {
			class += " in-" + g
		}
		d.printf("%s\tid=%s class=%s label=%s\n", ind, quote(r.ID), quote(class), label(r.Label))
		d.printf("%s\ttooltip=%s\n", ind, tooltip(d.regionTooltip(r)...))
		d.printf("%s\tstyle=\"dashed,filled\" fillcolor=\"#f4f1fa\" color=\"#7b5ea7\" penwidth=1.2 fontcolor=\"#4b3a6b\" labeljust=l labelloc=t\n", ind)
		d.writeAnchor(r.ID, depth+1)
		for _, nid := range d.childNodes[rid] {
			d.writeNode(d.nodes[nid], depth+1)
		}
		d.writeStubs(rid, depth+1)
		d.printf("%s}\n", ind)
	}
	for _, nid := range d.childNodes[id] {
		d.writeNode(d.nodes[nid], depth)
		if d.plan != nil {
			for _, name := range d.plan.replicas[nid] {
				d.writeNodeAs(d.nodes[nid], name, depth)
			}
		}
	}
	d.writeStubs(id, depth)
}

// palette holds fill and border colours for top-level enclosures; nested
// ones take a lighter fill and a dashed border of their own colour.
var palette = [][3]string{
	// fill, border, nested fill
	{"#e8f1fb", "#3d6fa8", "#f5f9fe"},
	{"#eaf6ec", "#3f8a4f", "#f6fbf7"},
	{"#fdf3e3", "#b7791f", "#fffaf2"},
	{"#f9eaf0", "#a8456e", "#fdf6f9"},
	{"#eef0f4", "#5a6478", "#f8f9fb"},
	{"#e9f6f6", "#2f8585", "#f5fbfb"},
}

func (d *dotWriter) writeGroup(gr *Group, depth int) {
	ind := strings.Repeat("\t", depth)
	top := gr.ID
	for d.groups[top] != nil && d.groups[top].Parent != "" && d.groups[d.groups[top].Parent] != nil {
		top = d.groups[top].Parent
	}
	pal := palette[d.color[top]%len(palette)]
	class := []string{"group"}
	style, fill, border := "rounded,filled", pal[0], pal[1]
	if gr.Parent != "" {
		class = append(class, "nested")
		style, fill = "rounded,filled,dashed", pal[2]
	}
	if gr.Missing {
		class = append(class, "missing")
		style, fill, border = "rounded,filled,dotted", "#f2f2f2", "#8a8a8a"
	}
	name := gr.Name
	if gr.Missing {
		name += " (missing)"
	}
	lines := []string{name}
	if gr.Hidden > 0 {
		lines = append(lines, fmt.Sprintf("+%d %s not shown", gr.Hidden, plural1(gr.Hidden, "member", "members")))
	}
	notes := d.notes[gr.ID]
	penwidth := "1.4"
	if len(notes) > 0 {
		class = append(class, "finding", "finding-"+worst(notes))
		lines[0] = badge(notes) + " " + lines[0]
		border, penwidth = severityColor(worst(notes)), "2"
	}
	class, style, fill, border, penwidth = changeGroup(gr, class, style, fill, border, penwidth)
	lines = changeGroupLines(gr, lines)
	d.printf("%ssubgraph %s {\n", ind, quote("cluster_"+gr.ID))
	d.printf("%s\tid=%s class=%s label=%s\n", ind, quote(gr.ID), quote(strings.Join(class, " ")), label(lines...))
	d.printf("%s\ttooltip=%s\n", ind, tooltip(d.groupTooltip(gr)...))
	d.printf("%s\tstyle=%s fillcolor=%s color=%s penwidth=%s fontsize=12 fontcolor=%s labeljust=l labelloc=t margin=%s\n",
		ind, quote(style), quote(fill), quote(border), penwidth, quote(border), d.spacing("14", "8"))
	d.writeAnchor(gr.ID, depth+1)
	d.writeCluster(gr.ID, depth+1)
	d.printf("%s}\n", ind)
}

// writeAnchor writes the invisible node that edges to a cluster attach to
// (with lhead/ltail clipping them at the cluster's border).
func (d *dotWriter) writeAnchor(id string, depth int) {
	d.printf("%s%s [id=%s class=\"anchor\" shape=point style=invis width=0.01 height=0.01 label=\"\"]\n",
		strings.Repeat("\t", depth), quote("anchor:"+id), quote("anchor:"+id))
}

// nodeStyle is a node kind's shape and fill.
var nodeStyle = map[string][2]string{
	"instance":        {"box", "#ffffff"},
	"load-balancer":   {"hexagon", "#fff4d6"},
	"ecs-task":        {"component", "#e6f4ea"},
	KindECSService:    {"component", "#e6f4ea"},
	"lambda":          {"cds", "#fde7d9"},
	"rds":             {"cylinder", "#dde9f8"},
	"vpc-endpoint":    {"invhouse", "#eee8f8"},
	"nat-gateway":     {"octagon", "#f0f0f0"},
	"redshift":        {"trapezium", "#dde9f8"},
	"msk":             {"parallelogram", "#f3e5f5"},
	"elasticache":     {"septagon", "#fdecea"},
	"efs":             {"tab", "#e8f5e9"},
	"opensearch":      {"pentagon", "#fff8e1"},
	"eks":             {"Msquare", "#e3f2fd"},
	"other":           {"box", "#f7f7f7"},
	KindENI:           {"ellipse", "#f7f7f7"},
	KindInternet:      {"ellipse", "#dbe9f7"},
	KindCIDR:          {"note", "#f4f4f4"},
	KindPrefixList:    {"folder", "#f4f4f4"},
	KindExternalGroup: {"box3d", "#f4f4f4"},
	KindUnknownGroup:  {"box", "#fde8e8"},
	KindApp:           {"box3d", "#eef3fb"},
	KindMore:          {"box", "#f7f7f7"},
}

func (d *dotWriter) writeNode(n *Node, depth int) { d.writeNodeAs(n, n.ID, depth) }

// writeNodeAs writes node n under the DOT name (and SVG id) name: its own
// ID, or a replica's "<id>#<n>" (class "replica") in the large-graph
// layout.
func (d *dotWriter) writeNodeAs(n *Node, name string, depth int) {
	st, ok := nodeStyle[n.Kind]
	if !ok {
		st = nodeStyle["other"]
	}
	class := []string{"node", "kind-" + n.Kind}
	if name != n.ID {
		class = append(class, "replica")
	}
	attrs := fmt.Sprintf("shape=%s fillcolor=%s", st[0], quote(st[1]))
	switch n.Kind {
	case KindInternet:
		attrs += " peripheries=2"
	case KindExternalGroup, KindMore:
		attrs += " style=\"filled,dashed\""
	case KindUnknownGroup:
		attrs += " style=\"filled,dashed\" color=\"#c0392b\" fontcolor=\"#c0392b\""
	case "instance", "other":
	default:
		attrs += " style=\"filled\""
	}
	first, second := n.Name, n.Detail
	if strings.Contains(first, second) {
		second = ""
	}
	var chips []string
	for _, c := range n.Chips {
		class = append(class, "chip-"+c)
		chips = append(chips, "◆ "+d.name(c))
	}
	if n.Kind == KindSharedGroup {
		pal := chipPalette[d.chipColor[n.ID]%len(chipPalette)]
		attrs = fmt.Sprintf("shape=box style=\"rounded,filled,bold\" fillcolor=%s color=%s fontcolor=%s", quote(pal[0]), quote(pal[1]), quote(pal[1]))
		first = "◆ " + first
	}
	if n.Kind == KindUnknownGroup {
		first = "⚠ " + first
	}
	notes := d.notes[n.ID]
	if len(notes) > 0 {
		class = append(class, "finding", "finding-"+worst(notes))
		first = badge(notes) + " " + first
		attrs += fmt.Sprintf(" color=%s penwidth=2", quote(severityColor(worst(notes))))
	}
	class, attrs = changeNode(n, class, attrs)
	d.printf("%s%s [id=%s class=%s label=%s %s\n%s\ttooltip=%s]\n", strings.Repeat("\t", depth), quote(name),
		quote(name), quote(strings.Join(class, " ")), label(first, second, strings.Join(chips, "  ")), attrs,
		strings.Repeat("\t", depth), tooltip(d.nodeTooltip(n)...))
}

// end returns the DOT node an edge attaches to for graph element id, and
// the cluster to clip at ("" for a node).
func (d *dotWriter) end(id string) (node, cluster string) {
	if gr := d.groups[id]; gr != nil {
		if len(gr.Regions) > 0 {
			// A group drawn as regions: attach to the region of its
			// members in no other split group, else to its first region.
			id = gr.Regions[0]
			for _, rid := range gr.Regions {
				if r := d.regions[rid]; r != nil && len(r.Groups) == 1 {
					id = rid
				}
			}
		}
		return "anchor:" + id, "cluster_" + id
	}
	return id, ""
}

func (d *dotWriter) writeEdge(i int, e *Edge) {
	tail, ltail := d.end(e.From)
	head, lhead := d.end(e.To)
	class := []string{"edge-" + e.Kind}
	var attrs []string
	if d.plan != nil {
		if ends, ok := d.plan.ends[i]; ok {
			tail, head, ltail, lhead = ends[0], ends[1], ends[2], ends[3]
		}
		if d.plan.free[i] {
			attrs = append(attrs, "constraint=false")
		}
	}
	if e.Kind == EdgeTarget {
		attrs = append(attrs, `color="#2a6fb0" fontcolor="#2a6fb0" penwidth=1.6 arrowhead=empty`)
		if e.Effective != EffectiveBoth {
			attrs = append(attrs, `style=dashed`)
		}
	} else {
		class = append(class[:0], "edge-rule", "effective-"+e.Effective)
		switch e.Effective {
		case EffectiveBoth:
			attrs = append(attrs, `penwidth=1.4`)
		case EgressOnly:
			attrs = append(attrs, `style=dashed color="#a23b84" fontcolor="#a23b84"`)
		default:
			attrs = append(attrs, `style=dashed color="#8c6d1f" fontcolor="#8c6d1f"`)
		}
	}
	if tail != head {
		if ltail != "" {
			attrs = append(attrs, "ltail="+quote(ltail))
		}
		if lhead != "" {
			attrs = append(attrs, "lhead="+quote(lhead))
		}
	}
	lbl := e.Label
	if e.Kind == EdgeTarget {
		// One load balancer forwarding to many targets on one port says
		// so once; the other edges carry it in their tooltips.
		key := e.From + "\x00" + e.Label
		if d.labelled[key] {
			lbl = ""
		}
		d.labelled[key] = true
	}
	notes := d.notes[e.ID]
	if len(notes) > 0 {
		class = append(class, "finding", "finding-"+worst(notes))
		lbl = badge(notes) + " " + lbl
		if e.Effective == EffectiveBoth {
			attrs = append(attrs, "color="+quote(severityColor(worst(notes))))
		} else {
			// A one-sided line keeps the colour that says which side
			// denies it; the finding shows in its width and label.
			attrs = append(attrs, "penwidth=2 fontcolor="+quote(severityColor(worst(notes))))
		}
	}
	class, attrs, lbl = changeEdge(e, class, attrs, lbl)
	tip := []string{d.name(e.From) + " → " + d.name(e.To) + ": " + e.Label + " (" + e.Effective + ")"}
	tip = append(tip, e.Details...)
	for _, a := range notes {
		tip = append(tip, noteLine(a))
	}
	// Edge labels inside a cluster can make dot drop the edge (and
	// Graphviz in WebAssembly does so silently); between top-level
	// enclosures and peers they are safe and placed far better than
	// xlabels, which are used for every other edge. Labels also make
	// layout several times slower, so big graphs use xlabels only.
	lattr := "xlabel"
	if len(d.g.Edges) <= maxLabelledEdges && tail != head && d.top(e.From) != d.top(e.To) {
		lattr = "label"
	}
	if n := d.minlen[i]; n > 1 {
		attrs = append(attrs, "minlen="+strconv.Itoa(n))
	}
	d.printf("\t%s -> %s [id=%s class=%s %s=%s %s\n\t\ttooltip=%s]\n", quote(tail), quote(head), quote(e.ID),
		quote(strings.Join(class, " ")), lattr, label(lbl), strings.Join(attrs, " "), tooltip(tip...))
}

// spacing picks the roomy value for diagrams meant to be read whole and
// the compact one for big graphs: dot stacks the enclosures of a shallow
// security-group graph in a few ranks, so a big VPC's drawing is tall, and
// tighter spacing cuts its height by about a third.
func (d *dotWriter) spacing(roomy, compact string) string {
	if len(d.g.Edges) > maxLabelledEdges {
		return compact
	}
	return roomy
}

// maxLabelledEdges is the most edges a graph may have for [WriteDOT] to
// use real edge labels (see writeEdge).
const maxLabelledEdges = 150

// top returns the top-level cluster (group or region ID) that graph
// element id is drawn in, or id itself for a top-level node.
func (d *dotWriter) top(id string) string {
	at := id
	if n := d.nodes[id]; n != nil {
		if n.Cluster == "" {
			return id
		}
		at = n.Cluster
	} else if gr := d.groups[id]; gr != nil && len(gr.Regions) > 0 {
		at, _ = d.end(id)
		at = strings.TrimPrefix(at, "anchor:")
	}
	for range 1000 {
		if r := d.regions[at]; r != nil && r.Parent != "" {
			at = r.Parent
		} else if gr := d.groups[at]; gr != nil && gr.Parent != "" && len(gr.Regions) == 0 {
			at = gr.Parent
		} else {
			return at
		}
	}
	return at
}
