package terraform

import (
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// maxRefDepth bounds how far references are followed through variables,
// module outputs and other resources, and maxRefSteps how many references
// one value may follow in all, so that references that fan out or go in
// circles cannot make the reader slow.
const (
	maxRefDepth = 8
	maxRefSteps = 256
)

// config returns the configuration block of r, or nil.
func (c *conv) config(r *res) *tfjson.ConfigResource {
	m := configModule(c.d.config, r.module)
	if m == nil {
		return nil
	}
	for _, cr := range m.Resources {
		if cr != nil && cr.Address == r.key() {
			return cr
		}
	}
	return nil
}

// exprAt returns the expression at path in a resource's expressions,
// stepping into the first nested block for all but the last element.
func exprAt(exprs map[string]*tfjson.Expression, path ...string) *tfjson.Expression {
	for i, p := range path {
		e := exprs[p]
		if e == nil || e.ExpressionData == nil {
			return nil
		}
		if i == len(path)-1 {
			return e
		}
		if len(e.NestedBlocks) == 0 {
			return nil
		}
		exprs = e.NestedBlocks[0]
	}
	return nil
}

// hasExpr reports whether r's configuration sets path: a value unknown
// until apply that the configuration does not set is computed by AWS, not
// a reference sgmap failed to follow.
func (c *conv) hasExpr(r *res, path ...string) bool {
	cr := c.config(r)
	return cr != nil && exprAt(cr.Expressions, path...) != nil
}

// target is what a reference leads to: resource instances (by address)
// and literal strings (a variable's value, a constant in a module call).
type target struct {
	addrs []string
	lits  []string
}

func (t *target) add(o target) {
	t.addrs = append(t.addrs, o.addrs...)
	t.lits = append(t.lits, o.lits...)
}

// follow resolves the references of the expression at path in r's
// configuration.
func (c *conv) follow(r *res, path ...string) target {
	cr := c.config(r)
	if cr == nil {
		return target{}
	}
	c.budget = maxRefSteps
	return c.resolveExpr(exprAt(cr.Expressions, path...), r.module, r, 0)
}

// resolveExpr resolves an expression in a module instance: its constant
// strings and what its references lead to.
func (c *conv) resolveExpr(e *tfjson.Expression, module string, self *res, depth int) target {
	var t target
	if e == nil || e.ExpressionData == nil || depth > maxRefDepth {
		return t
	}
	if e.ConstantValue != tfjson.UnknownConstantValue {
		t.lits = append(t.lits, strs(e.ConstantValue)...)
	}
	for _, ref := range dedupeRefs(e.References) {
		t.add(c.resolveRef(ref, module, self, depth))
	}
	return t
}

// dedupeRefs drops references that only repeat the start of a longer
// one: newer Terraform lists "aws_security_group.x.id" with
// "aws_security_group.x", and "module.app.sg_id" with "module.app".
func dedupeRefs(refs []string) []string {
	var out []string
	for _, r := range refs {
		dup := slices.Contains(out, r)
		for _, o := range refs {
			if strings.HasPrefix(o, r+".") || strings.HasPrefix(o, r+"[") {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

// resolveRef resolves one reference (aws_security_group.web.id,
// data.aws_vpc.x, var.vpc_id, module.sg.id) in a module instance.
func (c *conv) resolveRef(ref, module string, self *res, depth int) target {
	if c.budget--; c.budget < 0 {
		return target{}
	}
	parts := strings.Split(stripIndex(ref), ".")
	switch parts[0] {
	case "var":
		if len(parts) < 2 {
			return target{}
		}
		return c.resolveVar(parts[1], module, depth)
	case "module":
		if len(parts) < 3 {
			return target{}
		}
		return c.resolveOutput(module, parts[1], parts[2], depth)
	case "data":
		if len(parts) < 3 {
			return target{}
		}
		return target{addrs: c.instancesOf(module, "data."+parts[1]+"."+parts[2], self)}
	case "local", "each", "count", "path", "self", "terraform":
		return target{} // not in the JSON: locals are evaluated away
	}
	if len(parts) < 2 {
		return target{}
	}
	return target{addrs: c.instancesOf(module, parts[0]+"."+parts[1], self)}
}

// stripIndex removes a bracketed index from a reference: aws_x.y[0].id.
func stripIndex(ref string) string {
	for {
		i := strings.IndexByte(ref, '[')
		if i < 0 {
			return ref
		}
		end := closeBracket(ref[i:])
		if end < 0 {
			return ref[:i]
		}
		ref = ref[:i] + ref[i+end+1:]
	}
}

// instancesOf returns the instances of the resource key in module. When
// self is one of several instances (count, for_each) and the target has
// an instance with the same index, that one is meant.
func (c *conv) instancesOf(module, key string, self *res) []string {
	all := c.byKey[module+"\x00"+key]
	if self != nil && self.index != nil && len(all) > 1 {
		for _, r := range all {
			if indexSuffix(r.index) == indexSuffix(self.index) {
				return []string{r.addr}
			}
		}
	}
	out := make([]string, 0, len(all))
	for _, r := range all {
		out = append(out, r.addr)
	}
	return out
}

// resolveVar resolves var.name: in the root module the plan's variable
// value, in a child the argument its module call passes.
func (c *conv) resolveVar(name, module string, depth int) target {
	steps := parseModule(module)
	if len(steps) == 0 {
		if v := c.d.variables[name]; v != nil {
			return target{lits: strs(v.Value)}
		}
		return target{}
	}
	parent := joinModule(steps[:len(steps)-1])
	pm := configModule(c.d.config, parent)
	if pm == nil || pm.ModuleCalls[steps[len(steps)-1].name] == nil {
		return target{}
	}
	call := pm.ModuleCalls[steps[len(steps)-1].name]
	return c.resolveExpr(call.Expressions[name], parent, nil, depth+1)
}

// resolveOutput resolves module.call.output from module: the output's
// expression inside every instance of the call.
func (c *conv) resolveOutput(module, call, output string, depth int) target {
	var t target
	prefix := "module." + call
	if module != "" {
		prefix = module + "." + prefix
	}
	for _, child := range c.modules {
		if child != prefix && !strings.HasPrefix(child, prefix+"[") {
			continue
		}
		if rest := strings.TrimPrefix(child, prefix); strings.Contains(strings.TrimPrefix(rest, rest[:closeBracketOr(rest)]), ".") {
			continue // a grandchild
		}
		m := configModule(c.d.config, child)
		if m == nil || m.Outputs[output] == nil {
			continue
		}
		t.add(c.resolveExpr(m.Outputs[output].Expression, child, nil, depth+1))
	}
	return t
}

// closeBracketOr is the length of a leading [...] in s, or 0.
func closeBracketOr(s string) int {
	if s == "" || s[0] != '[' {
		return 0
	}
	if end := closeBracket(s); end >= 0 {
		return end + 1
	}
	return 0
}

// constant returns an expression's constant value, or nil.
func constant(e *tfjson.Expression) any {
	if e == nil || e.ExpressionData == nil || e.ConstantValue == tfjson.UnknownConstantValue {
		return nil
	}
	return e.ConstantValue
}
