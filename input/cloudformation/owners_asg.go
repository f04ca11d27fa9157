package cloudformation

import (
	"strconv"

	"github.com/sgmap/sgmap"
)

// autoScalingGroups adds one owner per Auto Scaling group: its instances,
// in the groups of its launch template or configuration. Launch templates
// and configurations no group or instance uses are named in a warning.
func (r *reader) autoScalingGroups(s *stack) {
	used := map[string]bool{}
	for _, rs := range s.resourcesOf("AWS::EC2::Instance") {
		if lt := s.prop(rs, "LaunchTemplate"); lt != nil {
			used[launchTemplateRef(lt)] = true
		}
	}
	for _, rs := range s.resourcesOf("AWS::AutoScaling::AutoScalingGroup") {
		where := s.where(rs.id, rs.line)
		o := sgmap.Owner{ID: s.id(rs.id), Kind: sgmap.OwnerInstance, Name: rs.id, AccountID: r.opt.AccountID, Region: r.opt.Region}
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentAutoScalingGroup, ID: o.ID, Name: firstOf(s.prop(rs, "AutoScalingGroupName").str(), rs.id)}
		lt := s.prop(rs, "LaunchTemplate")
		if lt == nil {
			lt = s.prop(rs, "MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification")
		}
		switch lc := s.prop(rs, "LaunchConfigurationName"); {
		case lt != nil:
			used[launchTemplateRef(lt)] = true
			o.GroupIDs = r.launchTemplateGroups(s, lt, where)
		case lc != nil:
			used[lc.s] = true
			for _, c := range s.resourcesOf("AWS::AutoScaling::LaunchConfiguration") {
				if s.id(c.id) == lc.s {
					o.GroupIDs = r.groupList(s, s.prop(c, "SecurityGroups"), s.where(c.id, c.line), "SecurityGroups")
					o.Detail = detail("instance_type", s.prop(c, "InstanceType").str())
				}
			}
		default:
			s.warn("%s: Auto Scaling group names no launch template or configuration sgmap can read", where)
		}
		o.VPCID = r.ownerVPC(s, o.GroupIDs, s.prop(rs, "VPCZoneIdentifier"), nil)
		if len(o.GroupIDs) == 0 {
			o.GroupIDs = []string{r.defaultGroup(o.VPCID)}
		}
		r.snap.Owners = append(r.snap.Owners, o)
		for _, tg := range s.prop(rs, "TargetGroupARNs").list() {
			r.targets = append(r.targets, registration{group: tg.s, owner: o.ID})
		}
	}
	for _, id := range r.nodegroups(s) {
		used[id] = true
	}
	for _, rs := range s.resourcesOf("AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration") {
		if !used[s.id(rs.id)] {
			s.warn("%s: %s is used by no Auto Scaling group or instance read; not drawn", s.where(rs.id, rs.line), rs.typ)
		}
	}
}

// launchTemplateRef returns the id a LaunchTemplate specification names
// (EKS node groups spell its keys Id and Name).
func launchTemplateRef(lt *node) string {
	return firstOf(lt.get("LaunchTemplateId").str(), lt.get("LaunchTemplateName").str(), lt.get("Id").str(), lt.get("Name").str())
}

// nodegroups adds one owner per EKS managed node group: its instances, in
// the groups of its launch template, else in the cluster security group
// EKS creates (a placeholder: the template does not define it). It returns
// the launch templates used.
func (r *reader) nodegroups(s *stack) []string {
	var used []string
	for _, rs := range s.resourcesOf("AWS::EKS::Nodegroup") {
		where := s.where(rs.id, rs.line)
		o := sgmap.Owner{ID: s.id(rs.id), Kind: sgmap.OwnerInstance, Name: rs.id, AccountID: r.opt.AccountID, Region: r.opt.Region,
			Detail: detail("service", "eks")}
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentAutoScalingGroup, ID: o.ID, Name: firstOf(s.prop(rs, "NodegroupName").str(), rs.id)}
		if lt := s.prop(rs, "LaunchTemplate"); lt != nil {
			used = append(used, launchTemplateRef(lt))
			o.GroupIDs = r.launchTemplateGroups(s, lt, where)
		}
		o.VPCID = r.ownerVPC(s, o.GroupIDs, s.prop(rs, "Subnets"), nil)
		if len(o.GroupIDs) == 0 {
			cluster := firstOf(s.prop(rs, "ClusterName").str(), s.id(rs.id))
			g := r.placeholder(s, cluster+".ClusterSecurityGroupId")
			g.Name, g.VPCID = "EKS cluster security group", o.VPCID
			o.GroupIDs = []string{g.ID}
		}
		r.snap.Owners = append(r.snap.Owners, o)
	}
	return used
}

// launchTemplateGroups returns the groups of the launch template lt names.
func (r *reader) launchTemplateGroups(s *stack, lt *node, where string) []string {
	if lt == nil {
		return nil
	}
	ref := launchTemplateRef(lt)
	for _, rs := range s.resourcesOf("AWS::EC2::LaunchTemplate") {
		if s.id(rs.id) != ref {
			continue
		}
		w := s.where(rs.id, rs.line)
		out := r.groupList(s, s.prop(rs, "LaunchTemplateData", "SecurityGroupIds"), w, "LaunchTemplateData.SecurityGroupIds")
		out = append(out, r.groupList(s, s.prop(rs, "LaunchTemplateData", "SecurityGroups"), w, "LaunchTemplateData.SecurityGroups")...)
		for _, ni := range s.prop(rs, "LaunchTemplateData", "NetworkInterfaces").list() {
			out = append(out, r.groupList(s, ni.get("Groups"), w, "LaunchTemplateData.NetworkInterfaces.Groups")...)
		}
		return out
	}
	s.warn("%s: launch template %s is not defined in the templates read; its groups are unknown", where, clip(ref))
	return nil
}

// interfaces adds AWS::EC2::NetworkInterface resources as ENIs of their own.
func (r *reader) interfaces(s *stack) {
	for _, rs := range s.resourcesOf("AWS::EC2::NetworkInterface") {
		where := s.where(rs.id, rs.line)
		e := sgmap.NetworkInterface{ID: s.id(rs.id), AccountID: r.opt.AccountID, Region: r.opt.Region,
			Description: s.prop(rs, "Description").str(), Tags: s.tags(rs, "Tags")}
		e.GroupIDs = r.groupList(s, s.prop(rs, "GroupSet"), where, "GroupSet")
		sub := s.prop(rs, "SubnetId")
		e.SubnetID = sub.str()
		e.VPCID = r.ownerVPC(s, e.GroupIDs, sub, nil)
		if len(e.GroupIDs) == 0 {
			e.GroupIDs = []string{r.defaultGroup(e.VPCID)}
		}
		r.snap.Interfaces = append(r.snap.Interfaces, e)
	}
}

// eventTargets adds the ECS tasks that EventBridge rules start in awsvpc mode.
func (r *reader) eventTargets(s *stack) {
	for _, rs := range s.resourcesOf("AWS::Events::Rule") {
		for i, t := range s.prop(rs, "Targets").list() {
			nc := t.path("EcsParameters", "NetworkConfiguration", "AwsVpcConfiguration")
			if nc == nil {
				continue
			}
			where := s.where(rs.id, rs.line)
			o := sgmap.Owner{ID: s.id(rs.id) + ".Targets." + strconv.Itoa(i), Kind: sgmap.OwnerECSTask,
				Name: rs.id + " task", AccountID: r.opt.AccountID, Region: r.opt.Region}
			o.GroupIDs = r.groupList(s, nc.get("SecurityGroups"), where, "SecurityGroups")
			o.VPCID = r.ownerVPC(s, o.GroupIDs, nc.get("Subnets"), nil)
			if len(o.GroupIDs) == 0 {
				o.GroupIDs = []string{r.defaultGroup(o.VPCID)}
			}
			r.snap.Owners = append(r.snap.Owners, o)
		}
	}
}
