package main

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/diff"
)

// diffSynopsis names every flag of sgmap diff (a test checks it).
const diffSynopsis = "(-snapshot A | -demo NAME) -snapshot B | -plan PLAN [-vpc ID] [-format text|json|md|svg|sarif] [-fail-on info|warning|error] [-o FILE]"

func runDiff(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "diff", diffSynopsis, `
Compare two snapshots, the older first: per VPC, the groups added, removed
or renamed, the rules added, removed or changed (matched by rule id, else by
content: a rule whose id changed but not what it admits is no change), the
owners added or removed, the owners that joined or left a group, and the
findings the change introduced or resolved (the audit runs on both sides).
docs/diff.md explains the matching and the formats.

-format md is a pull-request comment: a summary line, the new findings, a
table of rule changes with their descriptions. -format sarif lists the
introduced findings only, for GitHub code scanning. -format svg draws one
VPC's visual diff (the one -vpc names, else the only VPC that changed):
added in green, removed in red and dashed, changed in amber with the old
and new label, the rest grey.

-plan reads a Terraform plan (terraform show -json) and compares its
before with its after: what applying the plan changes.

Exit code 3 when an introduced finding reaches -fail-on.`)
	var snaps stringsFlag
	fs.Var(&snaps, "snapshot", "snapshot `file` (or anything import reads); give it twice, older first, or once after -demo")
	demoName := fs.String("demo", "", "use the embedded demo `name` as the older side")
	plan := fs.String("plan", "", "compare a Terraform plan's before with its after: the plan `file` (terraform show -json; - for standard input)")
	vpc := fs.String("vpc", "", "compare only the VPC `id`")
	format := fs.String("format", "text", "output `format`: text, json, md (pull-request comment), svg (one VPC's visual diff) or sarif (introduced findings)")
	failOn := fs.String("fail-on", "", "exit with code 3 when an introduced finding of this `severity` or worse exists: info, warning or error")
	out := fs.String("o", "", "write to `file` (atomically) instead of standard output")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	switch *format {
	case "text", "json", "md", "svg", "sarif":
	default:
		return usagef("-format must be text, json, md, svg or sarif, not %q", *format)
	}
	if *failOn != "" {
		if _, err := audit.ParseSeverity(*failOn); err != nil {
			return usagef("-fail-on must be info, warning or error, not %q", *failOn)
		}
	}
	a, b, err := loadDiffSides(e, snaps, *demoName, *plan)
	if err != nil {
		return err
	}
	if *vpc != "" && !hasVPC(a, *vpc) && !hasVPC(b, *vpc) {
		return usagef("-vpc: neither snapshot has VPC %q", *vpc)
	}
	d := diff.Compare(a, b, diff.Options{VPC: *vpc})
	if *plan != "" {
		// Both sides are one file: say which side is which.
		d.From, d.To = a.ID+" (before)", b.ID+" (planned)"
	}
	var svg []byte
	if *format == "svg" {
		if svg, err = diffSVG(ctx, a, b, d, *vpc); err != nil {
			return err
		}
	}
	err = writeOutput(e, *out, func(w io.Writer) error {
		switch *format {
		case "svg":
			_, err := w.Write(svg)
			return err
		case "json":
			return diff.WriteJSON(w, d, versionString())
		case "md":
			return diff.WriteMarkdown(w, d)
		case "sarif":
			return audit.WriteSARIFOptions(w, d.Introduced(), audit.SARIFOptions{ToolVersion: versionString()})
		}
		return diff.WriteText(w, d)
	})
	if err != nil {
		return err
	}
	if *failOn != "" && audit.MeetsThreshold(d.Introduced(), *failOn) {
		return &exitCodeError{code: exitFindings}
	}
	return nil
}

// loadDiffSides returns the older and newer snapshot: two -snapshot,
// -demo and one -snapshot, or a plan's two sides.
func loadDiffSides(e env, snaps []string, demoName, plan string) (a, b *sgmap.Snapshot, err error) {
	var first, second sourceFlags
	first.scale, second.scale = 1, 1
	first.in.planSide, second.in.planSide = "after", "after"
	switch {
	case plan != "" && (demoName != "" || len(snaps) > 0):
		return nil, nil, usagef("-plan compares the plan's two sides: use it without -snapshot and -demo")
	case plan != "":
		return loadPlanSides(e, plan)
	case demoName != "" && len(snaps) == 1:
		first.demo, second.snapshot = demoName, snaps[0]
	case demoName == "" && len(snaps) == 2:
		first.snapshot, second.snapshot = snaps[0], snaps[1]
	default:
		return nil, nil, usagef("diff needs two snapshots: -snapshot A -snapshot B, or -demo NAME -snapshot B")
	}
	if first.snapshot == stdinName && second.snapshot == stdinName {
		return nil, nil, usagef("only one side can be read from standard input")
	}
	return loadBoth(func() (*sgmap.Snapshot, error) { return first.load(e) }, func() (*sgmap.Snapshot, error) { return second.load(e) })
}

// loadBoth runs the two loads side by side (reading and validating a big
// snapshot costs as much as diffing it) and returns the first side's
// error first.
func loadBoth(first, second func() (*sgmap.Snapshot, error)) (a, b *sgmap.Snapshot, err error) {
	var errA error
	var wg sync.WaitGroup
	wg.Go(func() { a, errA = first() })
	b, err = second()
	wg.Wait()
	if errA != nil {
		return nil, nil, errA
	}
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

func hasVPC(s *sgmap.Snapshot, id string) bool {
	for _, v := range s.VPCIDs() {
		if v == id {
			return true
		}
	}
	return false
}

// stringsFlag collects a repeatable string flag in order.
type stringsFlag []string

func (f *stringsFlag) String() string { return strings.Join(*f, " ") }

func (f *stringsFlag) Set(v string) error {
	*f = append(*f, v)
	return nil
}
