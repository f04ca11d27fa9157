package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
	"go.yaml.in/yaml/v3"
)

// kind is what a [node] holds.
type kind uint8

const (
	scalar   kind = iota // s
	sequence             // items
	mapping              // keys and items, in file order
	unknown              // a value known only at deploy time; s is its symbolic name
	noValue              // AWS::NoValue: the property or item is removed
)

// node is a template value with its line: parsed YAML or JSON before
// evaluation, plain data after it. Short-form tags (!Ref X) are rewritten to
// their long form ({"Ref": "X"}) while parsing, so evaluation sees one form.
type node struct {
	kind  kind
	s     string
	keys  []string
	items []*node
	line  int
	// why says, for an unknown node, what could not be resolved.
	why string
}

// get returns the value of key in a mapping, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapping {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.items[i]
		}
	}
	return nil
}

// path follows keys through nested mappings.
func (n *node) path(keys ...string) *node {
	for _, k := range keys {
		n = n.get(k)
	}
	return n
}

// str returns a scalar's text, or "".
func (n *node) str() string {
	if n == nil || n.kind != scalar {
		return ""
	}
	return n.s
}

// list returns a sequence's items, a lone value as a list of one, or nil.
func (n *node) list() []*node {
	switch {
	case n == nil || n.kind == noValue:
		return nil
	case n.kind == sequence:
		return n.items
	}
	return []*node{n}
}

// Limits that keep a hostile template from exhausting memory or the stack.
const (
	// MaxTemplateBytes bounds one template file. CloudFormation itself
	// accepts at most 1 MB from S3; this leaves room for CDK output.
	MaxTemplateBytes = 16 << 20
	maxDepth         = 256
	maxNodes         = 2_000_000
)

// parse reads a JSON or YAML template. YAML is a superset of JSON, so one
// parser serves both and gives lines for both.
func parse(name string, data []byte) (*node, error) {
	if len(data) > MaxTemplateBytes {
		return nil, sgmap.Errorf(sgmap.ETOOLARGE, "%s: template is larger than %d MiB", name, MaxTemplateBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: template is empty", name)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decodeSafely(dec, &doc); err != nil {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: not a YAML or JSON template: %s", name, clip(err.Error()))
	}
	c := &converter{name: name}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	n, err := c.convert(root, 0)
	if err != nil {
		return nil, err
	}
	if n.kind != mapping {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: a template must be a mapping at the top (line %d)", name, n.line)
	}
	return n, nil
}

// decodeSafely turns a panic in the YAML library into an error: the input
// is untrusted and the library is not ours.
func decodeSafely(dec *yaml.Decoder, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(doc)
}

type converter struct {
	name  string
	nodes int
}

func (c *converter) convert(y *yaml.Node, depth int) (*node, error) {
	c.nodes++
	if depth > maxDepth {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: nested deeper than %d levels", c.name, y.Line, maxDepth)
	}
	if c.nodes > maxNodes {
		return nil, sgmap.Errorf(sgmap.ETOOLARGE, "%s: more than %d values", c.name, maxNodes)
	}
	var n *node
	switch y.Kind {
	case yaml.ScalarNode:
		n = &node{kind: scalar, s: y.Value, line: y.Line}
		if y.Tag == "!!null" {
			n.s = ""
		}
	case yaml.SequenceNode:
		n = &node{kind: sequence, line: y.Line}
		for _, it := range y.Content {
			v, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
	case yaml.MappingNode:
		var err error
		if n, err = c.mapping(y, depth); err != nil {
			return nil, err
		}
	case yaml.AliasNode:
		// CloudFormation rejects anchors and aliases; expanding them here
		// would also let a small file grow exponentially.
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: YAML aliases (*%s) are not allowed in CloudFormation templates", c.name, y.Line, clip(y.Value))
	case yaml.DocumentNode:
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: more than one YAML document", c.name, y.Line)
	default:
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: unexpected YAML node", c.name, y.Line)
	}
	return c.shortForm(y, n)
}

func (c *converter) mapping(y *yaml.Node, depth int) (*node, error) {
	n := &node{kind: mapping, line: y.Line}
	seen := map[string]bool{}
	for i := 0; i+1 < len(y.Content); i += 2 {
		k := y.Content[i]
		if k.Kind != yaml.ScalarNode {
			return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: a mapping key must be a string", c.name, k.Line)
		}
		if k.Value == "<<" && k.Tag == "!!merge" {
			return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: YAML merge keys are not allowed in CloudFormation templates", c.name, k.Line)
		}
		if seen[k.Value] {
			return nil, sgmap.Errorf(sgmap.EINVALID, "%s: line %d: duplicate key %q", c.name, k.Line, clip(k.Value))
		}
		seen[k.Value] = true
		v, err := c.convert(y.Content[i+1], depth+1)
		if err != nil {
			return nil, err
		}
		// A mapping's line is its first key's; a value's line is its key's,
		// so that findings point at "CidrIp: 0.0.0.0/0", not the next line.
		if v.kind == mapping || v.kind == sequence {
			v.line = min(v.line, k.Line)
		}
		n.keys = append(n.keys, k.Value)
		n.items = append(n.items, v)
	}
	return n, nil
}

// shortForms maps the YAML short-form tags to their long-form keys.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join", "!If": "Fn::If",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!ImportValue": "Fn::ImportValue",
	"!FindInMap": "Fn::FindInMap", "!GetAZs": "Fn::GetAZs", "!Base64": "Fn::Base64",
	"!Cidr": "Fn::Cidr", "!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And",
	"!Or": "Fn::Or", "!Transform": "Fn::Transform", "!Length": "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString", "!ForEach": "Fn::ForEach",
}

// shortForm rewrites a tagged node (!Ref X) to its long form ({Ref: X}).
func (c *converter) shortForm(y *yaml.Node, n *node) (*node, error) {
	if y.Tag == "" || strings.HasPrefix(y.Tag, "!!") || y.Tag == "!" {
		return n, nil
	}
	fn, ok := shortForms[y.Tag]
	if !ok {
		// Rules functions (!ValueOf, !Contains, …) and future ones: kept
		// under their long name, which evaluation reports as not evaluated.
		fn = "Fn::" + strings.TrimPrefix(y.Tag, "!")
	}
	if fn == "Fn::GetAtt" && n.kind == scalar {
		// !GetAtt A.B.C is [A, B.C]: the attribute may contain dots.
		res, attr, _ := strings.Cut(n.s, ".")
		n = &node{kind: sequence, line: n.line, items: []*node{
			{kind: scalar, s: res, line: n.line}, {kind: scalar, s: attr, line: n.line}}}
	}
	return &node{kind: mapping, line: y.Line, keys: []string{fn}, items: []*node{n}}, nil
}

// clip shortens hostile values before they go into a message.
func clip(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

var errCycle = errors.New("reference cycle")
