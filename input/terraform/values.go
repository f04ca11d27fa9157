package terraform

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Attribute values decode as encoding/json does into any: maps, lists,
// strings, float64 (or json.Number), bools and nil. Nested blocks are
// always lists, usually of one element. These helpers read them without
// ever panicking on an unexpected shape.

// get follows path through v: a string steps into a map, and a list is
// stepped into at its first element before a string step.
func get(v any, path ...string) any {
	for _, p := range path {
		if l, ok := v.([]any); ok {
			if len(l) == 0 {
				return nil
			}
			v = l[0]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// str returns v as a string: strings as they are, numbers and bools
// formatted, anything else "".
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// num returns v as an int32 port or ICMP code and whether it is one:
// numbers and numeric strings ("3306") count.
func num(v any) (int32, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case json.Number:
		g, err := x.Float64()
		if err != nil {
			return 0, false
		}
		f = g
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 32)
		if err != nil {
			return 0, false
		}
		return int32(n), true
	default:
		return 0, false
	}
	if f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return 0, false
	}
	return int32(f), true
}

// strs returns the non-empty strings of a list (or of a single string).
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			if s := str(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// list returns v as a list of objects, skipping elements that are not.
func list(v any) []map[string]any {
	l, _ := v.([]any)
	var out []map[string]any
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// truthy reports whether v is true or "true".
func truthy(v any) bool {
	b, ok := v.(bool)
	return (ok && b) || v == "true"
}

// tags returns a tags map of strings.
func tags(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		out[k] = str(x)
	}
	return out
}

// unknownAt reports whether a plan's after_unknown marks path as unknown
// until apply: true at path, or true for any element of the list there.
func unknownAt(unknown any, path ...string) bool {
	v := get(unknown, path...)
	switch x := v.(type) {
	case bool:
		return x
	case []any:
		for _, e := range x {
			if b, ok := e.(bool); ok && b {
				return true
			}
		}
	}
	return false
}
