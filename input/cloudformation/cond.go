package cloudformation

// tri is a condition's value: true, false, or not decidable before deploy.
type tri uint8

const (
	yes tri = iota + 1
	no
	maybe
)

// condition evaluates the named condition of s's template, once.
func (s *stack) condition(name string, line int) tri {
	if v, ok := s.conds[name]; ok {
		return v
	}
	decl := s.tpl.root.path("Conditions", name)
	if decl == nil {
		s.warn("%s:%d: condition %s is not in Conditions; drawn as if true", s.tpl.file, line, clip(name))
		s.conds[name] = maybe
		return maybe
	}
	s.conds[name] = maybe // a cycle is undecidable
	v := s.condExpr(decl, 0)
	s.conds[name] = v
	return v
}

// condWhy explains why a condition is undecidable: the first unknown value
// it depends on.
func (s *stack) condWhy(name string) string {
	if w := s.why(s.tpl.root.path("Conditions", name), 0); w != "" {
		return w
	}
	return "it depends on values known only at deploy time"
}

func (s *stack) why(n *node, depth int) string {
	if n == nil || depth > maxEvalDepth {
		return ""
	}
	if n.kind == mapping && len(n.keys) == 1 && n.keys[0] == "Condition" {
		return s.why(s.tpl.root.path("Conditions", n.items[0].str()), depth+1)
	}
	if n.kind == mapping && len(n.keys) == 1 && n.keys[0] != "Fn::Equals" && n.keys[0] != "Fn::Not" &&
		n.keys[0] != "Fn::And" && n.keys[0] != "Fn::Or" {
		if v := s.eval(n, depth); v.kind == unknown {
			return v.why
		}
		return ""
	}
	for _, it := range n.items {
		if w := s.why(it, depth+1); w != "" {
			return w
		}
	}
	return ""
}

func (s *stack) condExpr(n *node, depth int) tri {
	if n == nil || n.kind != mapping || len(n.keys) != 1 || depth > maxEvalDepth {
		return maybe
	}
	arg := n.items[0]
	switch n.keys[0] {
	case "Condition":
		return s.condition(arg.str(), n.line)
	case "Fn::Equals":
		if arg.kind != sequence || len(arg.items) != 2 {
			return maybe
		}
		a, b := s.eval(arg.items[0], depth+1), s.eval(arg.items[1], depth+1)
		if a.kind != scalar || b.kind != scalar {
			return maybe
		}
		return truth(a.s == b.s)
	case "Fn::Not":
		switch s.condExpr(first(arg), depth+1) {
		case yes:
			return no
		case no:
			return yes
		}
		return maybe
	case "Fn::And", "Fn::Or":
		stop, all := no, yes // And stops at false
		if n.keys[0] == "Fn::Or" {
			stop, all = yes, no
		}
		out := all
		for _, it := range arg.list() {
			switch s.condExpr(it, depth+1) {
			case stop:
				return stop
			case maybe:
				out = maybe
			}
		}
		return out
	}
	return maybe
}

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

func first(n *node) *node {
	if l := n.list(); len(l) > 0 {
		return l[0]
	}
	return nil
}
