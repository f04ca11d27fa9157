package main

import (
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const redactFixture = "../../testdata/redact-hostile.snapshot.json"

// redactVocabulary are the fixture's strings that are not secrets (enums,
// the region); every other string must vanish from redacted output.
var redactVocabulary = []string{"1.0", "aws-api", "eu-west-1", "eu-west-1a", "ingress", "egress", "tcp", "udp", "-1",
	"ipv4", "ipv6", "group", "prefix-list", "active", "default", "Name", "app", "interface", "in-use", "instance",
	"rds", "load-balancer", "autoscaling-group", "t3.micro", "instance_type", "engine", "postgres", "application",
	"internet-facing", "HTTPS", "HTTP", "IPv4", "ecs", "DescribeTasks", "UnauthorizedOperation", "ecs:DescribeTasks",
	"0.0.0.0/0", "2026-11-20T12:00:00Z"}

// fixtureSecrets are the secret strings of the fixture, each with its
// alphanumeric core (what survives HTML, XML or CSV escaping).
func fixtureSecrets(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(redactFixture)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	core := regexp.MustCompile(`^Zq[a-z0-9]+`)
	var out []string
	var walk func(any, bool)
	walk = func(v any, keys bool) {
		switch x := v.(type) {
		case string:
			if !slices.Contains(redactVocabulary, x) {
				out = append(out, x)
				if c := core.FindString(x); c != "" {
					out = append(out, c)
				}
			}
		case []any:
			for _, e := range x {
				walk(e, false)
			}
		case map[string]any:
			for k, e := range x {
				if keys {
					walk(k, false)
				}
				walk(e, k == "tags" || k == "detail")
			}
		}
	}
	walk(v, false)
	return out
}

// TestRedact_NoOriginalInAnyOutput runs every output of render, lint and
// rules on the hostile fixture with -redact and greps for its strings.
func TestRedact_NoOriginalInAnyOutput(t *testing.T) {
	secrets := fixtureSecrets(t)
	if plain := mustRun(t, nil, "rules", "-snapshot", redactFixture); !strings.Contains(plain.stdout, "Zqwebname") || len(secrets) < 80 {
		t.Fatalf("the fixture's secrets (%d) do not show in plain output", len(secrets))
	}
	outputs := [][]string{
		{"render", "-format", "svg"}, {"render", "-format", "dot"}, {"render", "-format", "json"},
		{"render", "-format", "svg", "-view", "detail"}, {"render", "-format", "json", "-view", "detail", "-egress"},
		{"render", "-format", "json", "-view", "map"},
		{"lint", "-format", "text"}, {"lint", "-format", "json"}, {"lint", "-format", "sarif"}, {"lint", "-format", "json-lines"},
		{"rules", "-format", "csv"}, {"rules", "-format", "md"}, {"rules", "-format", "json"},
		{"render", "-format", "drawio"}, {"render", "-format", "drawio", "-view", "detail"}, {"render", "-format", "drawio", "-view", "map"},
		{"render", "-format", "mermaid"}, {"render", "-format", "mermaid", "-view", "detail"}, {"render", "-format", "mermaid", "-view", "map"},
		{"render", "-format", "pdf"}, {"render", "-format", "pdf", "-view", "detail"}, {"render", "-format", "pdf", "-view", "map"},
	}
	for _, args := range outputs {
		full := append(slices.Clone(args), "-snapshot", redactFixture, "-redact", "-redact-key", "k1", "-vpc", "vpc-0a0a0a0a0a0a0a0a1")
		if args[0] != "render" {
			full = full[:len(full)-2]
		}
		r := mustRun(t, nil, full...)
		if r.code != exitOK && r.code != exitFindings || r.stdout == "" {
			t.Fatalf("%v: exit %d, %q", args, r.code, r.stderr)
		}
		texts := []string{r.stdout, r.stderr}
		if slices.Contains(args, "pdf") {
			// The raw bytes above, and the text as a PDF reader extracts it.
			texts = append(texts, pdfToText(t, r.stdout))
		}
		for _, s := range secrets {
			for _, text := range texts {
				if strings.Contains(text, s) {
					t.Errorf("%v: output holds %q", args, s)
					break
				}
			}
		}
	}
}

// pdfToText is poppler's pdftotext of pdf; missing, it fails under CI=true
// (scripts/install-test-deps.sh installs it) and skips otherwise.
func pdfToText(t *testing.T, pdf string) string {
	t.Helper()
	tool := needTool(t, "sudo apt-get install -y poppler-utils", "pdftotext")
	cmd := exec.Command(tool, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil || !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("pdftotext: %v (starts %.8q)", err, pdf)
	}
	if len(strings.Fields(string(out))) < 5 {
		t.Fatalf("pdftotext read almost nothing: %q", out)
	}
	return string(out)
}

// TestRedact_PNG: a redacted PNG renders; the same key gives the same
// bytes, another key other bytes (the labels differ), plain other still.
func TestRedact_PNG(t *testing.T) {
	render := func(extra ...string) string {
		r := mustRun(t, nil, append([]string{"render", "-snapshot", redactFixture, "-vpc", "vpc-0a0a0a0a0a0a0a0a1", "-view", "detail", "-format", "png"}, extra...)...)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "\x89PNG\r\n\x1a\n") {
			t.Fatalf("%v: exit %d, %q, starts %.8q", extra, r.code, r.stderr, r.stdout)
		}
		if _, err := png.Decode(strings.NewReader(r.stdout)); err != nil {
			t.Fatalf("%v: %v", extra, err)
		}
		return r.stdout
	}
	plain, a, b, c := render(), render("-redact", "-redact-key", "k1"), render("-redact", "-redact-key", "k1"), render("-redact", "-redact-key", "k2")
	if a != b {
		t.Error("the same key gave different PNG bytes")
	}
	if a == c || a == plain {
		t.Error("another key, or no redaction, gave the same PNG bytes")
	}
}

// TestRedact_StructureAndKey: redacted graph JSON has the groups, nodes,
// edges and kinds of the plain one; the same key gives the same bytes and
// another key other pseudonyms; no key prints a random one.
func TestRedact_StructureAndKey(t *testing.T) {
	render := func(extra ...string) result {
		r := mustRun(t, nil, append([]string{"render", "-snapshot", redactFixture, "-view", "detail", "-format", "json"}, extra...)...)
		if r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", extra, r.code, r.stderr)
		}
		return r
	}
	shape := func(doc string) map[string]int {
		var g struct {
			Groups []struct{ Members []string }
			Nodes  []struct{ Kind string }
			Edges  []struct{ Kind string }
		}
		if err := json.Unmarshal([]byte(doc), &g); err != nil {
			t.Fatal(err)
		}
		m := map[string]int{"groups": len(g.Groups)}
		for _, x := range g.Groups {
			m["members"] += len(x.Members)
		}
		for _, n := range g.Nodes {
			m["node "+n.Kind]++
		}
		for _, e := range g.Edges {
			m["edge "+e.Kind]++
		}
		return m
	}
	plain, a, b, c := render(), render("-redact", "-redact-key", "k1"), render("-redact", "-redact-key", "k1"), render("-redact", "-redact-key", "k2")
	if got, want := shape(a.stdout), shape(plain.stdout); !mapsEqual(got, want) || want["groups"] < 2 {
		t.Errorf("redacted shape %v, want %v", got, want)
	}
	if a.stdout != b.stdout {
		t.Error("the same key gave different bytes")
	}
	if a.stdout == c.stdout {
		t.Error("another key gave the same bytes")
	}
	d := render("-redact")
	if !strings.Contains(d.stderr, "redaction key") || d.stdout == a.stdout {
		t.Errorf("no key: stderr %q", d.stderr)
	}
	if r := mustRun(t, nil, "render", "-demo", "article", "-redact-key", "x"); r.code != exitUsage {
		t.Errorf("-redact-key without -redact: exit %d", r.code)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
