//go:build ignore

// gen.go writes wirenames.go: the wire names the aws-sdk-go-v2 response
// deserializers expect, for the Go fields of the outputs the fake serves,
// wherever they differ from the protocol's default (lowerCamel/EqualFold).
// Reading them from the SDK's own generated deserializers keeps the fake's
// XML and JSON in step with what the real clients parse.
//
//	go run gen.go   (from input/awsfake; needs the SDK in the module cache)
//
// It reads each service module's deserializers.go. Newer releases of some
// service modules have none: they (de)serialize from generated schemas
// ("Enable schema-based (de)serialization" in their CHANGELOG.md), from
// elasticache v1.65.0, kafka v1.65.0 and eks v1.100.0 on. So go.mod pins
// those at the last release with deserializers.go (elasticache v1.64.5,
// kafka v1.64.0, eks v1.99.0); bumping one means teaching this program
// the schemas first, then regenerating and reading the diff.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

type service struct {
	name, module, prefix string
	roots                []string // output types served by the fake
}

var services = []service{
	{"ec2", "github.com/aws/aws-sdk-go-v2/service/ec2", "awsEc2query", []string{
		"DescribeRegionsOutput", "DescribeVpcsOutput", "DescribeSubnetsOutput", "DescribeSecurityGroupsOutput",
		"DescribeSecurityGroupRulesOutput", "DescribeNetworkInterfacesOutput", "DescribeInstancesOutput",
		"DescribeManagedPrefixListsOutput", "GetManagedPrefixListEntriesOutput", "DescribeVpcEndpointsOutput",
		"DescribeNatGatewaysOutput", "DescribeVpcPeeringConnectionsOutput", "DescribeStaleSecurityGroupsOutput"}},
	{"elbv2", "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2", "awsAwsquery", []string{
		"DescribeLoadBalancersOutput", "DescribeListenersOutput", "DescribeTargetGroupsOutput", "DescribeTargetHealthOutput"}},
	{"elb", "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing", "awsAwsquery", []string{"DescribeLoadBalancersOutput"}},
	{"rds", "github.com/aws/aws-sdk-go-v2/service/rds", "awsAwsquery", []string{"DescribeDBInstancesOutput", "DescribeDBClustersOutput"}},
	{"elasticache", "github.com/aws/aws-sdk-go-v2/service/elasticache", "awsAwsquery", []string{"DescribeCacheClustersOutput"}},
	{"redshift", "github.com/aws/aws-sdk-go-v2/service/redshift", "awsAwsquery", []string{"DescribeClustersOutput"}},
	{"kafka", "github.com/aws/aws-sdk-go-v2/service/kafka", "awsRestjson1", []string{"ListClustersV2Output"}},
	{"efs", "github.com/aws/aws-sdk-go-v2/service/efs", "awsRestjson1", []string{
		"DescribeFileSystemsOutput", "DescribeMountTargetsOutput", "DescribeMountTargetSecurityGroupsOutput"}},
	{"opensearch", "github.com/aws/aws-sdk-go-v2/service/opensearch", "awsRestjson1", []string{"ListDomainNamesOutput", "DescribeDomainsOutput"}},
	{"eks", "github.com/aws/aws-sdk-go-v2/service/eks", "awsRestjson1", []string{"ListClustersOutput", "DescribeClusterOutput"}},
}

var (
	reFunc   = regexp.MustCompile(`^func (\w+)_deserialize(?:Op)?Document(\w+)\(v \*+(\[\])?(?:types\.)?(\w+)`)
	reXMLKey = regexp.MustCompile(`case strings\.EqualFold\("(\w+)", t\.Name\.Local\):`)
	reJSKey  = regexp.MustCompile(`^\s*case "(\w+)":`)
	reField  = regexp.MustCompile(`sv\.(\w+)\b`)
	reCall   = regexp.MustCompile(`_deserialize(?:Op)?Document(\w+)\(`)
)

type fn struct {
	typ    string
	list   bool
	member string            // list functions: element name
	fields map[string]string // struct functions: Go field -> wire name
	calls  map[string]string // Go field -> document function called
	all    []string          // every function called
}

func main() {
	out := map[string]string{}
	for _, s := range services {
		dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", s.module).Output()
		if err != nil {
			log.Fatalf("locate %s: %v", s.module, err)
		}
		fns := parse(filepath.Join(strings.TrimSpace(string(dir)), "deserializers.go"), s.prefix)
		seen := map[string]bool{}
		queue := append([]string(nil), s.roots...)
		for len(queue) > 0 {
			name := queue[0]
			queue = queue[1:]
			if seen[name] {
				continue
			}
			seen[name] = true
			f := fns[name]
			if f == nil {
				continue
			}
			queue = append(queue, f.all...)
			if f.list {
				continue
			}
			json := strings.HasPrefix(s.prefix, "awsAwsjson") || strings.HasPrefix(s.prefix, "awsRestjson")
			for field, wire := range f.fields {
				key := s.name + "." + f.typ + "." + field
				if json && wire != field {
					out[key] = wire
				} else if !json && !strings.EqualFold(wire, field) {
					out[key] = wire
				}
				called := fns[f.calls[field]]
				if called == nil || !called.list {
					continue
				}
				switch {
				case strings.HasSuffix(f.calls[field], "Unwrapped"):
					out[key+"#flat"] = "1"
				case called.member != "" && called.member != "item" && called.member != "member":
					out[key+"#member"] = called.member
				}
			}
		}
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("// Code generated by gen.go from the aws-sdk-go-v2 deserializers; DO NOT EDIT.\n\npackage awsfake\n\n")
	b.WriteString("// wireNames maps service.Type.Field to the element or key name the SDK\n// expects where it differs from the default; #member names a list's\n// element and #flat marks a list without a wrapper.\nvar wireNames = map[string]string{\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%q: %q,\n", k, out[k])
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("wirenames.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func parse(path, prefix string) map[string]*fn {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fns := map[string]*fn{}
	var cur *fn
	var key string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "func ") {
			cur, key = nil, ""
			m := reFunc.FindStringSubmatch(line)
			if m == nil || m[1] != prefix {
				continue
			}
			cur = &fn{typ: m[4], list: m[3] != "", fields: map[string]string{}, calls: map[string]string{}}
			fns[m[2]] = cur
			continue
		}
		if cur == nil {
			continue
		}
		if m := reXMLKey.FindStringSubmatch(line); m != nil {
			key = m[1]
			if cur.list && cur.member == "" {
				cur.member = key
			}
			continue
		}
		if m := reJSKey.FindStringSubmatch(line); m != nil {
			key = m[1]
			continue
		}
		for _, c := range reCall.FindAllStringSubmatch(line, -1) {
			cur.all = append(cur.all, c[1])
			if fm := reField.FindStringSubmatch(line); fm != nil && key != "" {
				cur.calls[fm[1]] = c[1]
			}
		}
		if fm := reField.FindStringSubmatch(line); fm != nil && key != "" && !cur.list {
			if _, ok := cur.fields[fm[1]]; !ok {
				cur.fields[fm[1]] = key
			}
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return fns
}
