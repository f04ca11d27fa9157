// Package demo holds the snapshots sgmap ships with, so that it can be tried
// without an AWS account: the article's final design, its anti-pattern, and
// a deterministic synthetic account for scale work.
package demo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// Demo is one embedded demo snapshot.
type Demo struct {
	Name        string
	Description string
	build       func() *sgmap.Snapshot
}

var demos = []Demo{
	{Name: "article", Description: "the article's final design (config #5): enclosures named for what they contain", build: Article},
	{Name: "antipattern", Description: "the article's first designs (configs #1-#3): groups named for the rules they hold", build: Antipattern},
	{Name: "large", Description: "a deterministic synthetic account: 3 VPCs, 600+ groups, 5,000+ ENIs, 8,000+ rules", build: Large},
}

// All returns every demo, in the order `sgmap demo` lists them.
func All() []Demo { return slices.Clone(demos) }

// Names returns the demo names.
func Names() []string {
	out := make([]string, len(demos))
	for i, d := range demos {
		out[i] = d.Name
	}
	return out
}

// Get returns a fresh copy of the named demo's snapshot, normalised, with ID
// demo-<name>. An unknown name is an [sgmap.ENOTFOUND] error that lists the
// demos.
func Get(name string) (*sgmap.Snapshot, error) {
	for _, d := range demos {
		if d.Name == name {
			s := d.build()
			s.ID = "demo-" + name
			s.Source = "demo"
			s.Normalize()
			return s, nil
		}
	}
	return nil, sgmap.Errorf(sgmap.ENOTFOUND, "no demo named %q (demos: %s)", name, strings.Join(Names(), ", "))
}

// GetScaled is [Get] for a demo n times its size: only the large demo
// scales ([LargeScale]); its ID is demo-large-x<n> for n > 1. n ≤ 1 is
// [Get]. Another demo with n > 1 is an [sgmap.EINVALID] error.
func GetScaled(name string, n int) (*sgmap.Snapshot, error) {
	if n <= 1 {
		return Get(name)
	}
	if name != "large" {
		if _, err := Get(name); err != nil {
			return nil, err
		}
		return nil, sgmap.Errorf(sgmap.EINVALID, "only the large demo scales, not %q", name)
	}
	s := LargeScale(n)
	s.ID = fmt.Sprintf("demo-large-x%d", n)
	s.Source = "demo"
	s.Normalize()
	return s, nil
}
