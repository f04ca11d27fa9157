package terraform

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
)

// Placeholder VPCs for groups whose VPC the file does not say.
const (
	// defaultVPC holds groups declared without vpc_id: AWS puts them in the
	// region's default VPC.
	defaultVPC = "tf:default-vpc"
	// unknownVPC holds groups whose vpc_id is unknown until apply and
	// references nothing in the plan, and groups known only from rules.
	unknownVPC = "tf:unknown-vpc"
)

// groupTypes are the resources that are security groups.
var groupTypes = []string{"aws_security_group", "aws_default_security_group"}

// groups converts the security groups, with their inline rules.
func (c *conv) groups() {
	for _, r := range c.of(groupTypes...) {
		c.used[r.addr] = true
		g := sgmap.SecurityGroup{ID: c.idOf(r), Name: groupName(r), Description: str(r.values["description"]),
			AccountID: str(r.values["owner_id"]), Region: arnRegion(str(r.values["arn"])), Tags: tags(r.values["tags"]),
			Location: c.loc.resource(r.addr), Rules: []sgmap.Rule{}}
		g.VPCID = c.one(r, "vpc_id")
		if g.VPCID == "" {
			g.VPCID = c.missingVPC(r)
		}
		for _, dir := range []sgmap.Direction{sgmap.Ingress, sgmap.Egress} {
			for i, el := range list(r.values[string(dir)]) {
				c.inlineRules(&g, r, dir, i, el)
			}
		}
		c.s.Groups = append(c.s.Groups, g)
	}
}

// groupName is the group's name, else its name prefix, Name tag or
// address.
func groupName(r *res) string {
	if n := str(r.values["name"]); n != "" {
		return n
	}
	if p := str(r.values["name_prefix"]); p != "" {
		return p + "…"
	}
	if n := str(get(r.values, "tags", "Name")); n != "" {
		return n
	}
	if r.typ == "aws_default_security_group" {
		return "default"
	}
	return r.addr
}

// missingVPC is the VPC of a group whose vpc_id is empty: the default VPC
// when the configuration sets none, else the unknown one.
func (c *conv) missingVPC(r *res) string {
	cr := c.config(r)
	if r.typ != "aws_default_security_group" && (unknownAt(r.unknown, "vpc_id") || (cr != nil && cr.Expressions["vpc_id"] != nil)) {
		c.placeholderVPC(unknownVPC, "VPC unknown until apply")
		return unknownVPC
	}
	c.placeholderVPC(defaultVPC, "default VPC")
	return defaultVPC
}

// placeholderVPC adds a VPC that stands for one the file does not name.
func (c *conv) placeholderVPC(id, name string) {
	for _, v := range c.s.VPCs {
		if v.ID == id {
			return
		}
	}
	c.s.VPCs = append(c.s.VPCs, sgmap.VPC{ID: id, Name: name, IsDefault: id == defaultVPC})
}

// inlineRules expands one ingress or egress element into one rule per
// peer. Peers unknown until apply are followed through the matching
// block of the configuration.
func (c *conv) inlineRules(g *sgmap.SecurityGroup, r *res, dir sgmap.Direction, i int, el map[string]any) {
	base := sgmap.Rule{Direction: dir, Protocol: str(el["protocol"]), Description: str(el["description"])}
	base.FromPort, base.ToPort = ports(el["from_port"], el["to_port"])
	base.Location = c.loc.inline(r.addr, string(dir), base.FromPort, base.ToPort, base.Protocol)
	peers := cidrPeers(strs(el["cidr_blocks"]), strs(el["ipv6_cidr_blocks"]))
	for _, pl := range strs(el["prefix_list_ids"]) {
		peers = append(peers, sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: pl})
	}
	groups := strs(el["security_groups"])
	if unknownAt(get(r.unknown, string(dir)), fmt.Sprint(i)) || unknownInList(r.unknown, string(dir), i, "security_groups") {
		groups = append(groups, c.inlineRefs(r, dir, base)...)
	}
	for _, id := range groups {
		peers = append(peers, groupPeer(id))
	}
	if truthy(el["self"]) {
		peers = append(peers, sgmap.Peer{Kind: sgmap.PeerGroup, Value: g.ID})
	}
	for _, p := range peers {
		rule := base
		rule.Peer = p
		addRule(g, rule)
	}
}

// unknownInList reports whether after_unknown marks field of element i of
// the list attr unknown.
func unknownInList(unknown any, attr string, i int, field string) bool {
	l, ok := get(unknown, attr).([]any)
	if !ok || i >= len(l) {
		return false
	}
	return unknownAt(l[i], field)
}

// inlineRefs follows the security_groups of the configuration block with
// the same ports and protocol as rule.
func (c *conv) inlineRefs(r *res, dir sgmap.Direction, rule sgmap.Rule) []string {
	cr := c.config(r)
	if cr == nil || cr.Expressions[string(dir)] == nil {
		return nil
	}
	var out []string
	for _, blk := range cr.Expressions[string(dir)].NestedBlocks {
		from, to := ports(constant(blk["from_port"]), constant(blk["to_port"]))
		if from != rule.FromPort || to != rule.ToPort || !strings.EqualFold(str(constant(blk["protocol"])), rule.Protocol) {
			continue
		}
		c.budget = maxRefSteps
		t := c.resolveExpr(blk["security_groups"], r.module, r, 0)
		for _, a := range t.addrs {
			if tr := c.byAddr[a]; tr != nil {
				out = append(out, c.idOf(tr))
			}
		}
		out = append(out, t.lits...)
		c.followed = append(c.followed, fmt.Sprintf("%s.%s(%s) → %s", r.addr, dir, rule.Service().Label(), strings.Join(t.addrs, ", ")))
	}
	return out
}

// ports reads a from/to pair; a missing value is -1 (all, for protocol -1).
func ports(from, to any) (int32, int32) {
	f, ok := num(from)
	if !ok {
		f = -1
	}
	t, ok := num(to)
	if !ok {
		t = -1
	}
	return f, t
}

// cidrPeers makes IPv4 and IPv6 peers.
func cidrPeers(v4, v6 []string) []sgmap.Peer {
	var out []sgmap.Peer
	for _, c := range v4 {
		out = append(out, sgmap.Peer{Kind: sgmap.PeerIPv4, Value: c})
	}
	for _, c := range v6 {
		out = append(out, sgmap.Peer{Kind: sgmap.PeerIPv6, Value: c})
	}
	return out
}

// groupPeer makes a group peer of sg-…, tf:… or account/sg-….
func groupPeer(id string) sgmap.Peer {
	p := sgmap.Peer{Kind: sgmap.PeerGroup, Value: id}
	if acct, sg, ok := strings.Cut(id, "/"); ok && !strings.HasPrefix(id, "tf:") {
		p.AccountID, p.Value = acct, sg
	}
	return p
}

// addRule adds rule to g unless g has it already (the state lists rules
// of standalone rule resources inline too): then the copy with an ID and
// a location of its own wins.
func addRule(g *sgmap.SecurityGroup, rule sgmap.Rule) {
	k := ruleKey(rule)
	for i := range g.Rules {
		if ruleKey(g.Rules[i]) == k {
			old := &g.Rules[i]
			old.ID = cmp.Or(rule.ID, old.ID)
			old.Description = cmp.Or(old.Description, rule.Description)
			if rule.ID != "" || old.Location.IsZero() {
				old.Location = cmp.Or(rule.Location, old.Location)
			}
			return
		}
	}
	g.Rules = append(g.Rules, rule)
}

// ruleKey identifies a rule by what it admits, ignoring ID, description
// and location, with protocols spelled one way.
func ruleKey(r sgmap.Rule) string {
	p := strings.ToLower(strings.TrimSpace(r.Protocol))
	switch p {
	case "6":
		p = sgmap.ProtoTCP
	case "17":
		p = sgmap.ProtoUDP
	case "1":
		p = sgmap.ProtoICMP
	case "58":
		p = sgmap.ProtoICMPv6
	case "", "all":
		p = sgmap.AllProtocols
	}
	from, to := r.FromPort, r.ToPort
	if p == sgmap.AllProtocols {
		from, to = -1, -1
	}
	return fmt.Sprintf("%s %s %d %d %s %s", r.Direction, p, from, to, r.Peer.Kind, r.Peer.String())
}

// arnRegion returns the region field of an ARN, or "".
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// arnAccount returns the account field of an ARN, or "".
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}
