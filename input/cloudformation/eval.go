package cloudformation

import (
	"slices"
	"strconv"
	"strings"
)

// maxEvalDepth bounds nested intrinsic functions and references.
const maxEvalDepth = 64

// maxEvalSteps bounds the work of one Read: references can fan out (a
// list of two references to a list of two references …), so depth alone
// does not bound it.
const maxEvalSteps = 5_000_000

// eval resolves the intrinsic functions in n, in s's context, and returns
// plain data: scalars, sequences and mappings, with unknown nodes where a
// value exists only at deploy time. AWS::NoValue items and keys are removed.
func (s *stack) eval(n *node, depth int) *node {
	if n == nil {
		return nil
	}
	if depth > maxEvalDepth {
		return unknownAt(n, "", "intrinsic functions nested too deeply")
	}
	if s.r.steps++; s.r.steps > maxEvalSteps {
		if s.r.steps == maxEvalSteps+1 {
			s.warn("%s: the template refers to itself too much to evaluate; values past this point are unknown", s.tpl.file)
		}
		return unknownAt(n, "", "evaluation budget exhausted")
	}
	switch n.kind {
	case sequence:
		out := &node{kind: sequence, line: n.line}
		for _, it := range n.items {
			if v := s.eval(it, depth+1); v != nil && v.kind != noValue {
				out.items = append(out.items, v)
			}
		}
		return out
	case mapping:
		if isIntrinsic(n) {
			return s.intrinsic(n.keys[0], n.items[0], n, depth+1)
		}
		out := &node{kind: mapping, line: n.line}
		for i, k := range n.keys {
			if v := s.eval(n.items[i], depth+1); v != nil && v.kind != noValue {
				out.keys = append(out.keys, k)
				out.items = append(out.items, v)
			}
		}
		return out
	}
	return n
}

func unknownAt(at *node, sym, why string) *node {
	return &node{kind: unknown, s: sym, why: why, line: at.line}
}

func scalarAt(at *node, s string) *node { return &node{kind: scalar, s: s, line: at.line} }

func (s *stack) intrinsic(fn string, arg, at *node, depth int) *node {
	switch fn {
	case "Ref":
		return s.ref(arg.str(), at, depth)
	case "Fn::GetAtt":
		return s.getAtt(s.eval(arg, depth), at, depth)
	case "Fn::Sub":
		return s.sub(arg, at, depth)
	case "Fn::Join":
		return s.join(s.eval(arg, depth), at)
	case "Fn::If":
		return s.fnIf(arg, at, depth)
	case "Fn::Select":
		return s.selectFn(s.eval(arg, depth), at)
	case "Fn::Split":
		return s.split(s.eval(arg, depth), at)
	case "Fn::ImportValue":
		return s.r.importValue(s.eval(arg, depth), at)
	case "Fn::FindInMap":
		return s.findInMap(s.eval(arg, depth), at)
	case "Fn::Base64":
		return s.eval(arg, depth)
	case "Fn::Length":
		if v := s.eval(arg, depth); v.kind == sequence {
			return scalarAt(at, strconv.Itoa(len(v.items)))
		}
	}
	return unknownAt(at, "", fn+" is not evaluated by sgmap")
}

func (s *stack) join(arg, at *node) *node {
	if arg.kind != sequence || len(arg.items) != 2 || arg.items[0].kind != scalar {
		return unknownAt(at, "", "Fn::Join needs a delimiter and a list")
	}
	return concat(at, arg.items[1].list(), arg.items[0].s)
}

// concat joins values; an unknown part makes the whole unknown, named with
// the parts that are known so that the result is still recognisable.
func concat(at *node, parts []*node, sep string) *node {
	if sep == "" {
		parts = slices.DeleteFunc(slices.Clone(parts), func(p *node) bool { return p.kind == scalar && p.s == "" })
		if len(parts) == 1 && parts[0].kind == unknown {
			return parts[0] // !Sub "${Param}" is Param itself
		}
	}
	var b strings.Builder
	var why string
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		switch p.kind {
		case scalar:
			b.WriteString(p.s)
		case unknown:
			b.WriteString("${" + p.s + "}")
			if why == "" {
				why = p.why
			}
		default:
			return unknownAt(at, "", "a list or mapping cannot be joined into a string")
		}
	}
	if why != "" {
		return unknownAt(at, b.String(), why)
	}
	return scalarAt(at, b.String())
}

func (s *stack) sub(arg, at *node, depth int) *node {
	text, vars := arg, (*node)(nil)
	if arg.kind == sequence && len(arg.items) == 2 {
		text, vars = arg.items[0], arg.items[1]
	}
	if text.kind != scalar {
		return unknownAt(at, "", "Fn::Sub needs a string")
	}
	var parts []*node
	rest := text.s
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			parts = append(parts, scalarAt(at, rest))
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			parts = append(parts, scalarAt(at, rest))
			break
		}
		name := rest[i+2 : i+j]
		parts = append(parts, scalarAt(at, rest[:i]))
		switch {
		case strings.HasPrefix(name, "!"):
			parts = append(parts, scalarAt(at, "${"+name[1:]+"}"))
		case vars.get(name) != nil:
			parts = append(parts, s.eval(vars.get(name), depth+1))
		case strings.Contains(name, ".") && !strings.HasPrefix(name, "AWS::"):
			res, attr, _ := strings.Cut(name, ".")
			parts = append(parts, s.getAtt(&node{kind: sequence, items: []*node{scalarAt(at, res), scalarAt(at, attr)}}, at, depth+1))
		default:
			parts = append(parts, s.ref(name, at, depth+1))
		}
		rest = rest[i+j+1:]
	}
	return concat(at, parts, "")
}

func (s *stack) fnIf(arg, at *node, depth int) *node {
	if arg.kind != sequence || len(arg.items) != 3 || arg.items[0].kind != scalar {
		return unknownAt(at, "", "Fn::If needs a condition and two values")
	}
	name := arg.items[0].s
	switch s.condition(name, at.line) {
	case no:
		return s.eval(arg.items[2], depth)
	case maybe:
		s.warnCond(name, "%s:%d: condition %s in Fn::If cannot be decided (%s); took the true branch", s.tpl.file, at.line, clip(name), s.condWhy(name))
	}
	return s.eval(arg.items[1], depth)
}

func (s *stack) selectFn(arg, at *node) *node {
	if arg.kind != sequence || len(arg.items) != 2 {
		return unknownAt(at, "", "Fn::Select needs an index and a list")
	}
	idx, list := arg.items[0], arg.items[1]
	i, err := strconv.Atoi(idx.str())
	switch {
	case idx.kind == unknown || err != nil:
		return unknownAt(at, "", "Fn::Select index is not a number")
	case list.kind == unknown:
		return unknownAt(at, list.s+"."+idx.s, list.why)
	case i < 0 || i >= len(list.list()):
		return unknownAt(at, "", "Fn::Select index "+idx.s+" is out of range")
	}
	return list.list()[i]
}

func (s *stack) split(arg, at *node) *node {
	if arg.kind != sequence || len(arg.items) != 2 || arg.items[0].kind != scalar {
		return unknownAt(at, "", "Fn::Split needs a delimiter and a string")
	}
	str := arg.items[1]
	if str.kind != scalar {
		return unknownAt(at, str.s, str.why)
	}
	out := &node{kind: sequence, line: at.line}
	for _, p := range strings.Split(str.s, arg.items[0].s) {
		out.items = append(out.items, scalarAt(at, p))
	}
	return out
}

func (s *stack) findInMap(arg, at *node) *node {
	keys := arg.list()
	if len(keys) != 3 {
		return unknownAt(at, "", "Fn::FindInMap needs a map and two keys")
	}
	for _, k := range keys {
		if k.kind != scalar {
			return unknownAt(at, "", "Fn::FindInMap key is known only at deploy time")
		}
	}
	v := s.tpl.root.path("Mappings", keys[0].s, keys[1].s, keys[2].s)
	if v == nil {
		return unknownAt(at, "", "Fn::FindInMap "+clip(keys[0].s+"."+keys[1].s+"."+keys[2].s)+" is not in Mappings")
	}
	return v
}
