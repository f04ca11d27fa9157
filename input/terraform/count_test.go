package terraform_test

import (
	"fmt"
	"strings"
	"testing"
)

// This file is the second, simpler reading of Terraform JSON that
// TestRead_SharedData compares the reader with. It knows only the shapes
// of the shared files: plans (resource_changes, root-module configuration)
// and raw state v4, and counts with plain maps.

type rawRes struct {
	addr, typ string
	v         map[string]any
	exprs     map[string]any // root-module configuration expressions
}

// rawResources lists the resource instances of a file, on a plan's after
// side.
func rawResources(doc map[string]any) []rawRes {
	cfg := map[string]map[string]any{}
	if c, ok := doc["configuration"].(map[string]any); ok {
		if root, ok := c["root_module"].(map[string]any); ok {
			for _, r := range asList(root["resources"]) {
				cfg[fmt.Sprint(r["address"])], _ = r["expressions"].(map[string]any)
			}
		}
	}
	var out []rawRes
	for _, rc := range asList(doc["resource_changes"]) {
		ch, _ := rc["change"].(map[string]any)
		after, ok := ch["after"].(map[string]any)
		if !ok {
			continue
		}
		addr := fmt.Sprint(rc["address"])
		out = append(out, rawRes{addr: addr, typ: fmt.Sprint(rc["type"]), v: after, exprs: cfg[addr]})
	}
	for _, r := range asList(doc["resources"]) { // raw state v4
		for _, in := range asList(r["instances"]) {
			attrs, _ := in["attributes"].(map[string]any)
			out = append(out, rawRes{addr: fmt.Sprint(r["type"], ".", r["name"]), typ: fmt.Sprint(r["type"]), v: attrs})
		}
	}
	return out
}

func asList(v any) []map[string]any {
	l, _ := v.([]any)
	var out []map[string]any
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func asStrings(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	if s, ok := v.(string); ok && s != "" {
		out = append(out, s)
	}
	return out
}

// refs returns the resource addresses the configuration references at
// attr (one level of nested block allowed: "vpc_config.security_group_ids").
func (r rawRes) refs(attr string) []string {
	e := r.exprs
	parts := strings.Split(attr, ".")
	for _, p := range parts[:len(parts)-1] {
		blocks := asList(e[p])
		if len(blocks) == 0 {
			return nil
		}
		e = blocks[0]
	}
	x, _ := e[parts[len(parts)-1]].(map[string]any)
	var out []string
	for _, ref := range asStrings(x["references"]) {
		if f := strings.Split(ref, "."); len(f) >= 2 && !strings.Contains("var local each count data", f[0]) {
			out = append(out, f[0]+"."+f[1])
		}
	}
	return out
}

// value returns the strings at attr, through one nested block.
func (r rawRes) value(attr string) []string {
	var v any = r.v
	for _, p := range strings.Split(attr, ".") {
		if l, ok := v.([]any); ok && len(l) > 0 {
			v = l[0]
		}
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return asStrings(v)
}

// ownerAttrs are the group attributes of the owner types in the shared
// files and a few more.
var ownerAttrs = map[string][]string{
	"aws_instance": {"vpc_security_group_ids"}, "aws_db_instance": {"vpc_security_group_ids"},
	"aws_lb": {"security_groups"}, "aws_alb": {"security_groups"}, "aws_elb": {"security_groups"},
	"aws_lambda_function": {"vpc_config.security_group_ids"}, "aws_eks_cluster": {"vpc_config.security_group_ids"},
	"aws_launch_template": {"vpc_security_group_ids"}, "aws_elasticsearch_domain": {"vpc_options.security_group_ids"},
	"aws_neptune_cluster": {"vpc_security_group_ids"}, "aws_ecs_service": {"network_configuration.security_groups"},
	"aws_vpc_endpoint": {"security_group_ids"},
}

func countRaw(t *testing.T, data []byte) counts {
	res := rawResources(mustJSON(t, data))
	gid := map[string]string{} // address → group id
	var n counts
	rules := map[string]bool{}
	norm := func(proto string, from, to any) string {
		p := strings.ToLower(proto)
		if name, ok := map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}[p]; ok {
			p = name
		}
		switch p {
		case "tcp", "udp", "icmp", "icmpv6":
			return fmt.Sprint(p, " ", from, "-", to)
		}
		return p // all traffic, or a protocol number: ports do not count
	}
	for _, r := range res {
		if r.typ == "aws_security_group" || r.typ == "aws_default_security_group" {
			n.groups++
			id := fmt.Sprint(r.v["id"])
			if r.v["id"] == nil {
				id = r.addr
			}
			gid[r.addr] = id
			for _, dir := range []string{"ingress", "egress"} {
				for _, el := range asList(r.v[dir]) {
					svc := dir + " " + norm(fmt.Sprint(el["protocol"]), el["from_port"], el["to_port"])
					peers := append(append(append(asStrings(el["cidr_blocks"]), asStrings(el["ipv6_cidr_blocks"])...),
						asStrings(el["prefix_list_ids"])...), asStrings(el["security_groups"])...)
					if el["self"] == true {
						peers = append(peers, id)
					}
					for _, p := range peers {
						rules[id+" "+svc+" "+p] = true
					}
				}
			}
		}
	}
	known := map[string]bool{}
	for _, id := range gid {
		known[id] = true
	}
	for _, r := range res {
		var dir, svc string
		var peers []string
		switch r.typ {
		case "aws_security_group_rule":
			dir, svc = fmt.Sprint(r.v["type"]), norm(fmt.Sprint(r.v["protocol"]), r.v["from_port"], r.v["to_port"])
			peers = append(append(asStrings(r.v["cidr_blocks"]), asStrings(r.v["ipv6_cidr_blocks"])...), asStrings(r.v["prefix_list_ids"])...)
			peers = append(peers, asStrings(r.v["source_security_group_id"])...)
		case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
			dir = strings.TrimSuffix(strings.TrimPrefix(r.typ, "aws_vpc_security_group_"), "_rule")
			svc = norm(fmt.Sprint(r.v["ip_protocol"]), r.v["from_port"], r.v["to_port"])
			for _, k := range []string{"cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"} {
				peers = append(peers, asStrings(r.v[k])...)
			}
		default:
			continue
		}
		g := fmt.Sprint(r.v["security_group_id"])
		if r.v["security_group_id"] == nil {
			for _, a := range r.refs("security_group_id") {
				g = gid[a]
			}
		}
		if !known[g] {
			known[g] = true
			n.groups++
		}
		if r.v["self"] == true {
			peers = append(peers, g)
		}
		for _, p := range peers {
			rules[g+" "+dir+" "+svc+" "+p] = true
		}
	}
	n.rules = len(rules)
	for _, r := range res {
		for _, attr := range ownerAttrs[r.typ] {
			if len(r.value(attr)) > 0 || len(r.refs(attr)) > 0 {
				n.owners++
				break
			}
		}
	}
	return n
}
