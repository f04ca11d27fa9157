package awscli

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// decodeLenient decodes v, a value parsed by encoding/json with UseNumber,
// into *dst (an SDK type). encoding/json matches the CLI's member names to
// the SDK's field names case-insensitively, but it fails on the whole value
// at the first mismatch; the CLI prints timestamps in several formats
// ("2020-10-09 06:46:17+00:00", epoch seconds for ECS) and converted test
// data holds placeholders ("<LOAD_BALANCER_LISTENERS>") where lists belong.
// So v is first made to fit dst's type: timestamps are parsed leniently and
// rewritten as RFC 3339, and any value of the wrong shape is dropped. The
// paths of dropped values are returned.
func decodeLenient(v any, dst any) (dropped []string, err error) {
	t := reflect.TypeOf(dst).Elem()
	clean, ok := fit(v, t, "", 0, &dropped)
	if !ok {
		return dropped, fmt.Errorf("value is not a %s", t.Name())
	}
	b, err := json.Marshal(clean)
	if err != nil {
		return dropped, fmt.Errorf("re-encode: %w", err)
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return dropped, fmt.Errorf("decode %s: %w", t.Name(), err)
	}
	return dropped, nil
}

var timeType = reflect.TypeFor[time.Time]()

// maxDepth bounds recursion on hostile, deeply nested input.
const maxDepth = 64

// fit returns v reshaped to decode into t, or ok false when it cannot.
func fit(v any, t reflect.Type, path string, depth int, dropped *[]string) (any, bool) {
	if depth > maxDepth {
		return nil, false
	}
	if v == nil {
		return nil, true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		ts, ok := parseTime(v)
		if !ok {
			return nil, false
		}
		return ts.Format(time.RFC3339Nano), true
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		out := make(map[string]any, len(m))
		for k, val := range m {
			f, ok := fieldByName(t, k)
			if !ok {
				continue // unknown members are ignored, as encoding/json does
			}
			if c, ok := fit(val, f.Type, path+"."+k, depth+1, dropped); ok {
				out[f.Name] = c
			} else {
				*dropped = append(*dropped, strings.TrimPrefix(path+"."+k, "."))
			}
		}
		return out, true
	case reflect.Slice:
		a, ok := v.([]any)
		if !ok {
			return nil, false
		}
		out := make([]any, 0, len(a))
		for i, x := range a {
			if c, ok := fit(x, t.Elem(), path+"["+strconv.Itoa(i)+"]", depth+1, dropped); ok {
				out = append(out, c)
			} else {
				*dropped = append(*dropped, strings.TrimPrefix(path+"["+strconv.Itoa(i)+"]", "."))
			}
		}
		return out, true
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok || t.Key().Kind() != reflect.String {
			return nil, false
		}
		out := make(map[string]any, len(m))
		for k, val := range m {
			if c, ok := fit(val, t.Elem(), path+"."+k, depth+1, dropped); ok {
				out[k] = c
			}
		}
		return out, true
	case reflect.String:
		s, ok := v.(string)
		return s, ok
	case reflect.Bool:
		b, ok := v.(bool)
		return b, ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return nil, false
		}
		i, err := strconv.ParseInt(n.String(), 10, t.Bits())
		return i, err == nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if !ok {
			return nil, false
		}
		i, err := strconv.ParseUint(n.String(), 10, t.Bits())
		return i, err == nil
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(n.String(), t.Bits())
		return f, err == nil
	}
	// Interfaces (smithy documents, unions) and anything else: not needed.
	return nil, false
}

// fieldByName finds the exported field encoding/json would fill for key:
// an exact match first, then a case-insensitive one.
func fieldByName(t reflect.Type, key string) (reflect.StructField, bool) {
	if f, ok := t.FieldByName(key); ok && f.IsExported() && len(f.Index) == 1 {
		return f, true
	}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && strings.EqualFold(f.Name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// timeLayouts are the timestamp formats seen in AWS CLI output
// (aws-json-notes.md).
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000-0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// parseTime accepts the CLI's timestamp strings and epoch seconds.
func parseTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case string:
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t, true
			}
		}
	case json.Number:
		if f, err := strconv.ParseFloat(x.String(), 64); err == nil && f > 0 && f < 1e11 {
			sec := int64(f)
			return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
		}
	}
	return time.Time{}, false
}
