package server

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
)

// pageData is the diagram page's #page-data JSON (DOM contract): the view,
// the graph JSON, and per group, node and edge the details the panel,
// tooltips and search show. html/template escapes it for the script
// element.
type pageData struct {
	Snapshot string               `json:"snapshot"`
	VPC      string               `json:"vpc"`
	View     string               `json:"view"`
	Focus    string               `json:"focus"`
	Egress   bool                 `json:"egress"`
	Findings bool                 `json:"findings"`
	Graph    json.RawMessage      `json:"graph"`
	Groups   map[string]groupData `json:"groups"`
	Nodes    map[string]nodeData  `json:"nodes"`
	Edges    map[string]edgeData  `json:"edges"`
}

type groupData struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	AccountID   string            `json:"account_id"`
	Tags        map[string]string `json:"tags"`
	Missing     bool              `json:"missing"`
	Members     []memberData      `json:"members"`
	Ingress     []ruleData        `json:"ingress"`
	Egress      []ruleData        `json:"egress"`
	Findings    []findingData     `json:"findings"`
}

type memberData struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	Kind string    `json:"kind"`
	ENIs []eniData `json:"enis"`
}

type eniData struct {
	ID            string   `json:"id"`
	PrivateIPs    []string `json:"private_ips"`
	IPv6Addresses []string `json:"ipv6_addresses"`
	SubnetID      string   `json:"subnet_id"`
	SubnetName    string   `json:"subnet_name"`
}

type ruleData struct {
	RuleID      string `json:"rule_id"`
	Peer        string `json:"peer"`
	PeerName    string `json:"peer_name"`
	Service     string `json:"service"`
	Description string `json:"description"`
}

type findingData struct {
	Finding  string `json:"finding"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type nodeData struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Kind       string            `json:"kind"`
	Count      int               `json:"count"`
	Owners     []string          `json:"owners"`
	IPs        []string          `json:"ips"`
	Tags       map[string]string `json:"tags"`
	GroupNames []string          `json:"group_names"`
	Detail     string            `json:"detail,omitempty"`
	Members    []string          `json:"members,omitempty"` // what a counted node or "+N more" box stands for (app overview)
}

type edgeData struct {
	Label     string         `json:"label"`
	Effective string         `json:"effective"`
	Kind      string         `json:"kind"`
	Rules     []edgeRuleData `json:"rules"`
	// RulesTotal counts the edge's rules when Rules lists only the first
	// maxEdgeRules (an aggregated map edge can stand for hundreds).
	RulesTotal int      `json:"rules_total,omitempty"`
	Details    []string `json:"details,omitempty"`
}

// maxEdgeRules is the most rules the page data lists for one edge
// (maxMapEdgeRules on the map, whose edges aggregate whole applications);
// the rest are counted. The graph JSON and rules.csv list them all.
const (
	maxEdgeRules    = 40
	maxMapEdgeRules = 4
)

type edgeRuleData struct {
	RuleID      string `json:"rule_id"`
	Direction   string `json:"direction"`
	Group       string `json:"group"`
	GroupName   string `json:"group_name"`
	Service     string `json:"service"`
	Peer        string `json:"peer"`
	Description string `json:"description"`
}

// pageData assembles the page data of v from its built artifacts. Groups
// carry their findings whether or not the diagram shows them (anns).
func (s *Server) pageData(v *viewRequest, a *artifacts, anns []graph.Annotation) *pageData {
	x := s.index(v.Ref)
	names := audit.NewPeerNames(x)
	g := a.Graph
	d := &pageData{Snapshot: v.SnapParam, VPC: v.VPC, View: string(v.Options.View), Focus: v.Options.Focus,
		Egress: v.Options.Egress, Findings: v.Findings, Graph: pageGraph(g, a.JSON),
		Groups: map[string]groupData{}, Nodes: map[string]nodeData{}, Edges: map[string]edgeData{}}
	nodes := map[string]*graph.Node{}
	for i := range g.Nodes {
		nodes[g.Nodes[i].ID] = &g.Nodes[i]
	}
	for _, gr := range g.Groups {
		if g.View == graph.Map {
			// The map draws applications, not groups: name them only.
			d.Groups[gr.ID] = groupSummary(x, gr)
			continue
		}
		d.Groups[gr.ID] = groupDataOf(x, names, gr, nodes, anns)
	}
	for _, n := range g.Nodes {
		d.Nodes[n.ID] = nodeDataOf(x, n)
	}
	rules := ruleLookup(x.Snapshot)
	for _, e := range g.Edges {
		ed := edgeData{Label: e.Label, Effective: e.Effective, Kind: e.Kind, Rules: []edgeRuleData{}, Details: e.Details}
		ids := e.Rules
		if limit := cmp.Or(mapLimit(g.View), maxEdgeRules); len(ids) > limit {
			ids, ed.RulesTotal = ids[:limit], len(ids)
		}
		for _, id := range ids {
			if gr, ok := rules[id]; ok {
				ed.Rules = append(ed.Rules, edgeRuleData{RuleID: id, Direction: string(gr.rule.Direction),
					Group: gr.group.ID, GroupName: gr.group.DisplayName(), Service: gr.rule.Service().Label(),
					Peer: gr.rule.Peer.String(), Description: gr.rule.Description})
			}
		}
		d.Edges[e.ID] = ed
	}
	return d
}

func groupDataOf(x *sgmap.Index, names *audit.PeerNames, gr graph.Group, nodes map[string]*graph.Node, anns []graph.Annotation) groupData {
	gd := groupData{ID: gr.ID, Name: gr.Name, Description: gr.Description, Missing: gr.Missing,
		Tags: map[string]string{}, Members: []memberData{}, Ingress: []ruleData{}, Egress: []ruleData{},
		Findings: []findingData{}}
	if sg := x.Groups[gr.ID]; sg != nil {
		gd.AccountID = sg.AccountID
		if sg.Tags != nil {
			gd.Tags = sg.Tags
		}
		for _, r := range sg.Rules {
			rd := ruleData{RuleID: ruleKey(sg.ID, r), Peer: r.Peer.String(), PeerName: names.Name(sg, r.Peer),
				Service: r.Service().Label(), Description: r.Description}
			if r.Direction == sgmap.Egress {
				gd.Egress = append(gd.Egress, rd)
			} else {
				gd.Ingress = append(gd.Ingress, rd)
			}
		}
	}
	for _, id := range gr.Members {
		if n := nodes[id]; n != nil {
			gd.Members = append(gd.Members, membersOf(x, gr.ID, n)...)
		}
	}
	for _, a := range anns {
		if a.Subject == gr.ID {
			gd.Findings = append(gd.Findings, findingData{Finding: a.Finding, Severity: a.Severity, Message: a.Message})
		}
	}
	return gd
}

// membersOf lists the owners (or the ownerless ENI) a node stands for, each
// with its ENIs that are in group gid.
func membersOf(x *sgmap.Index, gid string, n *graph.Node) []memberData {
	owners := n.Owners
	if len(owners) == 0 {
		owners = []string{n.ID}
	}
	var out []memberData
	for _, id := range owners {
		if o := x.Owners[id]; o != nil {
			m := memberData{ID: o.ID, Name: o.DisplayName(), Kind: string(o.Kind), ENIs: []eniData{}}
			for _, e := range x.OwnerInterfaces[o.ID] {
				if slices.Contains(e.GroupIDs, gid) {
					m.ENIs = append(m.ENIs, eniDataOf(x, e))
				}
			}
			out = append(out, m)
		} else if e := x.Interfaces[id]; e != nil {
			out = append(out, memberData{ID: e.ID, Name: e.ID, Kind: graph.KindENI, ENIs: []eniData{eniDataOf(x, e)}})
		}
	}
	return out
}

func eniDataOf(x *sgmap.Index, e *sgmap.NetworkInterface) eniData {
	d := eniData{ID: e.ID, PrivateIPs: nonNil(e.PrivateIPs), IPv6Addresses: nonNil(e.IPv6Addresses), SubnetID: e.SubnetID}
	if sn := x.Subnets[e.SubnetID]; sn != nil {
		d.SubnetName = sn.Name
	}
	return d
}

func nodeDataOf(x *sgmap.Index, n graph.Node) nodeData {
	nd := nodeData{ID: n.ID, Name: n.Name, Kind: n.Kind, Count: n.Count, Owners: nonNil(n.Owners),
		Members: n.Members, IPs: nonNil(n.Addresses), Tags: map[string]string{}, GroupNames: []string{}, Detail: n.Detail}
	if o := x.Owners[n.ID]; o != nil && o.Tags != nil {
		nd.Tags = o.Tags
	} else if e := x.Interfaces[n.ID]; e != nil && e.Tags != nil {
		nd.Tags = e.Tags
	}
	for _, gid := range n.Groups {
		name := gid
		if sg := x.Groups[gid]; sg != nil {
			name = sg.DisplayName()
		}
		nd.GroupNames = append(nd.GroupNames, name)
	}
	return nd
}

// ruleKey is the id graph.Edge.Rules uses for r: its sgr- ID, else the
// group and the rule's key.
func ruleKey(gid string, r sgmap.Rule) string {
	if r.ID != "" {
		return r.ID
	}
	return gid + " " + r.Key()
}

type groupRule struct {
	group *sgmap.SecurityGroup
	rule  sgmap.Rule
}

func ruleLookup(s *sgmap.Snapshot) map[string]groupRule {
	out := map[string]groupRule{}
	for i := range s.Groups {
		g := &s.Groups[i]
		for _, r := range g.Rules {
			out[ruleKey(g.ID, r)] = groupRule{group: g, rule: r}
		}
	}
	return out
}
