package audit

import (
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

func mustDemo(t *testing.T, name string) *sgmap.Snapshot {
	t.Helper()
	s, err := demo.Get(name)
	if err != nil {
		t.Fatalf("demo.Get(%q): %v", name, err)
	}
	return s
}

func TestRun_Print(t *testing.T) {
	for _, n := range []string{"article", "antipattern"} {
		for _, f := range Run(mustDemo(t, n), Options{}) {
			t.Logf("%s %s %s %s %s: %s", n, f.Severity, f.ID, f.SubjectID, f.GroupName, f.Message)
		}
	}
}
