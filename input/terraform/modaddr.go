package terraform

import (
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// step is one module call in a module instance address: module.NAME[KEY].
type step struct {
	name string
	key  string // the bracket's content as written ("0", `"k"`), or ""
}

// parseModule splits module.a["k"].module.b[0] into its steps. It stops at
// anything it does not understand; quoted keys may hold dots and brackets.
func parseModule(addr string) []step {
	steps, _ := splitAddr(addr)
	return steps
}

// splitAddr splits a resource address into its module steps and the rest
// (aws_instance.x[0]).
func splitAddr(addr string) ([]step, string) {
	var out []step
	for strings.HasPrefix(addr, "module.") {
		addr = addr[len("module."):]
		i := strings.IndexAny(addr, ".[")
		if i < 0 {
			return append(out, step{name: addr}), ""
		}
		st := step{name: addr[:i]}
		addr = addr[i:]
		if addr[0] == '[' {
			end := closeBracket(addr)
			if end < 0 {
				return append(out, st), ""
			}
			st.key, addr = addr[1:end], addr[end+1:]
		}
		out = append(out, st)
		addr = strings.TrimPrefix(addr, ".")
	}
	return out, addr
}

// closeBracket returns the index of the ']' that closes s[0] == '[', or -1.
func closeBracket(s string) int {
	quoted := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == ']':
			return i
		}
	}
	return -1
}

// joinModule writes steps back as an address.
func joinModule(steps []step) string {
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(s.name)
		if s.key != "" {
			b.WriteString("[" + s.key + "]")
		}
	}
	return b.String()
}

// configModule returns the configuration of the module that a module
// instance address instantiates, or nil.
func configModule(cfg *tfjson.Config, module string) *tfjson.ConfigModule {
	if cfg == nil {
		return nil
	}
	m := cfg.RootModule
	for _, s := range parseModule(module) {
		if m == nil {
			return nil
		}
		call := m.ModuleCalls[s.name]
		if call == nil {
			return nil
		}
		m = call.Module
	}
	return m
}
