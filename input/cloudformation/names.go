package cloudformation

import (
	"path"
	"strings"

	"github.com/sgmap/sgmap"
)

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
	if len(res.keys) > maxTemplateResources {
		return sgmap.Errorf(sgmap.ETOOLARGE, "%s: %d resources, more than the %d sgmap reads (CloudFormation allows 500)", file, len(res.keys), maxTemplateResources)
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
