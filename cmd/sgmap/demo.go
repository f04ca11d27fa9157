package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

func runDemo(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "demo", "[-o FILE] [-scale N] [NAME]", `
Without NAME, list the embedded demos. With NAME, print that demo's snapshot
JSON (the same format collect and import write), e.g. to start a test
snapshot of your own from it. -scale N makes the large demo N times bigger
(N times the applications of each VPC, so about N times the groups, rules
and ENIs); the same N always gives the same bytes.`)
	out := fs.String("o", "", "write to `file` instead of standard output")
	scale := fs.Int("scale", 1, "with large: an account `N` times its size")
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	switch len(rest) {
	case 0:
		for _, d := range demo.All() {
			fmt.Fprintf(e.stdout, "%-12s %s\n", d.Name, d.Description)
		}
		return nil
	case 1:
		if *scale < 1 {
			return usagef("-scale must be at least 1, not %d", *scale)
		}
		s, err := demo.GetScaled(rest[0], *scale)
		if err != nil {
			return usagef("%s", sgmap.ErrorMessage(err))
		}
		return writeOutput(e, *out, s.Encode)
	}
	return usagef("demo takes at most one NAME")
}

func runVersion(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "version", "", `
Print sgmap's version and the snapshot schema version it reads and writes.
Also: sgmap --version, sgmap -v. The version is the module version of a
go install …@vX.Y.Z build, or devel+<commit> for a build from a checkout.`)
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	_, err := io.WriteString(e.stdout, fmt.Sprintf("sgmap %s (snapshot schema %s)\n", sgmap.Version, sgmap.SchemaVersion))
	return err
}

func versionString() string { return sgmap.Version }
