package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// SARIF output (SARIF 2.1.0, the subset GitHub code scanning reads).
//
// GitHub rejects a result whose location has only logicalLocations
// ("expected a physical location", "expected artifact location"), so each
// result also gets a physicalLocation. Findings are about AWS resources, not
// files: the artifact URI is [SARIFOptions].ArtifactURI when the caller knows
// the snapshot file's path in the repository, else a stable pseudo-path
// aws/<account>/<region>/<vpc>/<sg-or-eni-id> so that GitHub groups alerts by
// group. When the snapshot came from a design-time input (Terraform with
// -tf-dir, CloudFormation), the finding's [sgmap.Location] wins: the
// artifact is the .tf file or template and the region its line, so code
// scanning annotates the pull request's lines. The logicalLocations carry the real address
// (<account>/<region>/<vpc>/<sg-id>[/<rule-id>]), and partialFingerprints a
// hash of the finding id and that address, so alerts stay the same alert
// across runs.

// SARIFSchema is the $schema written into SARIF files.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// InformationURI is sgmap's home page, for SARIF's tool.driver.
const InformationURI = "https://github.com/sgmap/sgmap"

// SARIFOptions tune [WriteSARIFOptions].
type SARIFOptions struct {
	ToolVersion string
	// ArtifactURI is the repository-relative path of the snapshot file the
	// findings came from (lint -snapshot FILE); empty means a pseudo-path
	// per group.
	ArtifactURI string
}

// WriteSARIF writes fs as a SARIF 2.1.0 log for GitHub code scanning and
// other SARIF viewers. It returns the first write error.
func WriteSARIF(w io.Writer, fs []Finding, toolVersion string) error {
	return WriteSARIFOptions(w, fs, SARIFOptions{ToolVersion: toolVersion})
}

// WriteSARIFOptions is [WriteSARIF] with options.
func WriteSARIFOptions(w io.Writer, fs []Finding, opt SARIFOptions) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(buildSARIF(fs, opt)); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifHelp      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// securitySeverity feeds GitHub's security severity (0-10) for checks
// tagged "security".
var securitySeverity = map[string]string{IDAdminPortOpen: "8.0", IDWideSource: "5.0", IDDefaultGroupInUse: "4.0"}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

func buildSARIF(fs []Finding, opt SARIFOptions) sarifLog {
	index := map[string]int{}
	var rules []sarifRule
	for i, c := range catalog {
		index[c.ID] = i
		props := map[string]any{"tags": c.Tags}
		if v, ok := securitySeverity[c.ID]; ok {
			props["security-severity"] = v
		}
		rules = append(rules, sarifRule{
			ID: c.ID, Name: c.Name,
			ShortDescription:     sarifText{c.Short},
			FullDescription:      sarifText{c.Full},
			Help:                 sarifHelp{Text: c.Full + " See " + HelpURI(c.ID), Markdown: fmt.Sprintf("%s\n\n[%s](%s)", c.Full, c.ID, HelpURI(c.ID))},
			HelpURI:              HelpURI(c.ID),
			DefaultConfiguration: sarifConfig{sarifLevel(c.Severity)},
			Properties:           props,
		})
	}
	results := []sarifResult{}
	for _, f := range fs {
		i, ok := index[f.ID]
		if !ok {
			continue
		}
		fqn := qualifiedName(f)
		uri, line := opt.ArtifactURI, 1
		if uri == "" {
			uri = pseudoPath(f)
		}
		if f.Location.File != "" {
			uri, line = sarifURI(f.Location.File), max(f.Location.Line, 1)
		}
		name, kind := f.GroupName, "resource"
		switch f.Subject {
		case SubjectRule:
			name, kind = f.RuleID, "member"
		case SubjectENI, SubjectOwner:
			name = f.SubjectID
		}
		if name == "" {
			name = f.SubjectID
		}
		sum := sha256.Sum256([]byte(f.ID + "\x00" + fqn + "\x00" + strings.Join(f.Related, ",")))
		results = append(results, sarifResult{
			RuleID: f.ID, RuleIndex: i, Level: sarifLevel(f.Severity),
			Message: sarifText{f.Message},
			Locations: []sarifLocation{{
				PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}, Region: sarifRegion{StartLine: line}},
				LogicalLocations: []sarifLogical{{Name: name, FullyQualifiedName: fqn, Kind: kind}},
			}},
			PartialFingerprints: map[string]string{"sgmapFinding/v1": hex.EncodeToString(sum[:16])},
		})
	}
	return sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{{
		Tool:    sarifTool{Driver: sarifDriver{Name: "sgmap", InformationURI: InformationURI, Version: opt.ToolVersion, Rules: rules}},
		Results: results,
	}}}
}

// qualifiedName is <account>/<region>/<vpc>/<sg-id>[/<rule-id>], with "-"
// for parts the snapshot does not know, or …/<eni-id> for an ENI.
func qualifiedName(f Finding) string {
	parts := []string{orDash(f.AccountID), orDash(f.Region), orDash(f.VPCID)}
	switch f.Subject {
	case SubjectRule:
		parts = append(parts, orDash(f.GroupID), f.RuleID)
	case SubjectGroup:
		parts = append(parts, f.GroupID)
	default:
		parts = append(parts, f.SubjectID)
	}
	return strings.Join(parts, "/")
}

// sarifURI makes a location's file a relative URI reference: each path
// segment escaped, so a name with spaces or '#' stays one path.
func sarifURI(file string) string {
	parts := strings.Split(file, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// pseudoPath is aws/<account>/<region>/<vpc>/<sg-or-eni-id>, each part
// path-escaped.
func pseudoPath(f Finding) string {
	last := f.GroupID
	if last == "" {
		last = f.SubjectID
	}
	parts := []string{"aws"}
	for _, p := range []string{orDash(f.AccountID), orDash(f.Region), orDash(f.VPCID), orDash(last)} {
		parts = append(parts, url.PathEscape(p))
	}
	return strings.Join(parts, "/")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
