package terraform

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// simpleOwner describes a resource type that sits in the groups named at
// one or more attribute paths.
type simpleOwner struct {
	kind    sgmap.OwnerKind
	service string     // Detail["service"] for OwnerOther
	groups  [][]string // attribute paths holding group ids
	subnets []string   // attribute path holding subnet ids, if any
	name    string     // attribute holding the name
}

// simpleOwners are the owner types that need nothing but their groups.
// Load balancers, Auto Scaling groups, instances and ENIs are handled
// on their own (owners_lb.go, owners_compute.go).
var simpleOwners = map[string]simpleOwner{
	"aws_lambda_function": {kind: sgmap.OwnerLambda, groups: [][]string{{"vpc_config", "security_group_ids"}},
		subnets: []string{"vpc_config", "subnet_ids"}, name: "function_name"},
	"aws_db_instance":                   {kind: sgmap.OwnerRDS, groups: [][]string{{"vpc_security_group_ids"}}, name: "identifier"},
	"aws_rds_cluster":                   {kind: sgmap.OwnerRDS, groups: [][]string{{"vpc_security_group_ids"}}, name: "cluster_identifier"},
	"aws_vpc_endpoint":                  {kind: sgmap.OwnerVPCEndpoint, groups: [][]string{{"security_group_ids"}}, subnets: []string{"subnet_ids"}, name: "service_name"},
	"aws_ecs_service":                   {kind: sgmap.OwnerECSTask, groups: [][]string{{"network_configuration", "security_groups"}}, subnets: []string{"network_configuration", "subnets"}, name: "name"},
	"aws_eks_cluster":                   {kind: sgmap.OwnerOther, service: "eks", groups: [][]string{{"vpc_config", "security_group_ids"}, {"vpc_config", "cluster_security_group_id"}}, subnets: []string{"vpc_config", "subnet_ids"}, name: "name"},
	"aws_elasticache_cluster":           {kind: sgmap.OwnerOther, service: "elasticache", groups: [][]string{{"security_group_ids"}}, name: "cluster_id"},
	"aws_elasticache_replication_group": {kind: sgmap.OwnerOther, service: "elasticache", groups: [][]string{{"security_group_ids"}}, name: "replication_group_id"},
	"aws_efs_mount_target":              {kind: sgmap.OwnerOther, service: "efs", groups: [][]string{{"security_groups"}}, subnets: []string{"subnet_id"}, name: "file_system_id"},
	"aws_elasticsearch_domain":          {kind: sgmap.OwnerOther, service: "elasticsearch", groups: [][]string{{"vpc_options", "security_group_ids"}}, subnets: []string{"vpc_options", "subnet_ids"}, name: "domain_name"},
	"aws_opensearch_domain":             {kind: sgmap.OwnerOther, service: "opensearch", groups: [][]string{{"vpc_options", "security_group_ids"}}, subnets: []string{"vpc_options", "subnet_ids"}, name: "domain_name"},
	"aws_msk_cluster":                   {kind: sgmap.OwnerOther, service: "msk", groups: [][]string{{"broker_node_group_info", "security_groups"}}, name: "cluster_name"},
	"aws_mq_broker":                     {kind: sgmap.OwnerOther, service: "mq", groups: [][]string{{"security_groups"}}, name: "broker_name"},
	"aws_redshift_cluster":              {kind: sgmap.OwnerOther, service: "redshift", groups: [][]string{{"vpc_security_group_ids"}}, name: "cluster_identifier"},
	"aws_neptune_cluster":               {kind: sgmap.OwnerOther, service: "neptune", groups: [][]string{{"vpc_security_group_ids"}}, name: "cluster_identifier"},
	"aws_docdb_cluster":                 {kind: sgmap.OwnerOther, service: "docdb", groups: [][]string{{"vpc_security_group_ids"}}, name: "cluster_identifier"},
	"aws_batch_compute_environment":     {kind: sgmap.OwnerOther, service: "batch", groups: [][]string{{"compute_resources", "security_group_ids"}}, subnets: []string{"compute_resources", "subnets"}, name: "compute_environment_name"},
}

// owners converts every resource that sits in groups.
func (c *conv) owners() {
	for _, t := range sortedKeys(simpleOwners) {
		spec := simpleOwners[t]
		for _, r := range c.of(t) {
			c.used[r.addr] = true
			var groups []string
			for _, p := range spec.groups {
				groups = append(groups, c.refIDs(r, p...)...)
			}
			o := c.owner(r, spec.kind, str(r.values[spec.name]), groups, spec.subnets)
			if o == nil {
				continue
			}
			if spec.service != "" {
				o.Detail = map[string]string{"service": spec.service}
			}
			if t == "aws_ecs_service" {
				o.Parent = &sgmap.Parent{Kind: sgmap.ParentECSService, ID: o.ID, Name: o.Name}
			}
			c.s.Owners = append(c.s.Owners, *o)
		}
	}
	c.instances()
	c.autoScaling()
	c.loadBalancers()
}

// owner builds an owner of r in groups; nil, with r named in a warning,
// when it has no groups (a Lambda function outside any VPC, an RDS
// instance in the default group of a default VPC the file does not show).
func (c *conv) owner(r *res, kind sgmap.OwnerKind, name string, groups []string, subnets []string) *sgmap.Owner {
	groups = uniq(groups)
	if len(groups) == 0 {
		c.skipped = append(c.skipped, r.addr)
		return nil
	}
	id := c.idOf(r)
	if kind != sgmap.OwnerInstance && kind != sgmap.OwnerLoadBalancer && kind != sgmap.OwnerVPCEndpoint {
		id = "tf:" + r.addr // names (function_name, identifier) may repeat across kinds
		c.ids[r.addr] = id
	}
	arn := str(r.values["arn"])
	o := &sgmap.Owner{ID: id, Kind: kind, Name: cmp.Or(name, str(get(r.values, "tags", "Name")), r.addr),
		AccountID: arnAccount(arn), Region: arnRegion(arn), Tags: tags(r.values["tags"]), GroupIDs: groups}
	if len(subnets) > 0 {
		o.VPCID = c.subnetVPC(c.refIDs(r, subnets...))
	}
	if o.VPCID == "" {
		o.VPCID = c.groupVPC(groups)
	}
	return o
}

// subnetVPC returns the VPC of the first subnet the file knows.
func (c *conv) subnetVPC(subnets []string) string {
	for _, id := range subnets {
		for _, sn := range c.s.Subnets {
			if sn.ID == id && sn.VPCID != "" {
				return sn.VPCID
			}
		}
	}
	return ""
}

// groupVPC returns the VPC of the first group the file knows, else the
// file's only VPC, else the unknown one.
func (c *conv) groupVPC(groups []string) string {
	for _, id := range groups {
		for _, g := range c.s.Groups {
			if g.ID == id {
				return g.VPCID
			}
		}
	}
	return c.stubVPC()
}

// uniq sorts and de-duplicates ids, dropping empty ones.
func uniq(ids []string) []string {
	ids = slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return strings.TrimSpace(s) == "" })
	slices.Sort(ids)
	return slices.Compact(ids)
}
