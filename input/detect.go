// Package input reads every file format sgmap draws and is the one place
// that `sgmap import`, `-snapshot FILE` and dashboard uploads go through.
//
// [Detect] names a file's format from its first bytes and its name, the
// way miniflux's DetectFeedFormat tells RSS from Atom; [Options.Import]
// walks files and folders, detects each file, and hands each format's files
// to the one entry point of that format's package (awscli, terraform, …).
// docs/architecture.md says how to add a format.
package input

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/sgmap/sgmap"
)

// Format names an input format. The values are those of
// [sgmap.Snapshot.Source] for the formats that convert to a snapshot.
type Format string

// The formats sgmap reads.
const (
	// Unknown is a file no reader claims.
	Unknown Format = ""
	// Snapshot is sgmap's own snapshot JSON (collect, import, the store).
	Snapshot Format = "snapshot"
	// AWSCLI is JSON printed by AWS CLI describe commands; it is also the
	// fallback for JSON that no other format claims, so that the AWS CLI
	// reader can say what it did not recognise.
	AWSCLI Format = sgmap.SourceAWSCLI
	// TerraformState is a raw terraform.tfstate or `terraform show -json`
	// of state.
	TerraformState Format = sgmap.SourceTerraformState
	// TerraformPlan is `terraform show -json` of a saved plan.
	TerraformPlan Format = sgmap.SourceTerraformPlan
	// CloudFormation is a CloudFormation template, JSON or YAML.
	CloudFormation Format = sgmap.SourceCloudFormation
)

// sniffBytes bounds how much of a file [Detect] looks at.
const sniffBytes = 1 << 20

// Detect returns the format of a file from its name and content. Only the
// first MiB is read, and only the top-level keys of a JSON object matter:
//
//   - schema_version: [Snapshot];
//   - format_version with planned_values, resource_changes or
//     prior_state: [TerraformPlan]; format_version otherwise (values,
//     or an empty state): [TerraformState];
//   - version with lineage, serial or terraform_version: [TerraformState]
//     (the raw state file; its reader rejects versions other than 4);
//   - AWSTemplateFormatVersion or Resources: [CloudFormation];
//   - any other JSON object or list: [AWSCLI].
//
// Content that is not JSON is [CloudFormation] when its name ends in
// .yaml, .yml or .template or it names AWSTemplateFormatVersion, and
// [Unknown] otherwise.
func Detect(name string, data []byte) Format {
	head := data[:min(len(data), sniffBytes)]
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return AWSCLI
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		ext := strings.ToLower(filepath.Ext(name))
		if ext == ".yaml" || ext == ".yml" || ext == ".template" || bytes.Contains(head, []byte("AWSTemplateFormatVersion")) {
			return CloudFormation
		}
		return Unknown
	}
	keys := topLevelKeys(trimmed)
	switch {
	case keys["schema_version"]:
		return Snapshot
	case keys["format_version"] && (keys["planned_values"] || keys["resource_changes"] || keys["prior_state"]):
		return TerraformPlan
	case keys["format_version"] && (keys["values"] || keys["terraform_version"]):
		return TerraformState
	case keys["version"] && (keys["lineage"] || keys["serial"] || keys["terraform_version"]):
		return TerraformState
	case keys["AWSTemplateFormatVersion"] || keys["Resources"]:
		return CloudFormation
	}
	return AWSCLI
}

// topLevelKeys returns the keys of the JSON object at the start of data,
// as far as data goes: a truncated or broken object gives the keys before
// the break, and the reader of the format reports the error.
func topLevelKeys(data []byte) map[string]bool {
	keys := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return keys
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := t.(string)
		if !ok {
			return keys
		}
		keys[k] = true
		if skipValue(dec) != nil {
			return keys
		}
	}
	return keys
}

// skipValue reads one JSON value from dec without keeping it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}
