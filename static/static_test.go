package static

import (
	"regexp"
	"strings"
	"testing"
)

// TestCSSBalanced fails when a rule of app.css lost its closing brace (a
// merge that drops one line turns every later rule into garbage the
// browser ignores, silently).
func TestCSSBalanced(t *testing.T) {
	b, err := FS.ReadFile("css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	depth := 0
	for i, line := range strings.Split(css, "\n") {
		depth += strings.Count(line, "{") - strings.Count(line, "}")
		if depth < 0 {
			t.Fatalf("app.css line %d (comments removed): a } closes nothing", i+1)
		}
	}
	if depth != 0 {
		t.Fatalf("app.css leaves %d rule(s) open", depth)
	}
}
