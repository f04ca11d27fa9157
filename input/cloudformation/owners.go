package cloudformation

import (
	"strings"

	"github.com/sgmap/sgmap"
)

// ownerSpec says where a resource type lists its groups and subnets.
type ownerSpec struct {
	kind    sgmap.OwnerKind
	service string     // Detail["service"] for OwnerOther
	groups  [][]string // property paths of group lists
	subnets []string
	// needs is a property that must be set for the resource to be in a VPC
	// (Lambda VpcConfig); empty means always.
	needs string
	// noDefault: without groups the resource is in none (an NLB), rather
	// than in its VPC's default group.
	noDefault bool
}

// ownerSpecs are the owner types read from a table; instances, Auto Scaling
// groups, load balancers, ECS services, network interfaces and Events
// rules have code of their own.
var ownerSpecs = map[string]ownerSpec{
	"AWS::Lambda::Function":              {kind: sgmap.OwnerLambda, groups: [][]string{{"VpcConfig", "SecurityGroupIds"}}, subnets: []string{"VpcConfig", "SubnetIds"}, needs: "VpcConfig"},
	"AWS::Serverless::Function":          {kind: sgmap.OwnerLambda, groups: [][]string{{"VpcConfig", "SecurityGroupIds"}}, subnets: []string{"VpcConfig", "SubnetIds"}, needs: "VpcConfig"},
	"AWS::RDS::DBCluster":                {kind: sgmap.OwnerRDS, groups: [][]string{{"VpcSecurityGroupIds"}}},
	"AWS::ElastiCache::CacheCluster":     {kind: sgmap.OwnerOther, service: "elasticache", groups: [][]string{{"VpcSecurityGroupIds"}}},
	"AWS::ElastiCache::ReplicationGroup": {kind: sgmap.OwnerOther, service: "elasticache", groups: [][]string{{"SecurityGroupIds"}}},
	"AWS::EFS::MountTarget":              {kind: sgmap.OwnerOther, service: "efs", groups: [][]string{{"SecurityGroups"}}, subnets: []string{"SubnetId"}},
	"AWS::EKS::Cluster":                  {kind: sgmap.OwnerOther, service: "eks", groups: [][]string{{"ResourcesVpcConfig", "SecurityGroupIds"}}, subnets: []string{"ResourcesVpcConfig", "SubnetIds"}},
	"AWS::Elasticsearch::Domain":         {kind: sgmap.OwnerOther, service: "opensearch", groups: [][]string{{"VPCOptions", "SecurityGroupIds"}}, subnets: []string{"VPCOptions", "SubnetIds"}, needs: "VPCOptions"},
	"AWS::OpenSearchService::Domain":     {kind: sgmap.OwnerOther, service: "opensearch", groups: [][]string{{"VPCOptions", "SecurityGroupIds"}}, subnets: []string{"VPCOptions", "SubnetIds"}, needs: "VPCOptions"},
	"AWS::MSK::Cluster":                  {kind: sgmap.OwnerOther, service: "msk", groups: [][]string{{"BrokerNodeGroupInfo", "SecurityGroups"}}, subnets: []string{"BrokerNodeGroupInfo", "ClientSubnets"}},
	"AWS::Redshift::Cluster":             {kind: sgmap.OwnerOther, service: "redshift", groups: [][]string{{"VpcSecurityGroupIds"}}},
	"AWS::EC2::Instance":                 {kind: sgmap.OwnerInstance, groups: [][]string{{"SecurityGroupIds"}, {"SecurityGroups"}}, subnets: []string{"SubnetId"}},
	"AWS::RDS::DBInstance":               {kind: sgmap.OwnerRDS, groups: [][]string{{"VPCSecurityGroups"}}},
	"AWS::EC2::VPCEndpoint":              {kind: sgmap.OwnerVPCEndpoint, groups: [][]string{{"SecurityGroupIds"}}, subnets: []string{"SubnetIds"}},
	typeELBv2:                            {kind: sgmap.OwnerLoadBalancer, groups: [][]string{{"SecurityGroups"}}, subnets: []string{"Subnets"}},
	typeELB:                              {kind: sgmap.OwnerLoadBalancer, groups: [][]string{{"SecurityGroups"}}, subnets: []string{"Subnets"}},
	"AWS::ECS::Service":                  {kind: sgmap.OwnerECSTask, groups: [][]string{{"NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"}}, subnets: []string{"NetworkConfiguration", "AwsvpcConfiguration", "Subnets"}, needs: "NetworkConfiguration"},
}

// owners adds the owners s defines.
func (r *reader) owners(s *stack) {
	for _, id := range s.order {
		rs := s.resources[id]
		spec, ok := ownerSpecs[rs.typ]
		if !ok || !s.enabled(rs) {
			continue
		}
		if spec.needs != "" && absent(s.prop(rs, spec.needs)) {
			if rs.typ == "AWS::ECS::Service" {
				s.warn("%s: ECS service without awsvpc networking: its tasks use the groups of the container instances; not drawn apart", s.where(rs.id, rs.line))
			}
			continue
		}
		if rs.typ == "AWS::EC2::VPCEndpoint" && !interfaceEndpoint(s, rs) {
			continue // gateway endpoints have no network interfaces or groups
		}
		o := r.owner(s, rs, spec)
		r.snap.Owners = append(r.snap.Owners, o)
	}
	r.autoScalingGroups(s)
	r.interfaces(s)
	r.eventTargets(s)
	r.registerTargets(s)
}

// absent reports whether an evaluated property is not set: missing, or
// removed by !If [cond, …, !Ref AWS::NoValue].
func absent(n *node) bool { return n == nil || n.kind == noValue }

func interfaceEndpoint(s *stack, rs *resource) bool {
	t := s.prop(rs, "VpcEndpointType").str()
	return t == "Interface" || t == "GatewayLoadBalancer"
}

// owner converts one resource by its spec.
func (r *reader) owner(s *stack, rs *resource, spec ownerSpec) sgmap.Owner {
	o := sgmap.Owner{ID: s.id(rs.id), Kind: spec.kind, AccountID: r.opt.AccountID, Region: r.opt.Region,
		Tags: s.tags(rs, "Tags")}
	o.Name = firstOf(o.Tags["Name"], rs.id)
	where := s.where(rs.id, rs.line)
	for _, p := range spec.groups {
		o.GroupIDs = append(o.GroupIDs, r.groupList(s, s.prop(rs, p...), where, strings.Join(p, "."))...)
	}
	switch rs.typ {
	case "AWS::EC2::Instance":
		for _, ni := range s.prop(rs, "NetworkInterfaces").list() {
			o.GroupIDs = append(o.GroupIDs, r.groupList(s, ni.get("GroupSet"), where, "NetworkInterfaces.GroupSet")...)
		}
		o.GroupIDs = append(o.GroupIDs, r.launchTemplateGroups(s, s.prop(rs, "LaunchTemplate"), where)...)
		o.Detail = detail("instance_type", s.prop(rs, "InstanceType").str())
	case "AWS::RDS::DBInstance":
		if len(o.GroupIDs) == 0 {
			o.GroupIDs = r.clusterGroups(s, s.prop(rs, "DBClusterIdentifier"))
		}
		o.Detail = detail("engine", s.prop(rs, "Engine").str())
	case "AWS::RDS::DBCluster":
		o.Detail = detail("engine", s.prop(rs, "Engine").str())
	case typeELB:
		if len(o.GroupIDs) == 0 {
			o.GroupIDs = []string{r.elbGroup(s, rs)}
		}
		o.LoadBalancer = &sgmap.LoadBalancer{Type: "classic", Scheme: s.prop(rs, "Scheme").str()}
		r.classicListeners(s, rs, o.LoadBalancer)
	case typeELBv2:
		o.LoadBalancer = &sgmap.LoadBalancer{Type: firstOf(s.prop(rs, "Type").str(), "application"),
			Scheme: firstOf(s.prop(rs, "Scheme").str(), "internet-facing")}
		spec.noDefault = o.LoadBalancer.Type != "application"
		r.listeners(o.ID, o.LoadBalancer)
	case "AWS::ECS::Service":
		o.Parent = &sgmap.Parent{Kind: sgmap.ParentECSService, ID: o.ID, Name: firstOf(s.prop(rs, "ServiceName").str(), rs.id)}
	}
	if spec.service != "" {
		o.Detail = detail("service", spec.service)
	}
	o.VPCID = r.ownerVPC(s, o.GroupIDs, s.prop(rs, spec.subnets...), s.prop(rs, "VpcId"))
	if len(o.GroupIDs) == 0 && !spec.noDefault {
		o.GroupIDs = []string{r.defaultGroup(o.VPCID)}
	}
	return o
}

func detail(k, v string) map[string]string {
	if v == "" {
		return nil
	}
	return map[string]string{k: v}
}

// groupList resolves a list of group references; a group the templates
// do not define (a parameter, an import) gets a placeholder, so that its
// members are still drawn inside it.
func (r *reader) groupList(s *stack, n *node, where, what string) []string {
	items := n.list()
	if n != nil && n.kind == unknown {
		items = []*node{n} // an unknown list stands for its groups
	}
	var out []string
	for _, it := range items {
		if id, ok := s.symbol(it, where, what); ok {
			if g := r.groupByRef(id); g != nil {
				id = g.ID
			} else {
				r.placeholder(s, id)
			}
			out = append(out, id)
		}
	}
	return out
}

// ownerVPC is the VPC of an owner: its groups', else its subnets', else
// the VpcId it names, else its stack's.
func (r *reader) ownerVPC(s *stack, groups []string, subnets, vpc *node) string {
	for _, id := range groups {
		if g := r.groups[id]; g != nil {
			return g.VPCID
		}
	}
	if v := r.subnetVPC(subnets); v != "" {
		return v
	}
	if vpc.str() != "" {
		return vpc.s
	}
	return s.fallbackVPC(r)
}

// clusterGroups returns the groups of the DB cluster a DB instance joins.
func (r *reader) clusterGroups(s *stack, ref *node) []string {
	for _, rs := range s.resourcesOf("AWS::RDS::DBCluster") {
		if s.id(rs.id) == ref.str() {
			return r.groupList(s, s.prop(rs, "VpcSecurityGroupIds"), s.where(rs.id, rs.line), "VpcSecurityGroupIds")
		}
	}
	return nil
}

// elbGroup returns the group of a classic load balancer without groups:
// its VPC's default group, or in the default VPC the one AWS creates for
// it, which its SourceSecurityGroup names.
func (r *reader) elbGroup(s *stack, rs *resource) string {
	id := s.elbSourceGroup(rs)
	if vpc, ok := strings.CutSuffix(id, defaultGroupSuffix); ok {
		return r.defaultGroup(vpc)
	}
	if r.groups[id] == nil {
		r.groups[id] = &sgmap.SecurityGroup{ID: id, Name: rs.id + " source group", VPCID: defaultVPC,
			AccountID: r.opt.AccountID, Region: r.opt.Region,
			Description: "the group AWS creates for a classic load balancer that names none",
			Rules: []sgmap.Rule{{Direction: sgmap.Egress, Protocol: sgmap.AllProtocols, FromPort: -1, ToPort: -1,
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}}}}
	}
	return id
}
