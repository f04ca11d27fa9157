package main

import (
	"flag"
	"path/filepath"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// sourceFlags are the -snapshot/-demo pair that render, lint and rules share.
// sourceSynopsis is the usage-line part of the flags [sourceFlags] registers.
const sourceSynopsis = "(-snapshot FILE|- | -demo NAME [-scale N]) [-param KEY=VALUE]... [-plan-side after|before] [-tf-dir DIR] " + redactSynopsis

type sourceFlags struct {
	snapshot string
	demo     string
	in       inputFlags
	scale    int
	redact   redactFlags
}

func (f *sourceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.snapshot, "snapshot", "", "read the snapshot `file` (from collect, import or the dashboard's data folder; - for standard input), or import on the fly any file or folder that import reads (AWS CLI output, …)")
	fs.StringVar(&f.demo, "demo", "", "use the embedded demo `name`: "+strings.Join(demo.Names(), ", "))
	f.in.register(fs, false)
	fs.IntVar(&f.scale, "scale", 1, "with -demo large: an account `N` times its size (more applications per VPC)")
	f.redact.register(fs)
}

// load returns the chosen snapshot. Exactly one of -snapshot and -demo must
// be set.
func (f *sourceFlags) load(e env) (*sgmap.Snapshot, error) {
	s, err := f.loadPlain(e)
	if err != nil {
		return nil, err
	}
	return f.redact.apply(e, s)
}

// loadPlain returns the chosen snapshot, unredacted.
func (f *sourceFlags) loadPlain(e env) (*sgmap.Snapshot, error) {
	switch {
	case f.snapshot != "" && f.demo != "":
		return nil, usagef("-snapshot and -demo cannot be used together")
	case f.scale < 1:
		return nil, usagef("-scale must be at least 1, not %d", f.scale)
	case f.scale > 1 && f.demo == "":
		return nil, usagef("-scale applies to -demo large only")
	case f.demo != "":
		s, err := demo.GetScaled(f.demo, f.scale)
		if err != nil {
			return nil, usagef("-demo: %s", sgmap.ErrorMessage(err))
		}
		return s, nil
	case f.snapshot != "":
		s, err := loadInput(e, f.in, f.snapshot)
		if err != nil {
			return nil, err
		}
		if s.ID == "" && f.snapshot == stdinName {
			s.ID = "stdin"
		} else if s.ID == "" {
			s.ID = SnapshotIDFromPath(f.snapshot)
		}
		return s, nil
	}
	return nil, usagef("name a snapshot with -snapshot FILE or -demo NAME (demos: %s)", strings.Join(demo.Names(), ", "))
}

// SnapshotIDFromPath names a snapshot file that carries no id: its base name
// without the .json extension. The dashboard uses the same rule, so a file
// gets the same id (and so the same diagram bytes) in both.
func SnapshotIDFromPath(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".json")
}

// pickVPC returns vpc if the snapshot has it, the only VPC when vpc is empty
// and there is one, and otherwise a usage error that lists the VPCs.
func pickVPC(s *sgmap.Snapshot, vpc string) (string, error) {
	ids := s.VPCIDs()
	if vpc == "" {
		switch len(ids) {
		case 0:
			return "", sgmap.Errorf(sgmap.ENOTFOUND, "the snapshot has no VPCs")
		case 1:
			return ids[0], nil
		}
		return "", usagef("the snapshot has %d VPCs: pick one with -vpc (%s)", len(ids), describeVPCs(s, ids))
	}
	for _, id := range ids {
		if id == vpc {
			return vpc, nil
		}
	}
	return "", sgmap.Errorf(sgmap.ENOTFOUND, "no VPC %q in the snapshot (VPCs: %s)", vpc, describeVPCs(s, ids))
}

func describeVPCs(s *sgmap.Snapshot, ids []string) string {
	names := map[string]string{}
	for _, v := range s.VPCs {
		names[v.ID] = v.Name
	}
	counts := map[string]int{}
	for _, g := range s.Groups {
		counts[g.VPCID]++
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		p := id
		if n := names[id]; n != "" {
			p += " " + n
		}
		parts[i] = p + " (" + plural(counts[id], "group") + ")"
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}
