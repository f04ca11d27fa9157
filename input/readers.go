package input

import (
	"fmt"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awscli"
	"github.com/sgmap/sgmap/input/infile"
	"github.com/sgmap/sgmap/input/terraform"
)

// A readFunc converts the files of one format into one snapshot.
type readFunc func(o Options, files []infile.File) (*sgmap.Snapshot, error)

// readerFor returns the reader of a format, or nil when sgmap has none.
// Adding a format is one case here, one in [Detect], and its package.
func readerFor(f Format) readFunc {
	switch f {
	case Snapshot:
		return readSnapshots
	case AWSCLI:
		return readAWSCLI
	case TerraformState, TerraformPlan:
		return readTerraform
	case CloudFormation:
		return readCloudFormation
	}
	return nil
}

func readAWSCLI(o Options, files []infile.File) (*sgmap.Snapshot, error) {
	return awscli.ImportOptions{AccountID: o.AccountID, Region: o.Region, TakenAt: o.TakenAt}.ImportFiles(files)
}

func readTerraform(o Options, files []infile.File) (*sgmap.Snapshot, error) {
	return terraform.Options{PlanSide: o.PlanSide, TFDir: o.TFDir, AccountID: o.AccountID, Region: o.Region,
		TakenAt: o.TakenAt}.Read(files)
}

// readSnapshots parses sgmap snapshots; several are merged into one, which
// keeps the first's id and time and a source only when all agree.
func readSnapshots(_ Options, files []infile.File) (*sgmap.Snapshot, error) {
	parts := make([]*sgmap.Snapshot, 0, len(files))
	for _, f := range files {
		s, err := sgmap.ParseSnapshot(f.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		parts = append(parts, s)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	s := sgmap.Merge(parts...)
	s.ID, s.TakenAt, s.Source = parts[0].ID, parts[0].TakenAt, parts[0].Source
	for _, p := range parts[1:] {
		if p.Source != s.Source {
			s.Source = ""
		}
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}
