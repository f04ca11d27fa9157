package terraform_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// hostile holds what a name, description or tag must never do to a
// diagram: markup, DOT quoting, bidi overrides, control characters.
const hostile = `<script>alert(1)</script>" ] ; label="x" \N \" {{.}} ` + "\u202E\x00\x1b[31m" + `&amp;`

// TestRead_Hostile runs hostile strings in every Terraform text field
// through the reader and into the DOT: the snapshot keeps them verbatim
// (escaping is the drawing's job), stays valid, and the DOT keeps them
// inside quoted strings.
func TestRead_Hostile(t *testing.T) {
	long := strings.Repeat("ünïcode ", 5000)
	sg := map[string]any{"id": "sg-1", "name": hostile, "description": long, "vpc_id": "vpc-1",
		"tags": map[string]any{hostile: hostile},
		"ingress": []any{map[string]any{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []any{"0.0.0.0/0", hostile},
			"security_groups": []any{hostile}, "description": hostile, "self": false}}}
	inst := map[string]any{"id": "i-1", "vpc_security_group_ids": []any{"sg-1"}, "tags": map[string]any{"Name": hostile}}
	doc := map[string]any{"version": 4, "resources": []any{
		map[string]any{"mode": "managed", "type": "aws_security_group", "name": "web", "instances": []any{map[string]any{"attributes": sg}}},
		map[string]any{"mode": "managed", "type": "aws_instance", "name": hostile, "instances": []any{map[string]any{"index_key": hostile, "attributes": inst}}},
		map[string]any{"mode": "managed", "type": hostile, "name": "x", "instances": []any{map[string]any{"attributes": map[string]any{}}}},
	}}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := readString("hostile.tfstate", string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Groups) != 1 || s.Groups[0].Name != hostile || s.Groups[0].Description != long || s.Groups[0].Tags[hostile] != hostile {
		t.Fatalf("group = %+v, want its name, description and tags verbatim", s.Groups)
	}
	if len(s.Owners) != 1 || s.Owners[0].Name != hostile {
		t.Fatalf("owners = %+v, want the instance named verbatim", s.Owners)
	}
	for _, w := range s.Warnings {
		if len(w.Message) > 4000 {
			t.Errorf("a warning of %d bytes: hostile text is not clipped", len(w.Message))
		}
	}
	if !hasWarning(s, "rules that AWS could not have returned") {
		t.Errorf("the hostile CIDR was not named as left out: %v", s.Warnings)
	}
	g, err := graph.Build(s, "vpc-1", graph.Options{View: graph.Detail})
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := graph.WriteDOT(&dot, g); err != nil {
		t.Fatal(err)
	}
	svg, err := render.NewWasm().SVG(t.Context(), dot.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := svgcheck.CheckSafe(svg); err != nil {
		t.Error(err)
	}
	parsed, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.Clusters) == 0 || len(parsed.Nodes) == 0 {
		t.Errorf("the SVG lost the group or the instance: %d clusters, %d nodes", len(parsed.Clusters), len(parsed.Nodes))
	}
	for _, w := range s.Warnings {
		if strings.ContainsAny(w.Message, "\x00\x1b\u202E") {
			t.Errorf("a warning carries control or bidi characters: %q", w.Message)
		}
	}
}
