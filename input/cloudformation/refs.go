package cloudformation

import "strings"

// pseudo returns the value of a pseudo parameter, or nil if name is none.
func (s *stack) pseudo(name string, at *node) *node {
	if v, ok := s.r.opt.Params[name]; ok && strings.HasPrefix(name, "AWS::") {
		return scalarAt(at, v)
	}
	switch name {
	case "AWS::NoValue":
		return &node{kind: noValue, line: at.line}
	case "AWS::StackName":
		return scalarAt(at, s.stackName())
	case "AWS::Region":
		if s.r.opt.Region != "" {
			return scalarAt(at, s.r.opt.Region)
		}
	case "AWS::AccountId":
		if s.r.opt.AccountID != "" {
			return scalarAt(at, s.r.opt.AccountID)
		}
	case "AWS::Partition":
		return scalarAt(at, "aws")
	case "AWS::URLSuffix":
		return scalarAt(at, "amazonaws.com")
	}
	if strings.HasPrefix(name, "AWS::") {
		return unknownAt(at, name, "pseudo parameter "+name+" is known only at deploy time (give -param "+name+"=…)")
	}
	return nil
}

func (s *stack) ref(name string, at *node, depth int) *node {
	if v := s.pseudo(name, at); v != nil {
		return v
	}
	if p := s.tpl.root.path("Parameters", name); p != nil {
		return s.param(name, p, at, depth)
	}
	if rs := s.resources[name]; rs != nil {
		return scalarAt(at, s.id(name))
	}
	return unknownAt(at, s.id(name), "Ref "+clip(name)+" names no parameter or resource")
}

// param returns a parameter's value: given (by -param for a root stack,
// by the parent for a nested one), else its default, else unknown and
// named after the parameter, so that every use of it is the same value.
func (s *stack) param(name string, decl, at *node, depth int) *node {
	v, ok := s.params[name]
	if !ok {
		v = s.r.paramFor(s, name, depth)
	}
	if v == nil {
		if d := decl.get("Default"); d != nil {
			v = d
		} else {
			return unknownAt(at, s.id(name), "parameter "+clip(name)+" has no default and no value (give -param "+clip(name)+"=…)")
		}
	}
	typ := decl.get("Type").str()
	if v.kind == scalar && (strings.HasPrefix(typ, "List<") || typ == "CommaDelimitedList") {
		out := &node{kind: sequence, line: v.line}
		if strings.TrimSpace(v.s) != "" {
			for _, part := range strings.Split(v.s, ",") {
				out.items = append(out.items, &node{kind: scalar, s: strings.TrimSpace(part), line: v.line})
			}
		}
		return out
	}
	return v
}

func (s *stack) getAtt(arg, at *node, depth int) *node {
	parts := arg.list()
	if arg.kind == scalar { // Fn::GetAtt: A.B, as the short form writes it
		res, attr, _ := strings.Cut(arg.s, ".")
		parts = []*node{scalarAt(arg, res), scalarAt(arg, attr)}
	}
	if len(parts) != 2 || parts[0].kind != scalar || parts[1].kind != scalar {
		return unknownAt(at, "", "Fn::GetAtt needs a resource and an attribute")
	}
	name, attr := parts[0].s, parts[1].s
	rs := s.resources[name]
	if rs == nil {
		return unknownAt(at, s.id(name)+"."+attr, "Fn::GetAtt "+clip(name)+" names no resource")
	}
	switch {
	case rs.typ == typeStack && strings.HasPrefix(attr, "Outputs."):
		return s.r.nestedOutput(s, rs, strings.TrimPrefix(attr, "Outputs."), at, depth)
	case rs.typ == typeGroup && attr == "GroupId":
		return scalarAt(at, s.id(name))
	case rs.typ == typeGroup && attr == "VpcId":
		return s.evalProp(rs, at, depth, "VpcId")
	case rs.typ == typeVPC && attr == "DefaultSecurityGroup":
		return scalarAt(at, s.id(name)+defaultGroupSuffix)
	case rs.typ == typeVPC && attr == "CidrBlock":
		return s.evalProp(rs, at, depth, "CidrBlock")
	case rs.typ == typeELB && attr == "SourceSecurityGroup.GroupName":
		return scalarAt(at, s.elbSourceGroup(rs))
	case rs.typ == typeELBv2 && attr == "SecurityGroups":
		return s.evalProp(rs, at, depth, "SecurityGroups")
	}
	return unknownAt(at, s.id(name)+"."+attr, "Fn::GetAtt "+clip(name)+"."+clip(attr)+" is known only at deploy time")
}

func (s *stack) evalProp(rs *resource, at *node, depth int, key string) *node {
	if v := rs.props.get(key); v != nil {
		busy := "prop " + s.name + " " + rs.id + " " + key
		if s.r.busy[busy] {
			return unknownAt(at, "", rs.id+"."+key+" depends on itself")
		}
		s.r.busy[busy] = true
		defer delete(s.r.busy, busy)
		return s.eval(v, depth+1)
	}
	return unknownAt(at, s.id(rs.id)+"."+key, rs.id+" has no "+key)
}
