package terraform

import (
	"strings"

	"github.com/sgmap/sgmap"
)

// loadBalancers converts aws_lb/aws_alb with their listeners and target
// groups, and classic aws_elb with its listener blocks and instances.
func (c *conv) loadBalancers() {
	tgs := map[string]*sgmap.TargetGroup{} // by id
	for _, r := range c.of("aws_lb_target_group", "aws_alb_target_group") {
		c.used[r.addr] = true
		tg := &sgmap.TargetGroup{ID: c.idOf(r), Name: str(r.values["name"]), Protocol: str(r.values["protocol"]),
			TargetType: str(r.values["target_type"])}
		tg.Port, _ = num(r.values["port"])
		tgs[tg.ID] = tg
	}
	for _, r := range c.of("aws_lb_target_group_attachment", "aws_alb_target_group_attachment") {
		c.used[r.addr] = true
		if tg := tgs[c.one(r, "target_group_arn")]; tg != nil {
			t := sgmap.Target{ID: c.one(r, "target_id")}
			t.Port, _ = num(r.values["port"])
			tg.Targets = append(tg.Targets, t)
		}
	}
	listeners := map[string][]*res{} // by load balancer id
	for _, r := range c.of("aws_lb_listener", "aws_alb_listener") {
		c.used[r.addr] = true
		lb := c.one(r, "load_balancer_arn")
		listeners[lb] = append(listeners[lb], r)
	}
	for _, r := range c.of("aws_lb", "aws_alb") {
		c.used[r.addr] = true
		o := c.owner(r, sgmap.OwnerLoadBalancer, str(r.values["name"]), c.refIDs(r, "security_groups"), []string{"subnets"})
		if o == nil {
			continue
		}
		lb := &sgmap.LoadBalancer{Type: strOr(str(r.values["load_balancer_type"]), "application"), Scheme: "internet-facing",
			DNSName: str(r.values["dns_name"])}
		if truthy(r.values["internal"]) {
			lb.Scheme = "internal"
		}
		seen := map[string]bool{}
		for _, l := range listeners[o.ID] {
			ln := sgmap.Listener{Protocol: strings.ToUpper(str(l.values["protocol"]))}
			ln.Port, _ = num(l.values["port"])
			lb.Listeners = append(lb.Listeners, ln)
			for _, a := range c.refIDs(l, "default_action", "target_group_arn") {
				if tg := tgs[a]; tg != nil && !seen[a] {
					seen[a] = true
					lb.TargetGroups = append(lb.TargetGroups, *tg)
				}
			}
		}
		o.LoadBalancer = lb
		c.s.Owners = append(c.s.Owners, *o)
	}
	for _, r := range c.of("aws_elb") {
		c.used[r.addr] = true
		o := c.owner(r, sgmap.OwnerLoadBalancer, str(r.values["name"]), c.refIDs(r, "security_groups"), []string{"subnets"})
		if o == nil {
			continue
		}
		lb := &sgmap.LoadBalancer{Type: "classic", Scheme: "internet-facing", DNSName: str(r.values["dns_name"])}
		if truthy(r.values["internal"]) {
			lb.Scheme = "internal"
		}
		tg := sgmap.TargetGroup{ID: o.ID + "/instances", Name: o.Name, TargetType: "instance"}
		for _, l := range list(r.values["listener"]) {
			ln := sgmap.Listener{Protocol: strings.ToUpper(str(l["lb_protocol"]))}
			ln.Port, _ = num(l["lb_port"])
			lb.Listeners = append(lb.Listeners, ln)
			if p, ok := num(l["instance_port"]); ok && tg.Port == 0 {
				tg.Port = p
			}
		}
		for _, id := range c.refIDs(r, "instances") {
			tg.Targets = append(tg.Targets, sgmap.Target{ID: id, Port: tg.Port})
		}
		if len(tg.Targets) > 0 {
			lb.TargetGroups = []sgmap.TargetGroup{tg}
		}
		o.LoadBalancer = lb
		c.s.Owners = append(c.s.Owners, *o)
	}
}

func strOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
