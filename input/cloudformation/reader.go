package cloudformation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// Options set what a template leaves to deploy time.
type Options struct {
	// Params are parameter values (-param Key=Value) for the root stacks;
	// keys starting with AWS:: set pseudo parameters (AWS::Region,
	// AWS::StackName). A parameter without a value takes its Default.
	Params map[string]string
	// AccountID and Region are recorded on every object and are the
	// values of AWS::AccountId and AWS::Region.
	AccountID, Region string
	// TakenAt is the snapshot's time; zero means now.
	TakenAt time.Time
}

// File is one template's name (used for stack names, nested-stack
// matching and provenance) and content.
type File struct {
	Name string
	Data []byte
	// URLNames are other file names a TemplateURL may use for it: the
	// asset object keys of a CDK nested stack (<hash>.json).
	URLNames []string
}

// Source is the [sgmap.Snapshot] Source of a snapshot read from templates.
const Source = sgmap.SourceCloudFormation

// Resource types sgmap reads.
const (
	typeGroup   = "AWS::EC2::SecurityGroup"
	typeIngress = "AWS::EC2::SecurityGroupIngress"
	typeEgress  = "AWS::EC2::SecurityGroupEgress"
	typeStack   = "AWS::CloudFormation::Stack"
	typeVPC     = "AWS::EC2::VPC"
	typeSubnet  = "AWS::EC2::Subnet"
	typeELB     = "AWS::ElasticLoadBalancing::LoadBalancer"
	typeELBv2   = "AWS::ElasticLoadBalancingV2::LoadBalancer"
)

// Bounds on what one Read instantiates: nested stacks that nest each other
// multiply, and CloudFormation itself allows 500 resources a template.
const (
	maxNesting           = 8
	maxTemplateResources = 5000
	maxTotalResources    = 20_000
)

// reader holds the state of one [Read].
type reader struct {
	opt       Options
	templates []*template
	byBase    map[string]*template // nested stacks match TemplateURL by file name
	stacks    []*stack             // roots and nested, in a stable order
	children  map[*stack]map[string]*stack
	parent    map[*stack]*stack
	exports   map[string]func() *node
	busy      map[string]bool
	warnings  []string
	seenWarn  map[string]bool
	snap      *sgmap.Snapshot
	groups    map[string]*sgmap.SecurityGroup
	targets   []registration
	steps     int
	resources int // in all stacks instantiated
}

// Read converts templates to a snapshot: each template not nested by
// another is a root stack named after its file; its nested stacks are the
// other files whose names match their TemplateURL. Ids are
// cfn:<stack>/<LogicalId>.
//
// Errors: a file that is not a YAML or JSON template is an [sgmap.EINVALID]
// error naming the file and line; no files is [sgmap.EINVALID]. Values known
// only at deploy time, missing nested templates, unresolved imports and
// resource types that name security groups but that sgmap does not read
// are warnings in the snapshot.
func Read(files []File, opt Options) (*sgmap.Snapshot, error) {
	if len(files) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "cloudformation: no templates given")
	}
	r := &reader{opt: opt, byBase: map[string]*template{}, children: map[*stack]map[string]*stack{},
		parent: map[*stack]*stack{}, busy: map[string]bool{}, seenWarn: map[string]bool{},
		groups: map[string]*sgmap.SecurityGroup{}}
	for _, f := range files {
		root, err := parse(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		if err := checkResources(f.Name, root); err != nil {
			return nil, err
		}
		t := &template{file: f.Name, loc: locationFile(f.Name), root: root}
		r.templates = append(r.templates, t)
		for _, n := range append([]string{f.Name}, f.URLNames...) {
			if _, dup := r.byBase[baseName(n)]; !dup {
				r.byBase[baseName(n)] = t
			}
		}
	}
	r.instantiate()
	s := r.snapshot()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("cloudformation: %w", err) // a bug: every value was checked
	}
	return s, nil
}

// instantiate creates the root stacks and, depth first, their nested ones.
func (r *reader) instantiate() {
	nested := map[*template]bool{}
	for _, t := range r.templates {
		for _, rs := range resourcesOfType(t, typeStack) {
			if c := r.byBase[baseName(templateURL(rs.props.get("TemplateURL")))]; c != nil && c != t {
				nested[c] = true
			}
		}
	}
	names := map[string]int{}
	for _, t := range r.templates {
		if nested[t] {
			continue
		}
		name := stackNameOf(t.file)
		if v, ok := r.opt.Params["AWS::StackName"]; ok && v != "" {
			name = cleanStackName(v)
		}
		if names[name]++; names[name] > 1 {
			name = fmt.Sprintf("%s-%d", name, names[name])
		}
		params := map[string]*node{}
		for k, v := range r.opt.Params {
			if t.root.path("Parameters", k) != nil {
				params[k] = &node{kind: scalar, s: v}
			}
		}
		r.addStack(newStack(r, t, name, params), 0)
	}
	for k := range r.opt.Params {
		if !strings.HasPrefix(k, "AWS::") && !r.declared(k) {
			r.warn("-param %s: no root template declares a parameter %s", clip(k), clip(k))
		}
	}
}

func (r *reader) declared(param string) bool {
	for _, s := range r.stacks {
		if r.parent[s] == nil && s.tpl.root.path("Parameters", param) != nil {
			return true
		}
	}
	return false
}

func resourcesOfType(t *template, typ string) []*resource {
	var out []*resource
	res := t.root.get("Resources")
	if res == nil {
		return nil
	}
	for i, id := range res.keys {
		v := res.items[i]
		if v.get("Type").str() == typ {
			out = append(out, &resource{id: id, typ: typ, line: v.line, props: v.get("Properties")})
		}
	}
	return out
}

// warn records a warning once.
func (r *reader) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !r.seenWarn[msg] {
		r.seenWarn[msg] = true
		r.warnings = append(r.warnings, msg)
	}
}

func (r *reader) snapshot() *sgmap.Snapshot {
	taken := r.opt.TakenAt
	if taken.IsZero() {
		taken = time.Now().UTC()
	}
	r.snap = &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, Source: Source, TakenAt: taken,
		Accounts: []string{}, Regions: []string{}}
	if r.opt.AccountID != "" {
		r.snap.Accounts = []string{r.opt.AccountID}
	}
	if r.opt.Region != "" {
		r.snap.Regions = []string{r.opt.Region}
	}
	for _, s := range r.stacks {
		r.network(s)
	}
	for _, s := range r.stacks {
		r.securityGroups(s)
	}
	for _, s := range r.stacks {
		r.standaloneRules(s)
	}
	for _, s := range r.stacks {
		r.owners(s)
	}
	r.attachTargets()
	for _, s := range r.stacks {
		r.unread(s)
	}
	for _, g := range r.groups {
		r.snap.Groups = append(r.snap.Groups, *g)
	}
	for _, w := range r.warnings {
		r.snap.Warnings = append(r.snap.Warnings, sgmap.Warning{AccountID: r.opt.AccountID, Region: r.opt.Region, Service: "cloudformation", Message: w})
	}
	slices.SortFunc(r.snap.Groups, func(a, b sgmap.SecurityGroup) int { return strings.Compare(a.ID, b.ID) })
	r.snap.Normalize()
	r.snap.Sanitize()
	r.snap.Normalize()
	return r.snap
}
