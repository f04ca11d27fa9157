package graph

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/sgmap/sgmap"
)

// App is one application of a VPC: a set of groups that belong together,
// drawn as one box by the map view (see docs/apps.md for how groups are
// assigned). Every group of the VPC is in exactly one App. A shared group
// (see [Applications]) is an App of its own with Shared set. Its JSON
// encoding is the "apps" entry of the graph JSON contract.
type App struct {
	// ID is "app:" + Name.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Groups are the sorted IDs of the app's groups.
	Groups []string `json:"groups"`
	// Shared marks a shared group: drawn as chips on its members and one
	// shared-group node, not as an enclosure or an app box.
	Shared bool `json:"shared"`
	// Owners counts the owners (and ownerless ENIs) in at least one of the
	// app's groups; ENIs counts their network interfaces in those groups.
	Owners int `json:"owners"`
	ENIs   int `json:"enis"`
	// Holds, on [OthersApp], names the applications folded into it,
	// largest first, so that the map can say where they went.
	Holds []string `json:"holds,omitempty"`
	// Parts, on [OthersApp], are the applications folded into it, sorted
	// by ID, each with its groups and counts: its overview is a map of
	// them, and each has an overview of its own (Options.App naming it).
	// They are not in the map's graph JSON (its "holds" names them); the
	// others overview lists them as its "apps".
	Parts []App `json:"-"`
}

// Application assignment limits.
const (
	// maxApps is the most applications a VPC is split into (shared groups
	// not counted): past it, apps merge by the stem of their names, then
	// the smallest fold into [OthersApp].
	maxApps = 36
	// sharedAppSpread is how many applications a group's members may sit
	// in before the group counts as shared.
	sharedAppSpread = 3
)

// OthersApp is the name of the application that holds the smallest apps
// when a VPC has more than the map can draw.
const OthersApp = "others"

// DefaultAppTags are the tag keys tried, in order, when Options.AppTag is
// empty: the first one that more than half of the VPC's groups carry names
// their applications.
var DefaultAppTags = []string{"sgmap:app", "app", "application", "service", "aws:cloudformation:stack-name"}

// Applications returns the applications of VPC vpc of s, sorted by ID,
// as the map view draws them: from the tag appTag (empty: the first of
// [DefaultAppTags] most groups carry), else from the groups' structure.
// It is deterministic and independent of the order of the snapshot's
// arrays. An unknown or ambiguous vpc is the error [Build] gives.
func Applications(s *sgmap.Snapshot, vpc string, appTag string) ([]App, error) {
	if s == nil {
		return nil, sgmap.Errorf(sgmap.EINVALID, "no snapshot to draw")
	}
	vpc, err := pickVPC(s, vpc)
	if err != nil {
		return nil, err
	}
	b := newBuilder(s, vpc, Options{View: Overview, AppTag: appTag})
	b.collectNodes()
	b.collectGroups()
	return b.assignment().apps, nil
}

// DefaultView is the view a VPC is drawn in when none is asked for: [Map]
// when its overview has more than 40 top-level units (enclosures and
// nodes drawn at top level, peers included), else [Overview]. A focused or
// single-application diagram is always an [Overview]. The CLI, diagram.svg
// and the dashboard all decide with it. Errors are [Build]'s for vpc.
func DefaultView(s *sgmap.Snapshot, vpc string, opt Options) (View, error) {
	if s == nil {
		return "", sgmap.Errorf(sgmap.EINVALID, "no snapshot to draw")
	}
	vpc, err := pickVPC(s, vpc)
	if err != nil {
		return "", err
	}
	if opt.Focus != "" || opt.App != "" {
		return Overview, nil
	}
	b := newBuilder(s, vpc, Options{View: Overview, Egress: opt.Egress})
	b.collectNodes()
	b.collectGroups()
	if b.mapIsDefault() {
		return Map, nil
	}
	return Overview, nil
}

// maxOverviewUnits is the most top-level units an overview may have and
// still be a VPC's default view.
const maxOverviewUnits = 40

// mapIsDefault reports whether b's VPC is big enough for the map to be its
// default view. It needs b's nodes and groups; it adds the peer nodes the
// rules name (they are top-level units too) and caches the answer.
func (b *builder) mapIsDefault() bool {
	if b.bigVPC != nil {
		return *b.bigVPC
	}
	b.collectPeers()
	nodes := make([]Node, 0, len(b.nodes))
	for _, n := range b.nodes {
		nodes = append(nodes, Node{ID: n.ID, Groups: n.Groups})
	}
	groups := make([]Group, 0, len(b.groups))
	for _, g := range b.groups {
		groups = append(groups, Group{ID: g.ID, Name: g.Name})
	}
	slices.SortFunc(groups, func(a, c Group) int { return strings.Compare(a.ID, c.ID) })
	regions := layout(groups, nodes)
	units := 0
	for _, g := range groups {
		if g.Parent == "" && len(g.Regions) == 0 {
			units++
		}
	}
	for _, r := range regions {
		if r.Parent == "" {
			units++
		}
	}
	for _, n := range nodes {
		if n.Cluster == "" {
			units++
		}
	}
	big := units > maxOverviewUnits
	b.bigVPC = &big
	return big
}

// collectPeers adds the peer nodes the drawn groups' rules name, once.
func (b *builder) collectPeers() {
	if b.peersDone {
		return
	}
	b.peersDone = true
	for _, gid := range sortedKeys(b.groups) {
		sg := b.x.Groups[gid]
		if sg == nil {
			continue
		}
		for _, r := range sg.Rules {
			if isDefaultEgress(r) && !b.opt.Egress {
				continue
			}
			b.peerEndpoint(gid, r)
		}
	}
}

// appTagKey is the tag key applications are read from, "" for none.
func (b *builder) appTagKey(groups []string) string {
	if b.opt.AppTag != "" {
		return b.opt.AppTag
	}
	for _, k := range DefaultAppTags {
		n := 0
		for _, id := range groups {
			if sg := b.x.Groups[id]; sg != nil && strings.TrimSpace(sg.Tags[k]) != "" {
				n++
			}
		}
		if 2*n > len(groups) {
			return k
		}
	}
	return ""
}

// appKey is the application name a group's own tag or name suggests,
// made safe to be an ID ([cleanName]).
func appKey(sg *sgmap.SecurityGroup, id, tag string) (key string, tagged bool) {
	if sg == nil {
		return cmp.Or(cleanName(Stem(id)), id), false
	}
	if v := cleanName(sg.Tags[tag]); tag != "" && v != "" {
		return v, true
	}
	return cmp.Or(cleanName(Stem(cmp.Or(sg.Name, id))), id), false
}

// cleanName makes AWS-supplied text an application name: valid UTF-8,
// without control, format (bidi override) or surrounding space
// characters, at most 60 runes. Names become IDs ("app:NAME") that DOT
// and SVG must keep verbatim.
func cleanName(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\\' || r == '"' {
			return -1
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return clipRunes(strings.Join(strings.Fields(s), " "), 60)
}
