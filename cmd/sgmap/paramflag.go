package main

import (
	"fmt"
	"sort"
	"strings"
)

// paramFlag collects repeatable -param Key=Value pairs: CloudFormation
// parameter values, and AWS:: pseudo parameters (AWS::Region).
type paramFlag map[string]string

func (p *paramFlag) String() string {
	if p == nil || *p == nil {
		return ""
	}
	keys := make([]string, 0, len(*p))
	for k := range *p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + (*p)[k]
	}
	return strings.Join(parts, " ")
}

func (p *paramFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if k = strings.TrimSpace(k); !ok || k == "" {
		return fmt.Errorf("want Key=Value, not %q", v)
	}
	if *p == nil {
		*p = paramFlag{}
	}
	if _, dup := (*p)[k]; dup {
		return fmt.Errorf("parameter %s is given twice", k)
	}
	(*p)[k] = val
	return nil
}
