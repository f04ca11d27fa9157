package terraform

import (
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
)

// ruleTypes are the standalone rule resources.
var ruleTypes = []string{"aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"}

// rules converts the standalone rule resources and adds them to their
// groups; a group the file does not declare is added with only these
// rules, and a warning says so.
func (c *conv) rules() {
	byID := map[string]int{}
	for i, g := range c.s.Groups {
		if _, dup := byID[g.ID]; !dup {
			byID[g.ID] = i // the first wins, as in sgmap.Merge
		}
	}
	var stubs []string
	for _, r := range c.of(ruleTypes...) {
		c.used[r.addr] = true
		gid := c.one(r, "security_group_id")
		if gid == "" {
			c.unresolved = append(c.unresolved, r.addr+".security_group_id")
			continue
		}
		i, ok := byID[gid]
		if !ok {
			c.s.Groups = append(c.s.Groups, sgmap.SecurityGroup{ID: gid, Name: gid, VPCID: c.stubVPC(), Rules: []sgmap.Rule{}})
			i = len(c.s.Groups) - 1
			byID[gid] = i
			stubs = append(stubs, gid)
		}
		g := &c.s.Groups[i]
		var rules []sgmap.Rule
		if r.typ == "aws_security_group_rule" {
			rules = c.legacyRule(r, g.ID)
		} else {
			rules = c.vpcRule(r, g.ID)
		}
		for _, rule := range rules {
			rule.Location = c.loc.resource(r.addr)
			addRule(g, rule)
		}
	}
	if len(stubs) > 0 {
		c.s.Warnings = append(c.s.Warnings, sgmap.Warning{Service: "terraform", Code: "terraform",
			Message: fmt.Sprintf("%d group(s) that rules name are not in the file and are drawn with only those rules: %s",
				len(stubs), strings.Join(clipList(stubs, 8), ", "))})
	}
}

// stubVPC is the VPC of a group known only from rules: the file's only
// VPC, else the unknown one.
func (c *conv) stubVPC() string {
	vpcs := map[string]bool{}
	for _, g := range c.s.Groups {
		vpcs[g.VPCID] = true
	}
	for _, v := range c.s.VPCs {
		vpcs[v.ID] = true
	}
	if len(vpcs) == 1 {
		for id := range vpcs {
			return id
		}
	}
	c.placeholderVPC(unknownVPC, "VPC unknown until apply")
	return unknownVPC
}

// legacyRule converts aws_security_group_rule: one rule per CIDR, prefix
// list, source group and self.
func (c *conv) legacyRule(r *res, gid string) []sgmap.Rule {
	dir := sgmap.Ingress
	if str(r.values["type"]) == "egress" {
		dir = sgmap.Egress
	}
	base := sgmap.Rule{Direction: dir, Protocol: str(r.values["protocol"]), Description: str(r.values["description"]),
		ID: ruleID(r)}
	base.FromPort, base.ToPort = ports(r.values["from_port"], r.values["to_port"])
	peers := cidrPeers(c.cidrs(r, "cidr_blocks"), c.cidrs(r, "ipv6_cidr_blocks"))
	for _, pl := range c.refIDs(r, "prefix_list_ids") {
		peers = append(peers, sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: pl})
	}
	src := c.one(r, "source_security_group_id")
	if truthy(r.values["self"]) || src == gid {
		peers = append(peers, sgmap.Peer{Kind: sgmap.PeerGroup, Value: gid})
	} else if src != "" {
		peers = append(peers, groupPeer(src))
	}
	return withPeers(base, peers)
}

// vpcRule converts aws_vpc_security_group_ingress_rule and _egress_rule:
// one peer each.
func (c *conv) vpcRule(r *res, gid string) []sgmap.Rule {
	dir := sgmap.Ingress
	if r.typ == "aws_vpc_security_group_egress_rule" {
		dir = sgmap.Egress
	}
	base := sgmap.Rule{Direction: dir, Protocol: str(r.values["ip_protocol"]), Description: str(r.values["description"]),
		ID: ruleID(r)}
	base.FromPort, base.ToPort = ports(r.values["from_port"], r.values["to_port"])
	peers := cidrPeers(c.cidrs(r, "cidr_ipv4"), c.cidrs(r, "cidr_ipv6"))
	if pl := c.one(r, "prefix_list_id"); pl != "" {
		peers = append(peers, sgmap.Peer{Kind: sgmap.PeerPrefixList, Value: pl})
	}
	if ref := c.one(r, "referenced_security_group_id"); ref == gid {
		peers = append(peers, sgmap.Peer{Kind: sgmap.PeerGroup, Value: gid})
	} else if ref != "" {
		peers = append(peers, groupPeer(ref))
	}
	return withPeers(base, peers)
}

func withPeers(base sgmap.Rule, peers []sgmap.Peer) []sgmap.Rule {
	out := make([]sgmap.Rule, 0, len(peers))
	for _, p := range peers {
		r := base
		r.Peer = p
		if len(peers) > 1 {
			r.ID = "" // one resource, several rules: the ID names none of them alone
		}
		out = append(out, r)
	}
	return out
}

// ruleID is the rule's sgr-… id when the file has it.
func ruleID(r *res) string {
	for _, k := range []string{"security_group_rule_id", "id"} {
		if id := str(r.values[k]); strings.HasPrefix(id, "sgr-") {
			return id
		}
	}
	return ""
}

// cidrs returns the CIDRs at attr: known values, or, when unknown until
// apply, the CIDR blocks of the VPCs and subnets the configuration
// references ([aws_vpc.main.cidr_block]).
func (c *conv) cidrs(r *res, attr string) []string {
	known := strs(r.values[attr])
	if len(known) > 0 || !unknownAt(r.unknown, attr) {
		return known
	}
	t := c.follow(r, attr)
	var out []string
	for _, a := range t.addrs {
		if tr := c.byAddr[a]; tr != nil {
			out = append(out, strs(tr.values["cidr_block"])...)
		}
	}
	out = append(out, t.lits...)
	if len(out) == 0 {
		if c.hasExpr(r, attr) {
			c.unresolved = append(c.unresolved, r.addr+"."+attr)
		}
	} else {
		c.followed = append(c.followed, r.addr+"."+attr+" → "+strings.Join(t.addrs, ", "))
	}
	return out
}
