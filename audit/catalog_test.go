package audit

import (
	"os"
	"strings"
	"testing"
)

// TestChecks_Contract pins the finding ids and severities of DESIGN.md's
// "Findings" table: they are a contract with the dashboard and CI users.
func TestChecks_Contract(t *testing.T) {
	want := map[string]Severity{
		"name-describes-rules": Warning, "same-members": Warning, "cidr-matches-group": Warning,
		"wide-source": Warning, "admin-port-open": Error, "missing-description": Warning,
		"group-description": Info, "dangling-reference": Error, "one-sided": Info,
		"default-group-in-use": Warning, "unused-group": Info, "groups-per-eni": Warning,
		"incomplete-snapshot": Warning,
		"internet-exposed":    Info, // DESIGN.md "Reachability": error for admin and database ports
	}
	cs := Checks()
	if len(cs) != len(want) || len(checks) != len(want) {
		t.Errorf("Checks() = %d, checks run = %d, want %d", len(cs), len(checks), len(want))
	}
	for i, c := range cs {
		if sev, ok := want[c.ID]; !ok || sev != c.Severity {
			t.Errorf("check %q severity %q; DESIGN.md says %q", c.ID, c.Severity, sev)
		}
		if checks[i].id != c.ID {
			t.Errorf("checks[%d] runs %q but the catalog lists %q there", i, checks[i].id, c.ID)
		}
		if c.Name == "" || c.Short == "" || c.Full == "" || len(c.Tags) == 0 {
			t.Errorf("check %q lacks a name, descriptions or tags", c.ID)
		}
	}
}

// TestChecks_Documented: every finding's HelpURI anchor exists in
// docs/findings.md, with the four parts each section promises.
func TestChecks_Documented(t *testing.T) {
	b, err := os.ReadFile("../docs/findings.md")
	if err != nil {
		t.Skipf("docs/findings.md not found: %v", err)
	}
	doc := string(b)
	for _, c := range Checks() {
		_, section, ok := strings.Cut(doc, "\n## "+c.ID+"\n")
		if !ok {
			t.Errorf("docs/findings.md has no section \"## %s\" (the anchor of %s)", c.ID, HelpURI(c.ID))
			continue
		}
		section, _, _ = strings.Cut(section, "\n## ")
		for _, part := range []string{"**What.**", "**Why.**", "**Fix.**", "**Suppress.**"} {
			if !strings.Contains(section, part) {
				t.Errorf("docs/findings.md section %s lacks %s", c.ID, part)
			}
		}
	}
}
