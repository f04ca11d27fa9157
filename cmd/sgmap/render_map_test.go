package main

import (
	"encoding/json"
	"testing"

	"github.com/sgmap/sgmap/demo"
)

// TestRender_DefaultView checks render without -view draws the article as
// its overview and a VPC of the large demo as its map, with apps; and that
// -app opens one application's overview.
func TestRender_DefaultView(t *testing.T) {
	s, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	vpc := s.VPCIDs()[0]
	tests := []struct {
		name     string
		args     []string
		view     string
		wantApps bool
	}{
		{"article", []string{"render", "-demo", "article", "-format", "json"}, "overview", false},
		{"large", []string{"render", "-demo", "large", "-vpc", vpc, "-format", "json"}, "map", true},
		{"large app", []string{"render", "-demo", "large", "-vpc", vpc, "-app", "web", "-format", "json"}, "overview", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRun(t, nil, tt.args...)
			if r.code != 0 {
				t.Fatalf("sgmap %v: exit %d: %s", tt.args, r.code, r.stderr)
			}
			var g struct {
				View string            `json:"view"`
				App  string            `json:"app"`
				Apps []json.RawMessage `json:"apps"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
				t.Fatal(err)
			}
			if g.View != tt.view || (len(g.Apps) > 0) != tt.wantApps {
				t.Errorf("sgmap %v: view %q with %d apps; want %q, apps: %v", tt.args, g.View, len(g.Apps), tt.view, tt.wantApps)
			}
			if tt.name == "large app" && g.App != "web" {
				t.Errorf("sgmap %v: app %q, want web", tt.args, g.App)
			}
		})
	}
}
