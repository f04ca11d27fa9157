package awscli

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/sgmap/sgmap/input/awsconv"
)

// fileRaw is what one imported file contributed.
type fileRaw struct {
	name string
	raw  awsconv.Raw
	// entries and health are get-managed-prefix-list-entries and
	// describe-target-health outputs whose list or target group the file
	// itself does not name; Import pairs them afterwards.
	entries  []ec2types.PrefixListEntry
	health   []elbv2types.TargetHealthDescription
	healthTG string // from a botocore example's input
	listID   string // pl-… in the file name

	recognised   int      // values decoded into SDK types
	known        int      // keys of a known output, even with an empty list
	unknown      []string // keys nothing was made of
	dropped      []string // members of the wrong shape, left out
	placeholders []string // "<NAME>" strings in converted test data
}

// ignoredKeys are response members that carry nothing sgmap draws.
var ignoredKeys = map[string]bool{
	"NextToken": true, "nextToken": true, "NextMarker": true, "Marker": true,
	"ResponseMetadata": true, "failures": true, "_title": true, "_description": true,
}

// decoders maps the top-level keys of AWS CLI outputs to the SDK type their
// items decode into and where they go in the awsconv.Raw.
var decoders = map[string]func(f *fileRaw, v any, where string) error{
	"SecurityGroups":     listInto(func(f *fileRaw) *[]ec2types.SecurityGroup { return &f.raw.SecurityGroups }),
	"SecurityGroupRules": listInto(func(f *fileRaw) *[]ec2types.SecurityGroupRule { return &f.raw.SecurityGroupRules }),
	"NetworkInterfaces":  listInto(func(f *fileRaw) *[]ec2types.NetworkInterface { return &f.raw.NetworkInterfaces }),
	"Reservations":       decodeReservations,
	"Instances":          listInto(func(f *fileRaw) *[]ec2types.Instance { return &f.raw.Instances }),
	"Vpcs":               listInto(func(f *fileRaw) *[]ec2types.Vpc { return &f.raw.VPCs }),
	"Subnets":            listInto(func(f *fileRaw) *[]ec2types.Subnet { return &f.raw.Subnets }),
	"PrefixLists":        listInto(func(f *fileRaw) *[]ec2types.ManagedPrefixList { return &f.raw.PrefixLists }),
	"Entries":            listInto(func(f *fileRaw) *[]ec2types.PrefixListEntry { return &f.entries }),
	"VpcEndpoints":       listInto(func(f *fileRaw) *[]ec2types.VpcEndpoint { return &f.raw.VPCEndpoints }),
	"NatGateways":        listInto(func(f *fileRaw) *[]ec2types.NatGateway { return &f.raw.NATGateways }),
	"VpcPeeringConnections": listInto(func(f *fileRaw) *[]ec2types.VpcPeeringConnection {
		return &f.raw.Peerings
	}),
	"StaleSecurityGroupSet":    listInto(func(f *fileRaw) *[]ec2types.StaleSecurityGroup { return &f.raw.StaleGroups }),
	"LoadBalancers":            decodeLoadBalancers,
	"LoadBalancerDescriptions": listInto(func(f *fileRaw) *[]elbtypes.LoadBalancerDescription { return &f.raw.ClassicLBs }),
	"TargetGroups":             listInto(func(f *fileRaw) *[]elbv2types.TargetGroup { return &f.raw.TargetGroups }),
	"TargetHealthDescriptions": listInto(func(f *fileRaw) *[]elbv2types.TargetHealthDescription { return &f.health }),
	"Listeners":                listInto(func(f *fileRaw) *[]elbv2types.Listener { return &f.raw.Listeners }),
	"tasks":                    listInto(func(f *fileRaw) *[]ecstypes.Task { return &f.raw.ECSTasks }),
	"services":                 listInto(func(f *fileRaw) *[]ecstypes.Service { return &f.raw.ECSServices }),
	"Functions":                listInto(func(f *fileRaw) *[]lambdatypes.FunctionConfiguration { return &f.raw.LambdaFunctions }),
	"DBInstances":              listInto(func(f *fileRaw) *[]rdstypes.DBInstance { return &f.raw.DBInstances }),
	"DBClusters":               listInto(func(f *fileRaw) *[]rdstypes.DBCluster { return &f.raw.DBClusters }),
}

// listInto returns a decoder that decodes a JSON list item by item into the
// slice field picks; items that do not fit are skipped and reported.
func listInto[T any](pick func(*fileRaw) *[]T) func(f *fileRaw, v any, where string) error {
	return func(f *fileRaw, v any, where string) error {
		items, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s is not a list", where)
		}
		dst := pick(f)
		for i, item := range items {
			var x T
			dropped, err := decodeLenient(item, &x)
			for _, d := range dropped {
				f.dropped = append(f.dropped, fmt.Sprintf("%s[%d].%s", where, i, d))
			}
			if err != nil {
				f.dropped = append(f.dropped, fmt.Sprintf("%s[%d]", where, i))
				continue
			}
			*dst = append(*dst, x)
			f.recognised++
		}
		return nil
	}
}

func decodeReservations(f *fileRaw, v any, where string) error {
	var rs []ec2types.Reservation
	tmp := &fileRaw{}
	if err := listInto(func(*fileRaw) *[]ec2types.Reservation { return &rs })(tmp, v, where); err != nil {
		return err
	}
	f.dropped = append(f.dropped, tmp.dropped...)
	for _, r := range rs {
		f.raw.Instances = append(f.raw.Instances, r.Instances...)
		f.recognised += len(r.Instances)
	}
	return nil
}

// decodeLoadBalancers decodes ELBv2 load balancers, and the listeners and
// target groups that cartography's data nests in each (with targets as a
// list of IDs): the CLI's describe-load-balancers has neither.
func decodeLoadBalancers(f *fileRaw, v any, where string) error {
	if err := listInto(func(f *fileRaw) *[]elbv2types.LoadBalancer { return &f.raw.LoadBalancers })(f, v, where); err != nil {
		return err
	}
	for i, item := range v.([]any) {
		m, _ := item.(map[string]any)
		arn, _ := m["LoadBalancerArn"].(string)
		if arn == "" {
			continue
		}
		at := fmt.Sprintf("%s[%d]", where, i)
		if ls, ok := m["Listeners"].([]any); ok {
			n := len(f.raw.Listeners)
			listInto(func(f *fileRaw) *[]elbv2types.Listener { return &f.raw.Listeners })(f, ls, at+".Listeners")
			for j := n; j < len(f.raw.Listeners); j++ {
				if f.raw.Listeners[j].LoadBalancerArn == nil {
					f.raw.Listeners[j].LoadBalancerArn = &arn
				}
			}
		}
		tgs, ok := m["TargetGroups"].([]any)
		if !ok {
			continue
		}
		for j, item := range tgs {
			n := len(f.raw.TargetGroups)
			listInto(func(f *fileRaw) *[]elbv2types.TargetGroup { return &f.raw.TargetGroups })(f, []any{item}, fmt.Sprintf("%s.TargetGroups[%d]", at, j))
			if len(f.raw.TargetGroups) == n {
				continue
			}
			tg := &f.raw.TargetGroups[n]
			if len(tg.LoadBalancerArns) == 0 {
				tg.LoadBalancerArns = []string{arn}
			}
			tm, _ := item.(map[string]any)
			targets, _ := tm["Targets"].([]any)
			for _, t := range targets {
				if id, ok := t.(string); ok && tg.TargetGroupArn != nil {
					if f.raw.TargetHealth == nil {
						f.raw.TargetHealth = map[string][]elbv2types.TargetHealthDescription{}
					}
					f.raw.TargetHealth[*tg.TargetGroupArn] = append(f.raw.TargetHealth[*tg.TargetGroupArn],
						elbv2types.TargetHealthDescription{Target: &elbv2types.TargetDescription{Id: &id, Port: tg.Port}})
				}
			}
		}
	}
	return nil
}

// sniff names the CLI output key whose items look like item, for lists under
// other keys (cartography's DESCRIBE_SGS) or at the top level of a file
// (the output of a --query). It returns "" for an unknown shape.
func sniff(item map[string]any) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := item[k]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("SecurityGroupRuleId"):
		return "SecurityGroupRules"
	case has("IpPermissions") || has("GroupId", "GroupName", "VpcId", "OwnerId"):
		return "SecurityGroups"
	case has("StaleIpPermissions") || has("StaleIpPermissionsEgress"):
		return "StaleSecurityGroupSet"
	case has("NetworkInterfaceId") && (has("InterfaceType") || has("Groups") || has("RequesterManaged")):
		return "NetworkInterfaces"
	case has("ReservationId") || has("Instances", "OwnerId"):
		return "Reservations"
	case has("InstanceId") && (has("ImageId") || has("InstanceType")):
		return "Instances"
	case has("VpcPeeringConnectionId") && (has("AccepterVpcInfo") || has("RequesterVpcInfo")):
		return "VpcPeeringConnections"
	case has("SubnetId", "CidrBlock"):
		return "Subnets"
	case has("VpcId", "CidrBlock"):
		return "Vpcs"
	case has("PrefixListId", "PrefixListName"):
		return "PrefixLists"
	case has("VpcEndpointId"):
		return "VpcEndpoints"
	case has("NatGatewayId"):
		return "NatGateways"
	case has("LoadBalancerArn", "LoadBalancerName"):
		return "LoadBalancers"
	case has("LoadBalancerName", "ListenerDescriptions"):
		return "LoadBalancerDescriptions"
	case has("ListenerArn", "LoadBalancerArn"):
		return "Listeners"
	case has("TargetGroupArn", "TargetType") && has("LoadBalancerArns"):
		return "TargetGroups"
	case has("Target", "TargetHealth"):
		return "TargetHealthDescriptions"
	case has("taskArn"):
		return "tasks"
	case has("serviceArn", "serviceName"):
		return "services"
	case has("FunctionName", "FunctionArn") && !has("AliasArn"):
		return "Functions"
	case has("DBInstanceIdentifier", "DBInstanceClass"):
		return "DBInstances"
	case has("DBClusterIdentifier", "DBClusterMembers"):
		return "DBClusters"
	case has("Cidr") && len(item) <= 2:
		return "Entries"
	}
	return ""
}

// recognise decodes what it knows of v, the value at where in file f.
func recognise(f *fileRaw, v any, where string, depth int) {
	if depth > 4 {
		f.unknown = append(f.unknown, where)
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if out, ok := x["output"]; ok && isObject(out) {
			if in, ok := x["input"].(map[string]any); ok { // botocore example
				f.healthTG, _ = in["TargetGroupArn"].(string)
			}
			recognise(f, out, join(where, "output"), depth+1)
			return
		}
		if sniff(x) == "Functions" { // get-function-configuration
			decoders["Functions"](f, []any{x}, cmp.Or(where, "(top level)"))
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			recogniseKey(f, k, x[k], join(where, k), depth)
		}
	case []any:
		if kind := listKind(x); kind != "" {
			decoders[kind](f, x, cmp.Or(where, "(top level)"))
			return
		}
		f.unknown = append(f.unknown, cmp.Or(where, "(top-level list)"))
	default:
		f.unknown = append(f.unknown, cmp.Or(where, "(top level)"))
	}
}

func recogniseKey(f *fileRaw, k string, v any, where string, depth int) {
	switch {
	case ignoredKeys[k]:
	case singleObjectKeys[k] && isObject(v):
		f.known++
		decoders[k](f, []any{v}, where)
	case decoders[k] != nil && (isList(v) || v == nil):
		f.known++ // {"VpcPeeringConnections": []} is a valid, empty answer
		if v != nil {
			decoders[k](f, v, where)
		}
	case k == "Configuration" && isObject(v) && sniff(v.(map[string]any)) == "Functions":
		decoders["Functions"](f, []any{v}, where)
	case isObject(v):
		before := f.recognised
		unknownBefore := len(f.unknown)
		recognise(f, v, where, depth+1)
		if f.recognised == before && len(f.unknown) > unknownBefore {
			f.unknown = append(f.unknown[:unknownBefore], where)
		}
	case isList(v):
		if kind := listKind(v.([]any)); kind != "" {
			decoders[kind](f, v, where)
			return
		}
		f.unknown = append(f.unknown, where)
	default:
		f.unknown = append(f.unknown, where)
	}
}

// listKind sniffs a list by its first item, which must be an object.
func listKind(items []any) string {
	if len(items) == 0 {
		return ""
	}
	if m, ok := items[0].(map[string]any); ok {
		return sniff(m)
	}
	return ""
}

func isObject(v any) bool { _, ok := v.(map[string]any); return ok }
func isList(v any) bool   { _, ok := v.([]any); return ok }

func join(where, k string) string {
	if where == "" {
		return k
	}
	return where + "." + k
}

// findPlaceholders collects "<NAME>" strings, which cartography's converted
// test data holds where the Python source referenced another constant.
func findPlaceholders(v any, out *[]string, depth int) {
	if depth > maxDepth || len(*out) > 20 {
		return
	}
	switch x := v.(type) {
	case string:
		if len(x) > 2 && len(x) < 100 && x[0] == '<' && x[len(x)-1] == '>' && strings.ToUpper(x) == x && !strings.ContainsAny(x, " /") {
			if !slices.Contains(*out, x) {
				*out = append(*out, x)
			}
		}
	case map[string]any:
		for _, val := range x {
			findPlaceholders(val, out, depth+1)
		}
	case []any:
		for _, val := range x {
			findPlaceholders(val, out, depth+1)
		}
	}
}
