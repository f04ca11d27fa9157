package sgmap

import (
	"runtime/debug"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "devel"},
		{"go install @version", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203114000-0123456789ab"}}, "v0.0.0-20261203114000-0123456789ab"},
		{"checkout, clean", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("c795044a1b2c3d4e5f60718293a4b5c6d7e8f901", "false")}, "devel+c795044a1b2c"},
		{"checkout, dirty", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("c795044a1b2c3d4e5f60718293a4b5c6d7e8f901", "true")}, "devel+c795044a1b2c.dirty"},
		{"no vcs", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
	}
	for _, tt := range tests {
		if got := BuildVersion(tt.info); got != tt.want {
			t.Errorf("%s: BuildVersion = %q, want %q", tt.name, got, tt.want)
		}
	}
	if Version == "" || Version == "0.1.0-dev" {
		t.Errorf("Version = %q: it should come from the build information", Version)
	}
}
