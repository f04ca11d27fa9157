package main

import (
	"encoding/xml"
	"os/exec"
	"strings"
	"testing"
)

// TestRender_Drawio: -format drawio writes a well-formed draw.io file of
// the diagram, and with -redact none of the hostile fixture's strings.
func TestRender_Drawio(t *testing.T) {
	r := mustRun(t, nil, "render", "-demo", "article", "-format", "drawio")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "<mxfile ") {
		t.Fatalf("exit %d, %.80q, %s", r.code, r.stdout, r.stderr)
	}
	if err := xml.Unmarshal([]byte(r.stdout), new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if !strings.Contains(r.stdout, `label="game-servers-production"`) {
		t.Error("the article's groups are not in the file")
	}
	secrets := fixtureSecrets(t)
	for _, view := range []string{"overview", "detail", "map"} {
		r := mustRun(t, nil, "render", "-format", "drawio", "-view", view, "-snapshot", redactFixture,
			"-redact", "-redact-key", "k1", "-vpc", "vpc-0a0a0a0a0a0a0a0a1")
		if r.code != exitOK || !strings.Contains(r.stdout, "<mxCell") {
			t.Fatalf("%s: exit %d, %s", view, r.code, r.stderr)
		}
		for _, s := range secrets {
			if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
				t.Errorf("%s: redacted draw.io holds %q", view, s)
			}
		}
	}
}

// TestRender_DrawioDiff: -diff-from with -format drawio keeps the visual
// diff's colours (added green, removed red and dashed) on its cells.
func TestRender_DrawioDiff(t *testing.T) {
	before, after := writeArticleFiles(t)
	r := mustRun(t, nil, "render", "-snapshot", after, "-diff-from", before, "-view", "detail", "-format", "drawio")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "<mxfile ") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "strokeColor=#1e8e3e;") && !strings.Contains(r.stdout, "strokeColor=#c0392b;") {
		t.Error("no added or removed colour in the diff's draw.io file")
	}
}

// TestRender_DrawioNative: the native dot's SVG (another Graphviz
// version) converts too, with one edge per graph edge.
func TestRender_DrawioNative(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("no native dot on PATH (apt-get install graphviz)")
	}
	r := mustRun(t, nil, "render", "-demo", "antipattern", "-renderer", "native", "-view", "detail", "-format", "drawio")
	if r.code != exitOK || xml.Unmarshal([]byte(r.stdout), new(struct{})) != nil {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	j := mustRun(t, nil, "render", "-demo", "antipattern", "-view", "detail", "-format", "json")
	if got, want := strings.Count(r.stdout, `edge="1"`), strings.Count(j.stdout, `"effective":`); got != want || got == 0 {
		t.Errorf("%d edges in the draw.io file, the graph has %d", got, want)
	}
}
