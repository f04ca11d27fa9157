package cloudformation

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"go.yaml.in/yaml/v3"
)

// sharedData is where the third-party templates live, relative to this
// package. A checkout without them skips these tests, except under CI=true,
// where they must be there.
const sharedData = "../../../shared/data/cloudformation"

func mustSharedData(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join(sharedData, sub)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and the third-party templates are missing: %v", err)
		}
		t.Skipf("third-party templates not present: %v", err)
	}
	return dir
}

// sharedTemplates lists every template under the shared data.
func sharedTemplates(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, sub := range []string{"aws-cloudformation-templates", "aws-refarch-wordpress"} {
		dir := mustSharedData(t, sub)
		for _, pat := range []string{"*.yaml", "*.yml", "*.json"} {
			m, _ := filepath.Glob(filepath.Join(dir, pat))
			out = append(out, m...)
		}
	}
	slices.Sort(out)
	if len(out) < 20 {
		t.Fatalf("found %d templates under %s, want the 29 SOURCES.md lists", len(out), sharedData)
	}
	return out
}

// rawTemplate is the second, simpler reading: plain YAML decoding, which
// drops the short-form tags and evaluates nothing.
type rawTemplate struct {
	Resources map[string]struct {
		Type       string         `yaml:"Type"`
		Properties map[string]any `yaml:"Properties"`
	} `yaml:"Resources"`
}

// rawOwnerTypes are the types that put something inside groups, listed
// here apart from the package's own table.
var rawOwnerTypes = []string{"AWS::EC2::Instance", "AWS::AutoScaling::AutoScalingGroup",
	"AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer",
	"AWS::Lambda::Function", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::EFS::MountTarget",
	"AWS::ElastiCache::CacheCluster", "AWS::EKS::Cluster", "AWS::EKS::Nodegroup", "AWS::ECS::Service", "AWS::EC2::VPCEndpoint"}

type rawCounts struct {
	groups              []string // logical ids
	rules, owners, enis int
}

func countRaw(t *testing.T, path string) rawCounts {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tpl rawTemplate
	if err := yaml.Unmarshal(data, &tpl); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	items := func(v any) int {
		switch v := v.(type) {
		case nil:
			return 0
		case []any:
			return len(v)
		}
		return 1
	}
	var c rawCounts
	for id, r := range tpl.Resources {
		p := r.Properties
		switch r.Type {
		case "AWS::EC2::SecurityGroup":
			c.groups = append(c.groups, id)
			c.rules += items(p["SecurityGroupIngress"]) + max(items(p["SecurityGroupEgress"]), 1)
		case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
			c.rules++
		case "AWS::EC2::NetworkInterface":
			c.enis++
		case "AWS::ECS::Service":
			if p["NetworkConfiguration"] != nil {
				c.owners++
			}
		case "AWS::Lambda::Function":
			if p["VpcConfig"] != nil {
				c.owners++
			}
		case "AWS::EC2::VPCEndpoint":
			if p["VpcEndpointType"] == "Interface" {
				c.owners++
			}
		default:
			if slices.Contains(rawOwnerTypes, r.Type) {
				c.owners++
			}
		}
	}
	slices.Sort(c.groups)
	return c
}

// synthetic reports whether g is a group AWS creates implicitly (a VPC's
// default group, a classic load balancer's), not one a template defines.
func synthetic(g sgmap.SecurityGroup) bool {
	return strings.HasSuffix(g.ID, defaultGroupSuffix) || strings.HasSuffix(g.ID, ".SourceSecurityGroup")
}

// allResources are the parameters under which every conditional resource
// of a template exists, because the raw reading evaluates no conditions.
var allResources = map[string]map[string]string{
	"aws-refarch-wordpress-03-efsfilesystem.yaml": {"NumberOfSubnets": "6"}, // default 3 mount targets
}

// TestRealData_EveryTemplateImports reads each shared template alone and
// compares groups, rules and owners with the raw counts. Rules a template
// defines but that cannot be drawn must each have a "rule at" warning.
func TestRealData_EveryTemplateImports(t *testing.T) {
	for _, path := range sharedTemplates(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := ReadPaths([]string{path}, Options{Params: allResources[filepath.Base(path)]})
			if err != nil {
				t.Fatalf("ReadPaths: %v", err)
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			raw := countRaw(t, path)
			stem := stackNameOf(path)
			var defined []string
			rules := 0
			for _, g := range s.Groups {
				if synthetic(g) {
					continue
				}
				rules += len(g.Rules)
				if rest, ok := strings.CutPrefix(g.ID, "cfn:"+stem+"/"); ok && g.Description != "not defined in the templates read" {
					defined = append(defined, rest)
				}
			}
			for _, w := range s.Warnings {
				if strings.HasPrefix(w.Message, "rule at ") && strings.HasSuffix(w.Message, "not drawn") {
					rules++
				}
			}
			if !slices.Equal(defined, raw.groups) {
				t.Errorf("groups = %v, raw reading finds %v", defined, raw.groups)
			}
			if rules != raw.rules {
				t.Errorf("rules drawn + rules warned = %d, raw reading finds %d", rules, raw.rules)
			}
			if len(s.Owners) != raw.owners {
				t.Errorf("owners = %d, raw reading finds %d", len(s.Owners), raw.owners)
			}
			if len(s.Interfaces) != raw.enis {
				t.Errorf("network interfaces = %d, raw reading finds %d", len(s.Interfaces), raw.enis)
			}
			if s.Source != Source {
				t.Errorf("Source = %q, want %q", s.Source, Source)
			}
		})
	}
}
