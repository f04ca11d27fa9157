// Package graph turns a [sgmap.Snapshot] into the diagram sgmap draws: one
// VPC's security groups as enclosures (clusters) around the owners of their
// ENIs, peers outside the VPC's groups as nodes, and rules as labelled edges
// between enclosures. [Build] makes the [Graph] (pure), [WriteDOT] writes it
// as deterministic Graphviz DOT, and the graph JSON contract is the Graph's
// own JSON encoding. Rendering DOT to SVG lives in graph/render, the only
// package that loads Graphviz.
//
// # Stable IDs
//
// IDs are derived from AWS IDs, never generated, so the same snapshot and
// view give the same IDs (and the SVG keeps them as element ids):
//
//   - groups: the sg ID (sg-…);
//   - owner nodes: the owner ID (i-…, a load balancer or ECS task ARN, a
//     Lambda function name, …); ownerless ENIs: the ENI ID (eni-…);
//   - collapsed nodes (overview): "<parent kind>:<parent ID>", e.g.
//     "ecs-service:arn:aws:ecs:…:service/monitoring/prometheus" or
//     "autoscaling-group:web-asg", with "#1", "#2", … appended (in group-set
//     order) when one parent's owners sit in several group sets;
//   - peers: "internet", "cidr:<cidr>", "pl:<pl-id>",
//     "ext:<account>/<sg-id>" (or "ext:<sg-id>" when the account is
//     unknown) for groups in other VPCs or accounts, "unknown:<sg-id>" for
//     dangling or stale references;
//   - regions: "region:<sorted sg IDs joined by +>", with "@<parent>" (or
//     "@top") appended only when the same set of groups meets in several
//     clusters;
//   - edges: "edge:<kind>:<from>-><to>:<effective>" (kind rule or target;
//     effective both, ingress-only or egress-only: one edge per value);
//   - applications (map, app=): "app:<name>"; a shared group's node keeps
//     its sg ID; the map's aggregated peers are "peers:subnets",
//     "peers:cidrs", "peers:ext:<account or other>" and "peers:unknown";
//     edges merged between boxes take the same form as edges;
//   - in DOT only: clusters are "cluster_<group or region ID>", each with an
//     invisible anchor node "anchor:<group or region ID>", and the legend
//     node is "legend".
package graph

// View is how much detail a diagram shows.
type View string

// Views (query parameter view=).
const (
	// Overview collapses owners of one kind that share a group set and a
	// logical parent (Auto Scaling group, ECS service, Lambda function) into
	// one node with a count.
	Overview View = "overview"
	// Detail shows every owner.
	Detail View = "detail"
	// Map draws one box per application (see [Applications]) and the
	// aggregated edges between applications and peers.
	Map View = "map"
)

// Options choose the view of a VPC that [Build] draws.
type Options struct {
	View View
	// Focus is a group ID or name: draw that group, its members and its
	// direct neighbours only.
	Focus string
	// Egress shows AWS's default allow-all egress rules, hidden otherwise.
	Egress bool
	// SnapshotID names the snapshot in the graph JSON and provenance line.
	SnapshotID string
	// App, on the overview and detail views, draws one application's groups
	// only (an [App] name or ID); neighbours outside it are drawn as their
	// application's box or a group stub. A Focus takes precedence.
	App string
	// AppTag is the tag key that names applications; empty tries
	// [DefaultAppTags].
	AppTag string
}

// Graph is one VPC's diagram. Its JSON encoding is the graph JSON contract
// (docs/graph-json.md): fields may be added, never renamed.
type Graph struct {
	Snapshot string  `json:"snapshot"`
	VPC      string  `json:"vpc"`
	View     View    `json:"view"`
	Focus    string  `json:"focus,omitempty"`
	App      string  `json:"app,omitempty"`
	Egress   bool    `json:"egress"`
	Groups   []Group `json:"groups"`
	Nodes    []Node  `json:"nodes"`
	Edges    []Edge  `json:"edges"`
	// Regions are the drawn areas where groups partially overlap: one per
	// distinct set of groups, labelled by the groups it is inside.
	Regions []Region `json:"regions,omitempty"`
	// Apps are the VPC's applications, at view=map only.
	Apps []App `json:"apps,omitempty"`
	// Bundles are the lines a map draws, each carrying the edges between
	// two of its boxes ([Graph.Bundle]); other views have none.
	Bundles    []Bundle   `json:"bundles,omitempty"`
	Provenance Provenance `json:"provenance"`
	// Annotations are findings attached by the caller (see [Graph.Annotate]);
	// the DOT writer draws them as badges, colours and tooltip lines.
	Annotations []Annotation `json:"annotations,omitempty"`
	// DiffFrom, on a visual diff (package diff's union graph), names the
	// older snapshot; the graph is drawn as the newer one plus what was
	// removed, and every group, node and edge has a Change.
	DiffFrom string `json:"diff_from,omitempty"`
}

// Group is one security group drawn as an enclosure.
type Group struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Parent is the group this one is drawn inside ("" at top level).
	Parent string `json:"parent"`
	// Members lists every node the group encloses, including nodes drawn
	// inside nested groups and regions.
	Members []string `json:"members"`
	// Regions lists the overlap regions this group is split across, when
	// it partially overlaps another group.
	Regions []string `json:"regions,omitempty"`
	// Missing marks a group that members or rules name but the snapshot
	// does not describe.
	Missing bool `json:"missing,omitempty"`
	// Hidden counts members a focused diagram does not draw: a neighbour
	// group of the focus shows its enclosure, not its members.
	Hidden int `json:"hidden,omitempty"`
	// Shared marks a shared group: drawn as chips on its members and one
	// node of kind shared-group, not as an enclosure.
	Shared bool `json:"shared,omitempty"`
	// Change, on a visual diff only: added, removed, changed or unchanged
	// (see change.go). OldName is the name before a rename.
	Change  string `json:"change,omitempty"`
	OldName string `json:"old_name,omitempty"`
}

// Region is a drawn area for one distinct set of partially overlapping
// groups.
type Region struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`  // "game-servers-production ∩ monitoring"
	Groups []string `json:"groups"` // sorted group IDs
	Parent string   `json:"parent"` // group or region it is drawn inside ("" at top level)
}

// Node kinds beyond the owner kinds of [sgmap.OwnerKind].
const (
	KindECSService    = "ecs-service"
	KindENI           = "eni"
	KindInternet      = "internet"
	KindCIDR          = "cidr"
	KindPrefixList    = "prefix-list"
	KindExternalGroup = "external-group"
	KindUnknownGroup  = "unknown-group"
	// KindApp is an application's box in the map (ID "app:NAME"); in an
	// application's overview, a neighbouring application.
	KindApp = "app"
	// KindSharedGroup is a shared group drawn as one node (ID its sg ID)
	// that its rules' edges start and end at.
	KindSharedGroup = "shared-group"
	// KindMore, on an application's overview, is one box for the
	// neighbours past the few drawn ("+7 more"; ID "more:neighbours").
	KindMore = "more"
)

// Node is an owner (or a collapsed set of owners), an ownerless ENI, or a
// peer outside the VPC's groups.
type Node struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	Count  int      `json:"count"`
	Groups []string `json:"groups"` // sorted IDs of all its groups
	// Chips are the sorted IDs of its groups drawn as chips (shared
	// groups) rather than enclosures: Groups minus Chips enclose it.
	Chips []string `json:"chips"`
	// ChipOwners, on an app node of the map, counts per chip the app's
	// owners in that shared group.
	ChipOwners map[string]int `json:"chip_owners,omitempty"`
	// Cluster is the group or region the node is drawn inside ("" = top).
	Cluster string `json:"cluster,omitempty"`
	// Owners are the owner IDs a collapsed node stands for (on an
	// application's overview, a counted node's or an aggregated peer's
	// too).
	Owners []string `json:"owners,omitempty"`
	// Members, on an application's overview, are the IDs of the overview's
	// nodes a counted node ("count:…"), or the neighbours a "+N more" node
	// ("more:neighbours"), stands for.
	Members []string `json:"members,omitempty"`
	// Addresses are private IPs (owners) or the CIDRs a peer node stands for.
	Addresses []string `json:"addresses,omitempty"`
	// Interfaces are the ENIs the node stands for, sorted.
	Interfaces []string `json:"interfaces,omitempty"`
	// Detail is a short second line: "4 instances", "10.0.0.0/16", "account 1234…".
	Detail string `json:"detail,omitempty"`
	// Services, on an app or shared-group node of the map, are the merged
	// services the other boxes reach it on, cut short ("TCP 443, 8080 +2
	// more").
	Services string `json:"services,omitempty"`
	// Change, on a visual diff only: added, removed, changed or unchanged.
	Change string `json:"change,omitempty"`
}

// Edge kinds.
const (
	EdgeRule   = "rule"
	EdgeTarget = "target"
)

// Effective values.
const (
	EffectiveBoth = "both"
	IngressOnly   = "ingress-only"
	EgressOnly    = "egress-only"
)

// Edge is a flow between two enclosures, or between a peer node and an
// enclosure, with the merged services of every rule behind it; or a load
// balancer's forwarding to its targets.
type Edge struct {
	ID    string `json:"id"`
	From  string `json:"from"`
	To    string `json:"to"`
	Kind  string `json:"kind"`
	Label string `json:"label"`
	// Effective is "both" for the traffic that passes the source's egress
	// and the destination's ingress (an end with no known rules — a peer
	// outside the VPC's groups, an owner without groups — allows
	// everything; default egress counts even when hidden),
	// "ingress-only" for the rest of the destination's ingress rules and
	// "egress-only" for the rest of the source's egress rules. A pair has
	// one edge per value that occurs, each labelled with its own services
	// (docs/graph-json.md); the engine is package reach. Details say, per
	// rule, which side does not let the rest through.
	Effective string `json:"effective"`
	// Rules are the rule IDs (sgr-…, or "<sg id> <Rule.Key()>" for rules
	// without an ID) behind a rule edge, or the target group ARNs behind a
	// target edge, sorted.
	Rules []string `json:"rules"`
	// Details are one line per rule for tooltips: direction, group,
	// service, peer and description.
	Details []string `json:"details,omitempty"`
	// Change, on a visual diff only: added, removed, changed or unchanged;
	// OldLabel is the label before a change.
	Change   string `json:"change,omitempty"`
	OldLabel string `json:"old_label,omitempty"`
	// Bundle, on a map only, is the ID of the [Bundle] (the drawn line)
	// that carries the edge.
	Bundle string `json:"bundle,omitempty"`
}

// Provenance says what a diagram shows; every SVG states it.
type Provenance struct {
	Accounts []string `json:"accounts"`
	Regions  []string `json:"regions"`
	VPCName  string   `json:"vpc_name,omitempty"`
	TakenAt  string   `json:"taken_at"` // RFC 3339, UTC
	// Source names a design-time or imported input ("Terraform plan",
	// "CloudFormation"; [sgmap.SourceLabel]) and SourceFile its file, so
	// a diagram of a plan never passes for one of what is deployed.
	Source     string `json:"source,omitempty"`
	SourceFile string `json:"source_file,omitempty"`
}

// Annotation is a finding attached to a group, node, edge or rule ID.
type Annotation struct {
	Subject  string `json:"subject"`  // sg-…, node ID, edge ID or rule ID
	Finding  string `json:"finding"`  // finding id, e.g. name-describes-rules
	Severity string `json:"severity"` // info, warning, error
	Message  string `json:"message"`
}
