package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/sgmap/sgmap"
)

// res is one resource instance, whatever shape of file it came from.
type res struct {
	addr    string // full address: module.a["k"].aws_instance.x[0]
	module  string // module instance address: module.a["k"]; "" for root
	mode    string // "managed" or "data"
	typ     string
	name    string
	index   any            // count index (a number), for_each key (a string), or nil
	values  map[string]any // attribute values known now
	unknown any            // a plan's after_unknown: what is known only after apply
}

// key is the resource's address inside its module, without its index, as
// the configuration names it: aws_instance.x, data.aws_ami.y.
func (r *res) key() string {
	if r.mode == string(tfjson.DataResourceMode) {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

// doc is one Terraform file, loaded.
type doc struct {
	source    string // sgmap.SourceTerraformPlan or sgmap.SourceTerraformState
	version   string // Terraform version, for messages
	resources []*res
	config    *tfjson.Config                  // plans only
	variables map[string]*tfjson.PlanVariable // plans only
	timestamp string
	warnings  []string
}

// load parses a file of one of the three shapes (plan JSON, `terraform show
// -json` of state, raw state v4).
func load(name string, data []byte, side string) (*doc, error) {
	var head struct {
		FormatVersion *string          `json:"format_version"`
		Version       *json.RawMessage `json:"version"`
		PlannedValues *json.RawMessage `json:"planned_values"`
		Changes       *json.RawMessage `json:"resource_changes"`
		PriorState    *json.RawMessage `json:"prior_state"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(name, data, err)
	}
	switch {
	case head.FormatVersion != nil && (head.PlannedValues != nil || head.Changes != nil || head.PriorState != nil):
		var p tfjson.Plan
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, formatError(name, "plan", err)
		}
		return fromPlan(&p, side), nil
	case head.FormatVersion != nil:
		var s tfjson.State
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, formatError(name, "state", err)
		}
		d := &doc{source: sgmap.SourceTerraformState, version: s.TerraformVersion}
		if s.Values != nil {
			d.resources = fromModule(s.Values.RootModule, nil)
		}
		return d, nil
	case head.Version != nil:
		return fromRawState(name, data)
	}
	return nil, sgmap.Errorf(sgmap.EINVALID, "%s is not Terraform JSON: it has neither format_version (terraform show -json) nor version (a state file)", name)
}

// formatError reports a file tfjson rejects: a format version it does not
// read, or values of the wrong type.
func formatError(name, what string, err error) error {
	return sgmap.Errorf(sgmap.EINVALID, "%s: not a Terraform %s sgmap can read: %s", name, what, clip(err.Error()))
}

// fromPlan takes the resources of one side of a plan: "after" (the
// planned values, the default) or "before" (the prior state). Data sources
// read before planning come from the prior state on either side.
func fromPlan(p *tfjson.Plan, side string) *doc {
	d := &doc{source: sgmap.SourceTerraformPlan, version: p.TerraformVersion, config: p.Config,
		variables: p.Variables, timestamp: p.Timestamp}
	seen := map[string]bool{}
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.DeposedKey != "" {
			continue
		}
		v, unknown := rc.Change.After, rc.Change.AfterUnknown
		if side == "before" {
			v, unknown = rc.Change.Before, nil
		}
		values, ok := v.(map[string]any)
		if !ok {
			continue // created (before) or deleted (after): not on this side
		}
		seen[rc.Address] = true
		d.resources = append(d.resources, &res{addr: rc.Address, module: rc.ModuleAddress, mode: string(rc.Mode),
			typ: rc.Type, name: rc.Name, index: rc.Index, values: values, unknown: unknown})
	}
	if p.PriorState != nil && p.PriorState.Values != nil {
		for _, r := range fromModule(p.PriorState.Values.RootModule, nil) {
			if !seen[r.addr] && (r.mode == string(tfjson.DataResourceMode) || (side == "before" && len(p.ResourceChanges) == 0)) {
				d.resources = append(d.resources, r)
			}
		}
	}
	return d
}

// fromModule lists a state module's resources and its children's.
func fromModule(m *tfjson.StateModule, out []*res) []*res {
	if m == nil {
		return out
	}
	for _, r := range m.Resources {
		if r == nil || r.DeposedKey != "" {
			continue
		}
		out = append(out, &res{addr: r.Address, module: m.Address, mode: string(r.Mode), typ: r.Type, name: r.Name,
			index: r.Index, values: r.AttributeValues})
	}
	for _, c := range m.ChildModules {
		out = fromModule(c, out)
	}
	return out
}

// rawState is the state file itself (format version 4). tfjson reads only
// `terraform show -json`; these few fields are all the raw file adds.
type rawState struct {
	Version          int    `json:"version"`
	TerraformVersion string `json:"terraform_version"`
	Resources        []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey   any            `json:"index_key"`
			Attributes map[string]any `json:"attributes"`
			Flat       map[string]any `json:"attributes_flat"`
			Deposed    string         `json:"deposed"`
		} `json:"instances"`
	} `json:"resources"`
}

func fromRawState(name string, data []byte) (*doc, error) {
	var s rawState
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, formatError(name, "state", err)
	}
	d := &doc{source: sgmap.SourceTerraformState, version: s.TerraformVersion}
	if s.Version != 4 {
		d.warnings = append(d.warnings, fmt.Sprintf("%s is a Terraform state of version %d, which sgmap does not read, so nothing in it is drawn: "+
			"only version 4 (Terraform 0.12 and later) is; upgrade it with a current Terraform (terraform init, then terraform show -json)", name, s.Version))
		return d, nil
	}
	flat := 0
	for _, r := range s.Resources {
		for _, in := range r.Instances {
			if in.Deposed != "" {
				continue
			}
			if in.Attributes == nil && in.Flat != nil {
				flat++
				continue
			}
			addr := r.Type + "." + r.Name
			if r.Mode == string(tfjson.DataResourceMode) {
				addr = "data." + addr
			}
			addr += indexSuffix(in.IndexKey)
			if r.Module != "" {
				addr = r.Module + "." + addr
			}
			d.resources = append(d.resources, &res{addr: addr, module: r.Module, mode: r.Mode, typ: r.Type, name: r.Name,
				index: in.IndexKey, values: in.Attributes})
		}
	}
	if flat > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("%d resource instance(s) stored only as flat-mapped attributes_flat (a state upgraded from Terraform 0.11) were left out: run terraform refresh or terraform show -json", flat))
	}
	return d, nil
}

// indexSuffix is how an address writes a count index or for_each key.
func indexSuffix(k any) string {
	switch x := k.(type) {
	case nil:
		return ""
	case string:
		return "[" + strconv.Quote(x) + "]"
	}
	if s := str(k); s != "" {
		return "[" + s + "]"
	}
	return ""
}

// jsonError names the line and column of a syntax error.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		off := syn.Offset
		line := bytes.Count(data[:min(int(off), len(data))], []byte("\n")) + 1
		return sgmap.Errorf(sgmap.EINVALID, "%s is not valid JSON: %s at line %d", name, syn.Error(), line)
	}
	return sgmap.Errorf(sgmap.EINVALID, "%s is not Terraform JSON: %s", name, clip(err.Error()))
}

// clean replaces control and format characters (bidi overrides) and
// invalid UTF-8 with U+FFFD.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// clip shortens hostile text before it goes into a message and replaces
// control and format characters (bidi overrides) with U+FFFD.
func clip(s string) string {
	s = clean(s)
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
