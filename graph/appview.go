package graph

import (
	"strings"

	"github.com/sgmap/sgmap"
)

// onlyApp cuts the graph down to one application's groups (see
// Options.App): TODO(map) neighbours as their app's box.
func (b *builder) onlyApp(name string) error {
	a := b.assignment()
	var app *App
	for i := range a.apps {
		if ap := &a.apps[i]; ap.Name == name || ap.ID == name || strings.EqualFold(ap.Name, name) {
			app = ap
			break
		}
	}
	if app == nil {
		names := make([]string, 0, len(a.apps))
		for _, ap := range a.apps {
			names = append(names, ap.Name)
		}
		return sgmap.Errorf(sgmap.ENOTFOUND, "no application %q in %s (applications: %s)", clipRunes(name, 80), b.vpc, listIDs(names))
	}
	_ = app
	return nil
}
