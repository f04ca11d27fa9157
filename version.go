package sgmap

import "runtime/debug"

// Version is the sgmap release. A release build sets it at link time with
// -ldflags "-X github.com/sgmap/sgmap.Version=v1.2.3"; otherwise it comes
// from the build information the go command records: the module version
// of a `go install github.com/sgmap/sgmap/cmd/sgmap@v1.2.3` build, or
// "devel+<commit>[.dirty]" for a build from a checkout. See [BuildVersion].
var Version string

func init() {
	if Version == "" {
		info, _ := debug.ReadBuildInfo()
		Version = BuildVersion(info)
	}
}

// BuildVersion derives a version from build information: the main module's
// version when the go command knows one (a tagged or pseudo-version),
// else "devel" with the VCS revision (12 hex digits) and ".dirty" when the
// checkout had uncommitted changes. A nil info gives "devel".
func BuildVersion(info *debug.BuildInfo) string {
	if info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		v += "+" + rev[:min(12, len(rev))]
		if dirty {
			v += ".dirty"
		}
	}
	return v
}
