package main

import (
	"os"
	"strings"
	"testing"
)

// TestDocsCLI_NamesEveryFlag keeps docs/cli.md true: every command and
// every flag its -h explains appears there.
func TestDocsCLI_NamesEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, c := range commands() {
		if c.hidden {
			continue
		}
		if !strings.Contains(doc, "### `"+c.name+"`") {
			t.Errorf("docs/cli.md has no section for %s", c.name)
		}
		r := mustRun(t, nil, c.name, "-h")
		for _, f := range helpFlags(r.stderr) {
			if !strings.Contains(doc, "`-"+f+"`") && !strings.Contains(doc, "`-"+f+",") {
				t.Errorf("docs/cli.md does not name %s's flag -%s", c.name, f)
			}
		}
	}
}
