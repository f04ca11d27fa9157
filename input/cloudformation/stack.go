package cloudformation

import (
	"fmt"
	"slices"
	"strings"
)

// template is one parsed template file.
type template struct {
	file string // as given, for messages
	loc  string // file as a location may hold it (see locationFile)
	root *node
}

// resource is one entry of a template's Resources.
type resource struct {
	id    string // logical id
	typ   string
	line  int
	props *node // unevaluated Properties, or nil
	cond  string
	raw   *node
}

// stack is a template instantiated with parameter values: the root
// templates the user names, and the nested stacks they create.
type stack struct {
	r          *reader
	tpl        *template
	name       string           // path: root, root/Child, root/Child/Grandchild
	params     map[string]*node // given values, evaluated
	resources  map[string]*resource
	order      []string // logical ids in file order
	conds      map[string]tri
	evaluating map[string]bool
	outputs    map[string]*node
}

func newStack(r *reader, tpl *template, name string, params map[string]*node) *stack {
	s := &stack{r: r, tpl: tpl, name: name, params: params, resources: map[string]*resource{},
		conds: map[string]tri{}, evaluating: map[string]bool{}, outputs: map[string]*node{}}
	res := tpl.root.get("Resources")
	if res != nil && res.kind == mapping {
		for i, id := range res.keys {
			v := res.items[i]
			rs := &resource{id: id, typ: v.get("Type").str(), line: v.line, props: v.get("Properties"),
				cond: v.get("Condition").str(), raw: v}
			s.resources[id] = rs
			s.order = append(s.order, id)
		}
	}
	return s
}

// id derives the snapshot id of a logical resource (or parameter) of s.
func (s *stack) id(logical string) string { return "cfn:" + s.name + "/" + logical }

// where names a place in s for warnings: "stack/Logical (file:line)".
func (s *stack) where(logical string, line int) string {
	return fmt.Sprintf("%s/%s (%s:%d)", s.name, logical, s.tpl.file, line)
}

// warn records a warning about s.
func (s *stack) warn(format string, args ...any) { s.r.warn(format, args...) }

// enabled reports whether resource rs is created: its Condition, if any,
// is true or unknown (unknown is drawn, with a warning).
func (s *stack) enabled(rs *resource) bool {
	if rs.cond == "" {
		return true
	}
	switch s.condition(rs.cond, rs.line) {
	case no:
		return false
	case maybe:
		s.warnCond(rs.cond, "%s: condition %s cannot be decided (%s); drawn as if true", s.where(rs.id, rs.line), clip(rs.cond), s.condWhy(rs.cond))
	}
	return true
}

// resourcesOf returns the enabled resources of the given types, in file order.
func (s *stack) resourcesOf(types ...string) []*resource {
	var out []*resource
	for _, id := range s.order {
		rs := s.resources[id]
		if slices.Contains(types, rs.typ) && s.enabled(rs) {
			out = append(out, rs)
		}
	}
	return out
}

// prop evaluates one property of rs, following keys into nested mappings.
// Only what is on the path is evaluated; an intrinsic function on the way
// (VpcConfig: !If […]) is evaluated to find the mapping it gives.
func (s *stack) prop(rs *resource, keys ...string) *node {
	n := rs.props
	for _, k := range keys {
		if isIntrinsic(n) {
			n = s.eval(n, 0)
		}
		if n = n.get(k); n == nil {
			return nil
		}
	}
	return s.eval(n, 0)
}

// isIntrinsic reports whether n is a Ref or Fn:: call.
func isIntrinsic(n *node) bool {
	return n != nil && n.kind == mapping && len(n.keys) == 1 && (n.keys[0] == "Ref" || strings.HasPrefix(n.keys[0], "Fn::"))
}

// stackName is the pseudo parameter AWS::StackName: the root's name, and
// for a nested stack its path joined with dashes, as CloudFormation's own
// generated names begin.
func (s *stack) stackName() string { return strings.ReplaceAll(s.name, "/", "-") }

// warnCond warns once per undecidable condition of s, at its first use.
func (s *stack) warnCond(cond, format string, args ...any) {
	key := "cond " + s.name + "\x00" + cond
	if !s.r.seenWarn[key] {
		s.r.seenWarn[key] = true
		s.warn(format, args...)
	}
}
