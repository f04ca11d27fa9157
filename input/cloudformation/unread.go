package cloudformation

import (
	"slices"
	"strings"
)

// readTypes are the resource types sgmap reads besides [ownerSpecs].
var readTypes = []string{typeGroup, typeIngress, typeEgress, typeStack, typeVPC, typeSubnet,
	"AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule",
	"AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::AutoScaling::AutoScalingGroup",
	"AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::LaunchTemplate",
	"AWS::EC2::NetworkInterface", "AWS::Events::Rule", "AWS::EKS::Nodegroup"}

// unread warns about what s contains that could change the picture but
// that sgmap does not read: resource types that name security groups, and
// transforms that would create resources.
func (r *reader) unread(s *stack) {
	for _, t := range s.tpl.root.get("Transform").list() {
		if name := t.str(); name != "AWS::Serverless-2016-10-31" && name != "AWS::LanguageExtensions" {
			s.warn("%s: Transform %s is not expanded; resources it would create are not drawn", s.tpl.file, clip(name))
		}
	}
	for _, id := range s.order {
		rs := s.resources[id]
		if strings.HasPrefix(id, "Fn::ForEach") {
			s.warn("%s: Fn::ForEach (AWS::LanguageExtensions) is not expanded; the resources it would create are not drawn", s.where(id, rs.line))
			continue
		}
		if _, ok := ownerSpecs[rs.typ]; ok || slices.Contains(readTypes, rs.typ) || !s.enabled(rs) {
			continue
		}
		if key := mentionsGroups(rs.props, 0); key != "" {
			s.warn("%s: sgmap does not read %s, whose %s names security groups; not drawn", s.where(id, rs.line), clip(rs.typ), clip(key))
		}
	}
}

// mentionsGroups returns the first property key under n that names
// security groups, or "".
func mentionsGroups(n *node, depth int) string {
	if n == nil || depth > maxEvalDepth {
		return ""
	}
	for i, it := range n.items {
		if n.kind == mapping && strings.Contains(strings.ToLower(n.keys[i]), "securitygroup") {
			return n.keys[i]
		}
		if k := mentionsGroups(it, depth+1); k != "" {
			return k
		}
	}
	return ""
}
