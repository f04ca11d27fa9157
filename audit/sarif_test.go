package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The structs below mirror what the SARIF 2.1.0 schema requires of the
// parts sgmap writes, plus what GitHub code scanning needs (a physical
// location with an artifact URI on every result). They are written from the
// schema, not from sarif.go, so a renamed field fails the test.
type sarifDoc struct {
	Schema  *string `json:"$schema"`
	Version *string `json:"version"`
	Runs    []struct {
		Tool *struct {
			Driver *struct {
				Name           *string `json:"name"`
				InformationURI string  `json:"informationUri"`
				Version        string  `json:"version"`
				Rules          []struct {
					ID               *string `json:"id"`
					Name             string  `json:"name"`
					ShortDescription *struct {
						Text *string `json:"text"`
					} `json:"shortDescription"`
					FullDescription *struct {
						Text *string `json:"text"`
					} `json:"fullDescription"`
					Help *struct {
						Text     *string `json:"text"`
						Markdown string  `json:"markdown"`
					} `json:"help"`
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags             []string `json:"tags"`
						SecuritySeverity string   `json:"security-severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    *string `json:"ruleId"`
			RuleIndex *int    `json:"ruleIndex"`
			Level     string  `json:"level"`
			Message   *struct {
				Text *string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation *struct {
						URI *string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					Name               string `json:"name"`
					FullyQualifiedName string `json:"fullyQualifiedName"`
					Kind               string `json:"kind"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func TestWriteSARIF_Structure(t *testing.T) {
	s := mustDemo(t, "antipattern")
	fs := Run(s, Options{})
	// Add findings of every subject kind and severity.
	fs = append(fs, Run(suppressFixture().mustValid(t), Options{})...)
	fs = append(fs, Finding{ID: IDGroupsPerENI, Severity: Warning, Subject: SubjectENI, SubjectID: "eni-1", Message: "m"},
		Finding{ID: IDAdminPortOpen, Severity: Error, Subject: SubjectRule, SubjectID: "sgr-1", RuleID: "sgr-1",
			GroupID: "sg-1", AccountID: "1", Region: "r", VPCID: "vpc-1", Message: "m"})
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, fs, "1.2.3"); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var doc sarifDoc
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decode SARIF: %v", err)
	}
	if doc.Schema == nil || !strings.Contains(*doc.Schema, "sarif-2.1.0") || doc.Version == nil || *doc.Version != "2.1.0" {
		t.Fatalf("$schema/version = %v/%v, want SARIF 2.1.0", doc.Schema, doc.Version)
	}
	if len(doc.Runs) != 1 || doc.Runs[0].Tool == nil || doc.Runs[0].Tool.Driver == nil {
		t.Fatalf("want one run with tool.driver")
	}
	run := doc.Runs[0]
	d := run.Tool.Driver
	if d.Name == nil || *d.Name != "sgmap" || d.Version != "1.2.3" || !strings.HasPrefix(d.InformationURI, "https://") {
		t.Errorf("driver = %q %q %q", *d.Name, d.Version, d.InformationURI)
	}
	if len(d.Rules) != len(Checks()) {
		t.Errorf("rules = %d, want one per check (%d)", len(d.Rules), len(Checks()))
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	for i, r := range d.Rules {
		if r.ID == nil || r.ShortDescription == nil || r.ShortDescription.Text == nil || r.FullDescription == nil ||
			r.Help == nil || r.Help.Text == nil || r.Help.Markdown == "" || r.Name == "" {
			t.Errorf("rules[%d] lacks id, name, descriptions or help", i)
			continue
		}
		if !strings.HasPrefix(r.HelpURI, "https://") || !strings.HasSuffix(r.HelpURI, "#"+*r.ID) {
			t.Errorf("rules[%d].helpUri = %q, want an absolute URI ending #%s", i, r.HelpURI, *r.ID)
		}
		if !levels[r.DefaultConfiguration.Level] || len(r.Properties.Tags) == 0 {
			t.Errorf("rules[%d] level %q tags %v", i, r.DefaultConfiguration.Level, r.Properties.Tags)
		}
	}
	if len(run.Results) != len(fs) {
		t.Errorf("results = %d, want %d", len(run.Results), len(fs))
	}
	seen := map[string]bool{}
	for i, res := range run.Results {
		if res.RuleID == nil || res.RuleIndex == nil || res.Message == nil || res.Message.Text == nil || *res.Message.Text == "" {
			t.Errorf("results[%d] lacks ruleId, ruleIndex or message.text", i)
			continue
		}
		if *res.RuleIndex < 0 || *res.RuleIndex >= len(d.Rules) || *d.Rules[*res.RuleIndex].ID != *res.RuleID {
			t.Errorf("results[%d] ruleIndex %d does not point at rule %q", i, *res.RuleIndex, *res.RuleID)
		}
		if !levels[res.Level] {
			t.Errorf("results[%d].level = %q", i, res.Level)
		}
		if len(res.Locations) != 1 {
			t.Errorf("results[%d] has %d locations, want 1", i, len(res.Locations))
			continue
		}
		loc := res.Locations[0]
		if loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation == nil ||
			loc.PhysicalLocation.ArtifactLocation.URI == nil || *loc.PhysicalLocation.ArtifactLocation.URI == "" ||
			strings.Contains(*loc.PhysicalLocation.ArtifactLocation.URI, "://") || loc.PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("results[%d] needs a physical location with a relative artifact URI (GitHub rejects others)", i)
		}
		if len(loc.LogicalLocations) != 1 || strings.Count(loc.LogicalLocations[0].FullyQualifiedName, "/") < 3 ||
			loc.LogicalLocations[0].Kind == "" || loc.LogicalLocations[0].Name == "" {
			t.Errorf("results[%d].logicalLocations = %+v, want account/region/vpc/id…", i, loc.LogicalLocations)
		}
		fp := res.PartialFingerprints["sgmapFinding/v1"]
		if fp == "" || seen[fp] {
			t.Errorf("results[%d] fingerprint %q is empty or repeated", i, fp)
		}
		seen[fp] = true
	}
}

func TestWriteSARIF_LevelsAndNames(t *testing.T) {
	fs := []Finding{
		{ID: IDAdminPortOpen, Severity: Error, Subject: SubjectRule, SubjectID: "sgr-9", RuleID: "sgr-9", GroupID: "sg-1",
			GroupName: "bastion", AccountID: "123", Region: "eu-west-1", VPCID: "vpc-1", Message: "open"},
		{ID: IDUnusedGroup, Severity: Info, Subject: SubjectGroup, SubjectID: "sg-2", GroupID: "sg-2", Message: "empty"},
	}
	var buf bytes.Buffer
	if err := WriteSARIFOptions(&buf, fs, SARIFOptions{ToolVersion: "x", ArtifactURI: "snapshots/prod.json"}); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	res := doc.Runs[0].Results
	if res[0].Level != "error" || res[1].Level != "note" {
		t.Errorf("levels = %q, %q; want error, note", res[0].Level, res[1].Level)
	}
	if got := res[0].Locations[0].LogicalLocations[0].FullyQualifiedName; got != "123/eu-west-1/vpc-1/sg-1/sgr-9" {
		t.Errorf("fullyQualifiedName = %q", got)
	}
	if got := res[1].Locations[0].LogicalLocations[0].FullyQualifiedName; got != "-/-/-/sg-2" {
		t.Errorf("fullyQualifiedName with unknown parts = %q", got)
	}
	if got := *res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "snapshots/prod.json" {
		t.Errorf("artifact URI = %q, want the ArtifactURI option", got)
	}
}
