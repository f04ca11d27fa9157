package cloudformation

import "strings"

// addStack adds s and, depth first, the nested stacks it creates.
func (r *reader) addStack(s *stack, depth int) {
	r.stacks = append(r.stacks, s)
	r.resources += len(s.order)
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
		case r.resources+len(t.root.get("Resources").keys) > maxTotalResources:
			r.warn("%s: nested stacks past %d resources in all are not drawn", s.where(rs.id, rs.line), maxTotalResources)
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
