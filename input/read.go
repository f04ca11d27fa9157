package input

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/infile"
)

// Options set, for every format, what the input files may not say.
type Options struct {
	// AccountID and Region apply to objects whose files carry no account or
	// region of their own (AWS CLI output without ARNs).
	AccountID string
	Region    string
	// TakenAt is the snapshot's time when the input has none; zero means
	// now.
	TakenAt time.Time
	// PlanSide is the side of a Terraform plan to draw: "after" (planned,
	// the default) or "before".
	PlanSide string
	// TFDir is a Terraform configuration folder whose .tf files give a
	// plan's groups and rules their file and line.
	TFDir string
	// Params are CloudFormation parameter values (-param Key=Value).
	Params map[string]string
}

// Import reads the files and folders at paths, detects each file's format
// and converts them to one snapshot. A folder is walked (hidden folders
// skipped) for files whose names end in .json, .tfstate, .yaml, .yml or
// .template. All files must be of one format, since one snapshot has one
// source; AWS CLI outputs are converted together (they complete each
// other), other formats file by file and then merged.
//
// Errors: a missing path is [sgmap.ENOTFOUND]; a file of no known format,
// or formats mixed, [sgmap.EINVALID]; a format's own errors name the file.
func (o Options) Import(paths []string) (*sgmap.Snapshot, error) {
	if len(paths) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: no files or folders given")
	}
	if anyCDKOut(paths) {
		return o.importCDK(paths)
	}
	var files []infile.File
	for _, p := range paths {
		names, err := inputFiles(p)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			f, err := infile.Read(name)
			if err != nil {
				return nil, fmt.Errorf("import: %w", err)
			}
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: no input files (.json, .tfstate, .yaml, .yml, .template) in %s", strings.Join(paths, ", "))
	}
	return o.convert(files, sourceName(paths))
}

// Read is [Options.Import] of one file's content, such as an upload; name
// is its file name, used to detect its format and in messages.
func (o Options) Read(name string, r io.Reader) (*sgmap.Snapshot, error) {
	f, err := infile.ReadFrom(name, r)
	if err != nil {
		return nil, err
	}
	return o.convert([]infile.File{f}, filepath.Base(name))
}

// convert detects the files' format and hands them to its reader.
func (o Options) convert(files []infile.File, name string) (*sgmap.Snapshot, error) {
	format, err := commonFormat(files)
	if err != nil {
		return nil, err
	}
	// Counted before decoding, whatever the format (YAML is not scanned):
	// 20 MiB of empty objects would take gigabytes as generic maps.
	for _, f := range files {
		if err := sgmap.CheckJSON(f.Data, sgmap.DefaultLimits); err != nil {
			return nil, fmt.Errorf("import: %s: %w", f.Name, err)
		}
	}
	rd := readerFor(format)
	if rd == nil {
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: %s is not a format sgmap reads "+
			"(an sgmap snapshot, AWS CLI JSON, Terraform state or plan JSON, or a CloudFormation template)", files[0].Name)
	}
	s, err := rd(o, files)
	if err != nil {
		return nil, err
	}
	if err := sgmap.DefaultLimits.Check(s); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if s.SourceFile == "" && format != Snapshot {
		s.SourceFile = name
	}
	return s, nil
}

// commonFormat returns the format all files share, or an error naming two
// files of different formats.
func commonFormat(files []infile.File) (Format, error) {
	var first Format
	for i, f := range files {
		ft := Detect(f.Name, f.Data)
		if i == 0 {
			first = ft
			continue
		}
		if ft != first {
			return "", sgmap.Errorf(sgmap.EINVALID, "import: %s is %s but %s is %s: import one format at a time",
				files[0].Name, describe(first), f.Name, describe(ft))
		}
	}
	return first, nil
}

// describe names a format in messages.
func describe(f Format) string {
	switch f {
	case Unknown:
		return "of no known format"
	case Snapshot:
		return "an sgmap snapshot"
	case AWSCLI:
		return "AWS CLI output"
	}
	return string(f)
}

// inputFiles returns path itself when it is a file, or the input files
// under it, sorted, when it is a folder.
func inputFiles(path string) ([]string, error) { return infile.Files(path, walked) }

// walked reports whether a file in a folder is read by [Options.Import].
func walked(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".tfstate", ".yaml", ".yml", ".template":
		return true
	}
	return false
}

// sourceName is what the provenance line calls the input: the base name of
// the only path, or of the first with a count of the others.
func sourceName(paths []string) string {
	name := filepath.Base(filepath.Clean(paths[0]))
	if len(paths) > 1 {
		name += fmt.Sprintf(" and %d more", len(paths)-1)
	}
	return name
}
