package terraform

import "github.com/sgmap/sgmap"

// instances converts EC2 instances and network interfaces. An ENI
// attached to an instance of the file adds its groups to the instance;
// one attached to nothing the file has is drawn as an ENI.
func (c *conv) instances() {
	extra := map[string][]string{} // instance address → groups of attached ENIs
	for _, r := range c.of("aws_network_interface_sg_attachment") {
		c.used[r.addr] = true
		eni, sg := c.one(r, "network_interface_id"), c.one(r, "security_group_id")
		c.eniGroups[eni] = append(c.eniGroups[eni], sg)
	}
	instByID := map[string]*res{}
	for _, r := range c.of("aws_instance") {
		instByID[c.idOf(r)] = r
	}
	for _, r := range c.of("aws_network_interface") {
		c.used[r.addr] = true
		id := c.idOf(r)
		groups := append(c.refIDs(r, "security_groups"), c.eniGroups[id]...)
		if inst := instByID[c.one(r, "attachment", "instance")]; inst != nil {
			extra[inst.addr] = append(extra[inst.addr], groups...)
			continue
		}
		subnet := c.one(r, "subnet_id")
		vpc := c.subnetVPC([]string{subnet})
		if vpc == "" {
			vpc = c.groupVPC(groups)
		}
		e := sgmap.NetworkInterface{ID: id, SubnetID: subnet, VPCID: vpc,
			Description: str(r.values["description"]), PrivateIPs: strs(r.values["private_ips"]), GroupIDs: uniq(groups),
			Tags: tags(r.values["tags"])}
		if e.GroupIDs == nil {
			e.GroupIDs = []string{}
		}
		c.s.Interfaces = append(c.s.Interfaces, e)
	}
	for _, r := range c.of("aws_instance") {
		c.used[r.addr] = true
		groups := append(c.refIDs(r, "vpc_security_group_ids"), c.groupsByName(r, "security_groups")...)
		for _, ni := range list(r.values["network_interface"]) {
			eni := str(ni["network_interface_id"])
			for _, e := range c.s.Interfaces {
				if e.ID == eni {
					groups = append(groups, e.GroupIDs...)
				}
			}
		}
		groups = append(groups, extra[r.addr]...)
		o := c.owner(r, sgmap.OwnerInstance, "", groups, []string{"subnet_id"})
		if o == nil {
			continue
		}
		if t := str(r.values["instance_type"]); t != "" {
			o.Detail = map[string]string{"instance_type": t}
		}
		c.s.Owners = append(c.s.Owners, *o)
	}
}

// groupsByName resolves group names (EC2-Classic and default-VPC style
// attributes) to the ids of the file's groups of those names.
func (c *conv) groupsByName(r *res, attr string) []string {
	var out []string
	for _, n := range c.refIDs(r, attr) {
		for _, g := range c.s.Groups {
			if g.Name == n || g.ID == n {
				out = append(out, g.ID)
			}
		}
	}
	return out
}

// templateGroups returns the groups of a launch template or launch
// configuration.
func (c *conv) templateGroups(r *res) []string {
	if r.typ == "aws_launch_configuration" {
		return append(c.refIDs(r, "security_groups"), c.groupsByName(r, "security_groups")...)
	}
	groups := append(c.refIDs(r, "vpc_security_group_ids"), c.groupsByName(r, "security_group_names")...)
	for _, ni := range list(r.values["network_interfaces"]) {
		groups = append(groups, strs(ni["security_groups"])...)
	}
	return groups
}

// autoScaling converts Auto Scaling groups: each is one owner standing for
// the instances it will launch, in its template's groups, with the group
// as parent. Templates no Auto Scaling group of the file uses are drawn
// as "other" owners, so their groups are not shown empty.
func (c *conv) autoScaling() {
	templates := c.of("aws_launch_template", "aws_launch_configuration")
	usedTemplates := map[string]bool{}
	find := func(ids ...string) *res {
		for _, id := range ids {
			for _, t := range templates {
				if id != "" && (c.idOf(t) == id || str(t.values["name"]) == id) {
					return t
				}
			}
		}
		return nil
	}
	for _, r := range c.of("aws_autoscaling_group") {
		c.used[r.addr] = true
		lt := find(c.one(r, "launch_template", "id"), c.one(r, "launch_template", "name"),
			c.one(r, "mixed_instances_policy", "launch_template", "launch_template_specification", "launch_template_id"),
			c.one(r, "mixed_instances_policy", "launch_template", "launch_template_specification", "launch_template_name"),
			c.one(r, "launch_configuration"))
		var groups []string
		if lt != nil {
			usedTemplates[lt.addr] = true
			groups = c.templateGroups(lt)
		}
		o := c.owner(r, sgmap.OwnerInstance, str(r.values["name"]), groups, []string{"vpc_zone_identifier"})
		if o == nil {
			continue
		}
		o.ID = "tf:" + r.addr
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentAutoScalingGroup, ID: o.ID, Name: o.Name}
		c.s.Owners = append(c.s.Owners, *o)
	}
	for _, t := range templates {
		c.used[t.addr] = true
		if usedTemplates[t.addr] {
			continue
		}
		o := c.owner(t, sgmap.OwnerOther, str(t.values["name"]), c.templateGroups(t), nil)
		if o != nil {
			o.Detail = map[string]string{"service": "ec2 " + t.typ[len("aws_"):]}
			c.s.Owners = append(c.s.Owners, *o)
		}
	}
}
