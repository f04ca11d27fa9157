package sgmap

// OwnerKind is what kind of resource owns ENIs. The values are the graph
// JSON node kinds.
type OwnerKind string

// Owner kinds.
const (
	OwnerInstance     OwnerKind = "instance"
	OwnerLoadBalancer OwnerKind = "load-balancer"
	OwnerECSTask      OwnerKind = "ecs-task"
	OwnerLambda       OwnerKind = "lambda"
	OwnerRDS          OwnerKind = "rds"
	OwnerVPCEndpoint  OwnerKind = "vpc-endpoint"
	OwnerNATGateway   OwnerKind = "nat-gateway"
	// Managed services that put ENIs in a VPC, each with its own shape
	// (docs/graph-json.md): a Redshift cluster, an MSK (Kafka) cluster, an
	// ElastiCache cluster, an EFS file system (its mount targets), an
	// OpenSearch domain, an EKS cluster's control plane. EKS nodes are
	// instances, collapsed by their Auto Scaling group.
	OwnerRedshift    OwnerKind = "redshift"
	OwnerMSK         OwnerKind = "msk"
	OwnerElastiCache OwnerKind = "elasticache"
	OwnerEFS         OwnerKind = "efs"
	OwnerOpenSearch  OwnerKind = "opensearch"
	OwnerEKS         OwnerKind = "eks"
	// OwnerOther is a resolved owner of a kind sgmap has no dedicated shape
	// for (Directory Service, WorkSpaces, Glue, …); Detail["service"] names it.
	OwnerOther OwnerKind = "other"
)

// Owner is a resource that owns ENIs and so sits inside the groups of those
// ENIs: an instance, a load balancer, an ECS task, a Lambda function, an RDS
// instance, a VPC endpoint or a NAT gateway.
type Owner struct {
	// ID is the AWS identifier: i-…, a load balancer or ECS task ARN, a Lambda
	// function name, an RDS DB identifier, vpce-…, nat-….
	ID        string            `json:"id"`
	Kind      OwnerKind         `json:"kind"`
	Name      string            `json:"name,omitempty"`
	AccountID string            `json:"account_id,omitempty"`
	Region    string            `json:"region,omitempty"`
	VPCID     string            `json:"vpc_id"`
	Tags      map[string]string `json:"tags,omitempty"`
	// Parent is the logical parent that overview diagrams collapse by (an
	// Auto Scaling group, an ECS service).
	Parent *Parent `json:"parent,omitempty"`
	// InterfaceIDs are the ENIs the owner uses. Lambda Hyperplane ENIs are
	// shared, so one ENI may appear under several functions.
	InterfaceIDs []string `json:"interface_ids,omitempty"`
	// GroupIDs are the groups the owner's service API declares. The owner's
	// groups are the union over its ENIs; GroupIDs count only for an owner
	// with no ENIs in the snapshot (an RDS instance, a Lambda function whose
	// ENIs were not collected).
	GroupIDs []string `json:"group_ids,omitempty"`
	// LoadBalancer holds listeners and target groups for load balancers.
	LoadBalancer *LoadBalancer `json:"load_balancer,omitempty"`
	// Detail holds small kind-specific facts shown in the dashboard
	// (instance type, engine, endpoint service name, …).
	Detail map[string]string `json:"detail,omitempty"`
}

// DisplayName is the owner's name, or its ID when it has none.
func (o *Owner) DisplayName() string {
	if o.Name != "" {
		return o.Name
	}
	return o.ID
}

// Parent is an owner's logical parent.
type Parent struct {
	Kind string `json:"kind"` // autoscaling-group, ecs-service
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Parent kinds.
const (
	ParentAutoScalingGroup = "autoscaling-group"
	ParentECSService       = "ecs-service"
)

// LoadBalancer describes a load balancer owner.
type LoadBalancer struct {
	Type         string        `json:"type"` // application, network, gateway, classic
	Scheme       string        `json:"scheme,omitempty"`
	DNSName      string        `json:"dns_name,omitempty"`
	Listeners    []Listener    `json:"listeners,omitempty"`
	TargetGroups []TargetGroup `json:"target_groups,omitempty"`
}

// Listener is a load balancer listener.
type Listener struct {
	Protocol string `json:"protocol"` // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE
	Port     int32  `json:"port"`
}

// TargetGroup is a set of targets a load balancer forwards to.
type TargetGroup struct {
	ID              string   `json:"id"` // ARN
	Name            string   `json:"name,omitempty"`
	Protocol        string   `json:"protocol,omitempty"`
	Port            int32    `json:"port,omitempty"`
	TargetType      string   `json:"target_type,omitempty"` // instance, ip, lambda, alb
	HealthCheckPort string   `json:"health_check_port,omitempty"`
	Targets         []Target `json:"targets,omitempty"`
}

// Target is one registered target: an instance ID, an IP address, a Lambda
// ARN or an ALB ARN, with the port traffic is forwarded to.
type Target struct {
	ID   string `json:"id"`
	Port int32  `json:"port,omitempty"`
}
