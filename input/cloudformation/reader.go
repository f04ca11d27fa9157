package cloudformation

import (
	"fmt"
	"path"
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

// maxNesting bounds nested stacks, so a template that nests itself ends.
const maxNesting = 8

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
		t := &template{file: f.Name, root: root}
		r.templates = append(r.templates, t)
		for _, n := range append([]string{f.Name}, f.URLNames...) {
			if _, dup := r.byBase[baseName(n)]; !dup {
				r.byBase[baseName(n)] = t
			}
		}
	}
	r.instantiate()
	return r.snapshot(), nil
}

// baseName is the file name a TemplateURL is matched by.
func baseName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if i := strings.IndexAny(name, "?#"); i >= 0 && strings.Contains(name, "://") {
		name = name[:i]
	}
	return path.Base(name)
}

// templateURL returns the part of a TemplateURL that names the file: the
// URL itself, or, when it is built with Fn::Join or Fn::Sub (as CDK does),
// its last literal piece.
func templateURL(n *node) string {
	if n == nil {
		return ""
	}
	if n.kind == scalar {
		if i := strings.LastIndex(n.s, "}"); i >= 0 { // Fn::Sub "…/${Bucket}/x.json"
			return n.s[i+1:]
		}
		return n.s
	}
	for i := len(n.items) - 1; i >= 0; i-- {
		if u := templateURL(n.items[i]); u != "" {
			return u
		}
	}
	return ""
}

// checkResources checks that root has Resources, each a mapping with a
// Type, under an alphanumeric logical id as CloudFormation requires: ids
// become snapshot ids and element ids in diagrams.
func checkResources(file string, root *node) error {
	res := root.get("Resources")
	if res == nil || res.kind != mapping {
		return sgmap.Errorf(sgmap.EINVALID, "%s: not a CloudFormation template: it has no Resources mapping", file)
	}
	for i, id := range res.keys {
		v := res.items[i]
		if strings.HasPrefix(id, "Fn::ForEach::") {
			continue // AWS::LanguageExtensions; warned about, not read
		}
		if !alphanumeric(id) {
			return sgmap.Errorf(sgmap.EINVALID, "%s: line %d: logical id %q is not alphanumeric (A-Z, a-z, 0-9)", file, v.line, clip(id))
		}
		if v.kind != mapping || v.get("Type").str() == "" {
			return sgmap.Errorf(sgmap.EINVALID, "%s: line %d: resource %s has no Type", file, v.line, id)
		}
	}
	return nil
}

func alphanumeric(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// stackNameOf names a root stack after its file, without extensions, in
// the characters CloudFormation allows in stack names (others become -).
func stackNameOf(file string) string {
	n := baseName(file)
	for _, ext := range []string{".json", ".yaml", ".yml", ".template", ".cfn", ".txt"} {
		n = strings.TrimSuffix(n, ext)
	}
	return cleanStackName(n)
}

func cleanStackName(n string) string {
	b := []byte(n)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '-'
		}
	}
	if len(b) > 128 {
		b = b[:128]
	}
	if len(b) == 0 {
		return "stack"
	}
	return string(b)
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

func (r *reader) addStack(s *stack, depth int) {
	r.stacks = append(r.stacks, s)
	for _, rs := range s.resourcesOf(typeStack) {
		url := templateURL(rs.props.get("TemplateURL"))
		t := r.byBase[baseName(url)]
		switch {
		case t == nil:
			r.warn("%s: nested stack template %s is not among the files read; its resources are not drawn",
				s.where(rs.id, rs.line), clip(baseName(url)))
			continue
		case depth >= maxNesting:
			r.warn("%s: nested stacks deeper than %d levels are not drawn", s.where(rs.id, rs.line), maxNesting)
			continue
		}
		c := newStack(r, t, s.name+"/"+rs.id, map[string]*node{})
		if r.children[s] == nil {
			r.children[s] = map[string]*stack{}
		}
		r.children[s][rs.id] = c
		r.parent[c] = s
		r.addStack(c, depth+1)
	}
}

// paramFor returns the value a parent stack passes to nested stack s, or nil.
func (r *reader) paramFor(s *stack, name string, depth int) *node {
	p := r.parent[s]
	if p == nil {
		return nil
	}
	logical := s.name[strings.LastIndexByte(s.name, '/')+1:]
	src := p.resources[logical].props.path("Parameters", name)
	if src == nil {
		return nil
	}
	key := "param " + s.name + " " + name
	if r.busy[key] {
		return &node{kind: unknown, why: "parameter " + name + " depends on itself"}
	}
	r.busy[key] = true
	v := p.eval(src, depth+1)
	delete(r.busy, key)
	s.params[name] = v
	return v
}

// nestedOutput evaluates output name of the nested stack rs of s.
func (r *reader) nestedOutput(s *stack, rs *resource, name string, at *node, depth int) *node {
	c := r.children[s][rs.id]
	sym := s.id(rs.id) + ".Outputs." + name
	if c == nil {
		return unknownAt(at, sym, "nested stack "+rs.id+" was not read")
	}
	return r.output(c, name, sym, at, depth)
}

func (r *reader) output(s *stack, name, sym string, at *node, depth int) *node {
	if v, ok := s.outputs[name]; ok {
		return v
	}
	decl := s.tpl.root.path("Outputs", name, "Value")
	if decl == nil {
		return unknownAt(at, sym, "stack "+s.name+" has no output "+clip(name))
	}
	key := "output " + s.name + " " + name
	if r.busy[key] {
		return unknownAt(at, sym, "output "+name+" depends on itself")
	}
	r.busy[key] = true
	v := s.eval(decl, depth+1)
	delete(r.busy, key)
	s.outputs[name] = v
	return v
}

// importValue resolves Fn::ImportValue against the exports of every stack
// read; an export not among them is unknown, named cfn:import/<name>.
func (r *reader) importValue(arg, at *node) *node {
	if arg.kind != scalar {
		return unknownAt(at, "cfn:import/"+arg.s, "Fn::ImportValue of a value known only at deploy time ("+arg.why+")")
	}
	if r.exports == nil {
		r.exports = map[string]func() *node{}
		for _, s := range r.stacks {
			outs := s.tpl.root.get("Outputs")
			if outs == nil || outs.kind != mapping {
				continue
			}
			for i, name := range outs.keys {
				exp := outs.items[i].path("Export", "Name")
				if exp == nil {
					continue
				}
				if v := s.eval(exp, 0); v.kind == scalar {
					s, name := s, name
					if _, dup := r.exports[v.s]; !dup {
						r.exports[v.s] = func() *node { return r.output(s, name, "cfn:import/"+v.s, at, 0) }
					}
				}
			}
		}
	}
	if f := r.exports[arg.s]; f != nil {
		return f()
	}
	return unknownAt(at, "cfn:import/"+arg.s, "Fn::ImportValue "+clip(arg.s)+" is exported by no template read")
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
	return r.snap
}
