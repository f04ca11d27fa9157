package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sgmap/sgmap"
)

// Bounds on what -tf-dir reads, so a hostile folder cannot exhaust memory.
const (
	maxTFFiles     = 2000
	maxTFFileBytes = 8 << 20
	maxModuleDepth = 16
)

// locator maps resource addresses to the .tf file and line that declare
// them, read from a configuration folder (-tf-dir). A nil locator knows
// nothing.
type locator struct {
	res    map[string]sgmap.Location // module path + "\x00" + resource key
	blocks map[string][]inlineBlock  // the same key + "\x00" + ingress|egress
	// installed maps a module call path to the folder terraform init put
	// a registry or remote module in (.terraform/modules/modules.json).
	installed map[string]string
	files     int
	warn      []string
}

// inlineBlock is an ingress or egress block with its literal ports.
type inlineBlock struct {
	from, to int32
	proto    string
	loc      sgmap.Location
}

// newLocator reads the .tf files of dir and of the local modules they
// call (source = "./…" or "../…"). Files that do not parse become
// warnings; a missing folder is an error.
func newLocator(dir string) (*locator, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "-tf-dir %s is not a folder", dir)
	}
	l := &locator{res: map[string]sgmap.Location{}, blocks: map[string][]inlineBlock{}, installed: installedModules(dir)}
	l.readModule(hclparse.NewParser(), dir, "", map[string]bool{}, 0)
	return l, nil
}

// installedModules reads .terraform/modules/modules.json, where terraform
// init records the folder of every module it downloaded, by call path.
func installedModules(dir string) map[string]string {
	data, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
	if err != nil || len(data) > maxTFFileBytes {
		return nil
	}
	var m struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	out := map[string]string{}
	for _, x := range m.Modules {
		if x.Key != "" && x.Dir != "" && !filepath.IsAbs(x.Dir) {
			out[x.Key] = filepath.Join(dir, filepath.FromSlash(x.Dir))
		}
	}
	return out
}

// readModule reads one module folder; path is its call path (a.b).
func (l *locator) readModule(p *hclparse.Parser, dir, path string, seen map[string]bool, depth int) {
	abs, _ := filepath.Abs(dir)
	if depth > maxModuleDepth || seen[abs+"\x00"+path] {
		return
	}
	seen[abs+"\x00"+path] = true
	names, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	slices.Sort(names)
	for _, name := range names {
		if l.files >= maxTFFiles {
			l.warn = append(l.warn, fmt.Sprintf("-tf-dir: stopped after %d .tf files", maxTFFiles))
			return
		}
		l.files++
		if fi, err := os.Stat(name); err != nil || fi.Size() > maxTFFileBytes {
			l.warn = append(l.warn, fmt.Sprintf("-tf-dir: %s left out: unreadable or larger than %d MiB", name, maxTFFileBytes>>20))
			continue
		}
		f, diags := p.ParseHCLFile(name)
		if diags.HasErrors() {
			l.warn = append(l.warn, fmt.Sprintf("-tf-dir: %s", clip(diags.Error())))
		}
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		file := filepath.ToSlash(name)
		for _, b := range body.Blocks {
			l.block(p, b, dir, file, path, seen, depth)
		}
	}
}

// block records a resource, data or module block.
func (l *locator) block(p *hclparse.Parser, b *hclsyntax.Block, dir, file, path string, seen map[string]bool, depth int) {
	loc := sgmap.Location{File: file, Line: b.DefRange().Start.Line}
	switch {
	case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
		key := b.Labels[0] + "." + b.Labels[1]
		if b.Type == "data" {
			key = "data." + key
		}
		k := path + "\x00" + key
		if _, dup := l.res[k]; !dup {
			l.res[k] = loc
		}
		for _, inner := range b.Body.Blocks {
			if inner.Type == "ingress" || inner.Type == "egress" {
				l.blocks[k+"\x00"+inner.Type] = append(l.blocks[k+"\x00"+inner.Type], inlineBlockOf(inner, file))
			}
		}
	case b.Type == "module" && len(b.Labels) == 1:
		child := b.Labels[0]
		if path != "" {
			child = path + "." + child
		}
		src, ok := literal(b.Body.Attributes["source"])
		switch {
		case ok && (strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")):
			l.readModule(p, filepath.Join(dir, filepath.FromSlash(src)), child, seen, depth+1)
		case l.installed[child] != "":
			l.readModule(p, l.installed[child], child, seen, depth+1)
		}
	}
}

func inlineBlockOf(b *hclsyntax.Block, file string) inlineBlock {
	ib := inlineBlock{from: -1, to: -1, loc: sgmap.Location{File: file, Line: b.DefRange().Start.Line}}
	if s, ok := literal(b.Body.Attributes["from_port"]); ok {
		ib.from, _ = num(s)
	}
	if s, ok := literal(b.Body.Attributes["to_port"]); ok {
		ib.to, _ = num(s)
	}
	ib.proto, _ = literal(b.Body.Attributes["protocol"])
	return ib
}

// literal returns an attribute's value when it is a literal (no
// references), formatted as a string.
func literal(a *hclsyntax.Attribute) (string, bool) {
	if a == nil {
		return "", false
	}
	v, diags := a.Expr.Value(&hcl.EvalContext{})
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch {
	case v.Type().FriendlyName() == "string":
		return v.AsString(), true
	case v.Type().FriendlyName() == "number":
		return v.AsBigFloat().Text('f', -1), true
	}
	return "", false
}

// key turns a resource address into the locator's key: the module call
// path without instance keys, and the resource without its index.
func locKey(addr string) string {
	steps, rest := splitAddr(addr)
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.name
	}
	if i := strings.IndexByte(rest, '['); i >= 0 {
		rest = rest[:i]
	}
	return strings.Join(names, ".") + "\x00" + rest
}

// resource returns where addr is declared, or the zero location.
func (l *locator) resource(addr string) sgmap.Location {
	if l == nil {
		return sgmap.Location{}
	}
	return l.res[locKey(addr)]
}

// inline returns the line of the ingress or egress block of addr with
// these ports and protocol, else of the only such block, else the
// resource's.
func (l *locator) inline(addr, dir string, from, to int32, proto string) sgmap.Location {
	if l == nil {
		return sgmap.Location{}
	}
	blocks := l.blocks[locKey(addr)+"\x00"+dir]
	for _, b := range blocks {
		if b.from == from && b.to == to && strings.EqualFold(b.proto, proto) {
			return b.loc
		}
	}
	if len(blocks) == 1 {
		return blocks[0].loc
	}
	return l.resource(addr)
}
