package awsconv

import (
	"strings"

	"github.com/sgmap/sgmap"
)

// Interface types as the EC2 API returns them. The SDK's enum spells the NAT
// gateway type natGateway, but the API returns nat_gateway
// (dependencies.md §3.1), so both are matched.
const (
	typeLambda        = "lambda"
	typeNATGateway    = "nat_gateway"
	typeNATGatewaySDK = "natGateway"
	typeVPCEndpoint   = "vpc_endpoint"
	typeGWLBEndpoint  = "gateway_load_balancer_endpoint"
	typeNLB           = "network_load_balancer"
	typeGWLB          = "gateway_load_balancer"
	typeLoadBalancer  = "load_balancer"
)

// otherServiceTypes maps interface types of services without a dedicated
// owner kind to the service name recorded in Detail["service"].
var otherServiceTypes = map[string]string{
	"transit_gateway":                  "transit-gateway",
	"quicksight":                       "quicksight",
	"global_accelerator_managed":       "global-accelerator",
	"api_gateway_managed":              "api-gateway",
	"iot_rules_managed":                "iot-rules",
	"aws_codestar_connections_managed": "codestar-connections",
	"ec2_instance_connect_endpoint":    "ec2-instance-connect-endpoint",
	"efs":                              "efs",
}

// textPrefixes maps description prefixes of services without a dedicated
// owner kind to their service name; the owner is one per ENI.
var textPrefixes = []struct{ prefix, service string }{
	{"RedshiftNetworkInterface", "redshift"},
	{"AWS created network interface for directory ", "directory-service"},
	{"Created By Amazon Workspaces", "workspaces"},
	{"[Do not delete] Network Interface created to access resources in your VPC for SageMaker", "sagemaker"},
	{"[DO NOT DELETE] ENI managed by SageMaker", "sagemaker"},
	{"Attached to Glue using role", "glue"},
	{"datasync", "datasync"},
}

// ownerFromText synthesises the owner of an ENI from what the ENI itself
// says: its InterfaceType, then its Description, then its RequesterId
// (steps 3 and 4 of dependencies.md §3.4). It is used when no service API
// claimed the ENI, e.g. an NLB whose DescribeLoadBalancers call was denied.
// It returns nil when the ENI says nothing recognisable. The owner's ID is
// the AWS ID the text names where there is one (nat-…, vpce-…, fs-…, the
// load balancer ARN, the function name), else "<service>/<eni-id>"; its
// Detail["resolved_from"] says which field it came from.
func ownerFromText(e *sgmap.NetworkInterface) *sgmap.Owner {
	o := ownerFromTypeAndDescription(e)
	if o == nil {
		return nil
	}
	o.AccountID = or(o.AccountID, e.AccountID)
	o.Region = or(o.Region, e.Region)
	o.VPCID = e.VPCID
	return o
}

func ownerFromTypeAndDescription(e *sgmap.NetworkInterface) *sgmap.Owner {
	desc, typ := e.Description, e.InterfaceType
	perENI := func(service string) string { return service + "/" + e.ID }
	switch typ {
	case typeLambda:
		return lambdaFromText(e, "interface_type")
	case typeNATGateway, typeNATGatewaySDK:
		id := natFromDescription(desc)
		return &sgmap.Owner{ID: or(id, perENI("nat-gateway")), Kind: sgmap.OwnerNATGateway, Detail: resolvedFrom("interface_type")}
	case typeVPCEndpoint, typeGWLBEndpoint:
		id := endpointFromDescription(desc)
		return &sgmap.Owner{ID: or(id, perENI("vpc-endpoint")), Kind: sgmap.OwnerVPCEndpoint, Detail: resolvedFrom("interface_type")}
	case typeNLB, typeGWLB, typeLoadBalancer:
		if o := elbFromDescription(e); o != nil {
			o.Detail = resolvedFrom("interface_type")
			return o
		}
		lbType := map[string]string{typeNLB: "network", typeGWLB: "gateway", typeLoadBalancer: "application"}[typ]
		return &sgmap.Owner{ID: perENI("load-balancer"), Kind: sgmap.OwnerLoadBalancer,
			LoadBalancer: &sgmap.LoadBalancer{Type: lbType}, Detail: resolvedFrom("interface_type")}
	}
	if svc, ok := otherServiceTypes[typ]; ok {
		// The description may name the resource (EFS: fs-…) where the
		// type names only the service.
		if o := ownerFromDescription(e); o != nil && o.Detail["service"] == svc {
			return o
		}
		return otherOwner(perENI(svc), "", svc, "interface_type")
	}
	return ownerFromDescription(e)
}

// ownerFromDescription is step 4 of the resolution: description patterns,
// then RequesterId aliases.
func ownerFromDescription(e *sgmap.NetworkInterface) *sgmap.Owner {
	desc, req := e.Description, e.RequesterID
	perENI := func(service string) string { return service + "/" + e.ID }
	switch {
	case strings.HasPrefix(desc, "ELB "):
		if o := elbFromDescription(e); o != nil {
			return o
		}
	case strings.HasPrefix(desc, "Interface for NAT Gateway "):
		if id := natFromDescription(desc); id != "" {
			return &sgmap.Owner{ID: id, Kind: sgmap.OwnerNATGateway, Detail: resolvedFrom("description")}
		}
	case strings.HasPrefix(desc, "VPC Endpoint Interface "):
		if id := endpointFromDescription(desc); id != "" {
			return &sgmap.Owner{ID: id, Kind: sgmap.OwnerVPCEndpoint, Detail: resolvedFrom("description")}
		}
	case strings.HasPrefix(desc, lambdaPrefix):
		return lambdaFromText(e, "description")
	case strings.HasPrefix(desc, "arn:aws:ecs:") && strings.Contains(desc, ":attachment/"):
		return &sgmap.Owner{ID: desc, Kind: sgmap.OwnerECSTask, Name: "ECS task", AccountID: arnAccount(desc),
			Region: arnRegion(desc), Detail: resolvedFrom("description")}
	case desc == "RDSNetworkInterface" || req == "amazon-rds":
		return &sgmap.Owner{ID: perENI("rds"), Kind: sgmap.OwnerRDS, Name: "RDS", Detail: resolvedFrom(fromDescOrReq(desc == "RDSNetworkInterface"))}
	case strings.HasPrefix(desc, "EFS mount target for "):
		if f := strings.Fields(desc); len(f) >= 5 && strings.HasPrefix(f[4], "fs-") {
			return otherOwner(f[4], f[4], "efs", "description")
		}
		return otherOwner(perENI("efs"), "", "efs", "description")
	case strings.HasPrefix(desc, "ElastiCache ") || req == "amazon-elasticache":
		if name, ok := strings.CutPrefix(desc, "ElastiCache "); ok && name != "" {
			return otherOwner("elasticache/"+name, name, "elasticache", "description")
		}
		return otherOwner(perENI("elasticache"), "", "elasticache", "requester_id")
	case strings.HasPrefix(desc, "ES ") || req == "amazon-elasticsearch":
		if name, ok := strings.CutPrefix(desc, "ES "); ok && name != "" {
			return otherOwner("opensearch/"+name, name, "opensearch", "description")
		}
		return otherOwner(perENI("opensearch"), "", "opensearch", "requester_id")
	case strings.HasPrefix(desc, "Amazon EKS "):
		name := strings.TrimSpace(strings.TrimPrefix(desc, "Amazon EKS "))
		return otherOwner("eks/"+or(name, e.ID), name, "eks", "description")
	case strings.HasPrefix(desc, "aws-K8S-i-"):
		id := strings.TrimPrefix(desc, "aws-K8S-")
		return &sgmap.Owner{ID: id, Kind: sgmap.OwnerInstance, Detail: resolvedFrom("description")}
	}
	for _, p := range textPrefixes {
		if strings.HasPrefix(desc, p.prefix) {
			return otherOwner(perENI(p.service), "", p.service, "description")
		}
	}
	if req == "amazon-elb" {
		return &sgmap.Owner{ID: perENI("load-balancer"), Kind: sgmap.OwnerLoadBalancer, LoadBalancer: &sgmap.LoadBalancer{Type: "classic"}, Detail: resolvedFrom("requester_id")}
	}
	// A service principal (from Operator.Principal, see interfaceFromEC2)
	// at least names the service.
	if svc, ok := strings.CutSuffix(req, ".amazonaws.com"); ok && svc != "" && !strings.ContainsAny(svc, "/: ") {
		return otherOwner(perENI(svc), "", svc, "requester_id")
	}
	return nil
}

func fromDescOrReq(desc bool) string {
	if desc {
		return "description"
	}
	return "requester_id"
}

func resolvedFrom(field string) map[string]string {
	return map[string]string{"resolved_from": field}
}

// serviceKinds are the services that have an owner kind (and a shape) of
// their own; the others stay [sgmap.OwnerOther].
var serviceKinds = map[string]sgmap.OwnerKind{
	"redshift": sgmap.OwnerRedshift, "kafka": sgmap.OwnerMSK, "elasticache": sgmap.OwnerElastiCache,
	"efs": sgmap.OwnerEFS, "opensearch": sgmap.OwnerOpenSearch, "eks": sgmap.OwnerEKS,
}

// otherOwner is the owner of a managed service's ENI, known from the ENI's
// own fields: of the service's kind where it has one, else "other".
func otherOwner(id, name, service, from string) *sgmap.Owner {
	kind, ok := serviceKinds[service]
	if !ok {
		kind = sgmap.OwnerOther
	}
	return &sgmap.Owner{ID: id, Kind: kind, Name: or(name, service),
		Detail: map[string]string{"service": service, "resolved_from": from}}
}

// natFromDescription returns nat-… from "Interface for NAT Gateway nat-…".
func natFromDescription(desc string) string {
	id, ok := strings.CutPrefix(desc, "Interface for NAT Gateway ")
	if id = firstField(id); !ok || !strings.HasPrefix(id, "nat-") {
		return ""
	}
	return id
}

// endpointFromDescription returns vpce-… from "VPC Endpoint Interface vpce-…".
func endpointFromDescription(desc string) string {
	id, ok := strings.CutPrefix(desc, "VPC Endpoint Interface ")
	if id = firstField(id); !ok || !strings.HasPrefix(id, "vpce-") {
		return ""
	}
	return id
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// elbKey returns "app/<name>/<id>" (or net/, gwy/) from an ENI description
// "ELB app/<name>/<id>", or "" when the description is not of that form.
func elbKey(desc string) string {
	k, ok := strings.CutPrefix(desc, "ELB ")
	if !ok {
		return ""
	}
	parts := strings.Split(k, "/")
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return ""
	}
	switch parts[0] {
	case "app", "net", "gwy":
		return k
	}
	return ""
}

// elbKeyOfARN returns "app/<name>/<id>" for an ELBv2 load balancer ARN.
func elbKeyOfARN(arn string) string {
	_, k, ok := strings.Cut(arn, ":loadbalancer/")
	if !ok {
		return ""
	}
	return k
}

// elbFromDescription synthesises a load balancer from "ELB app/<name>/<id>"
// (ALB, NLB, GWLB) or "ELB <name>" with RequesterId amazon-elb (classic).
func elbFromDescription(e *sgmap.NetworkInterface) *sgmap.Owner {
	if k := elbKey(e.Description); k != "" {
		parts := strings.Split(k, "/")
		typ := map[string]string{"app": "application", "net": "network", "gwy": "gateway"}[parts[0]]
		arn := "arn:aws:elasticloadbalancing:" + e.Region + ":" + e.AccountID + ":loadbalancer/" + k
		return &sgmap.Owner{ID: arn, Kind: sgmap.OwnerLoadBalancer, Name: parts[1],
			LoadBalancer: &sgmap.LoadBalancer{Type: typ}, Detail: resolvedFrom("description")}
	}
	name, ok := strings.CutPrefix(e.Description, "ELB ")
	if ok && e.RequesterID == "amazon-elb" && name != "" && !strings.ContainsAny(name, "/ ") {
		return &sgmap.Owner{ID: classicARN(e.AccountID, e.Region, name), Kind: sgmap.OwnerLoadBalancer, Name: name,
			LoadBalancer: &sgmap.LoadBalancer{Type: "classic"}, Detail: resolvedFrom("description")}
	}
	return nil
}

const lambdaPrefix = "AWS Lambda VPC ENI-"

// lambdaFunctionFromText returns the function name an ENI's description
// ("AWS Lambda VPC ENI-<function>-<uuid>") or RequesterId
// ("AROA…:<function>") names. For shared Hyperplane ENIs this is only the
// function that created it.
func lambdaFunctionFromText(desc, requester string) string {
	if rest, ok := strings.CutPrefix(desc, lambdaPrefix); ok {
		const uuidLen = 36
		if n := len(rest) - uuidLen - 1; n > 0 && rest[n] == '-' && strings.Count(rest[n+1:], "-") == 4 {
			return rest[:n]
		}
		return rest
	}
	if _, fn, ok := strings.Cut(requester, ":"); ok && strings.HasPrefix(requester, "AROA") {
		return fn
	}
	return ""
}

func lambdaFromText(e *sgmap.NetworkInterface, from string) *sgmap.Owner {
	fn := lambdaFunctionFromText(e.Description, e.RequesterID)
	if fn == "" {
		return &sgmap.Owner{ID: "lambda/" + e.ID, Kind: sgmap.OwnerLambda, Detail: resolvedFrom(from)}
	}
	return &sgmap.Owner{ID: fn, Kind: sgmap.OwnerLambda, Name: fn, Detail: resolvedFrom(from)}
}

// isLambdaENI reports whether e is a Lambda Hyperplane ENI.
func isLambdaENI(e *sgmap.NetworkInterface) bool {
	return e.InterfaceType == typeLambda || strings.HasPrefix(e.Description, lambdaPrefix)
}

// isRDSENI reports whether e belongs to an RDS DB instance.
func isRDSENI(e *sgmap.NetworkInterface) bool {
	return e.Description == "RDSNetworkInterface" || e.RequesterID == "amazon-rds"
}
