package input

import (
	"os"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/cloudformation"
	"github.com/sgmap/sgmap/input/infile"
)

func (o Options) cloudFormation() cloudformation.Options {
	return cloudformation.Options{Params: o.Params, AccountID: o.AccountID, Region: o.Region, TakenAt: o.TakenAt}
}

// readCloudFormation reads templates together, so that nested stacks and
// Fn::ImportValue resolve across them. A template says nothing about time:
// the snapshot is taken when the newest file was last written (now for an
// upload), so that the same files draw the same bytes.
func readCloudFormation(o Options, files []infile.File) (*sgmap.Snapshot, error) {
	in := make([]cloudformation.File, len(files))
	opt := o.cloudFormation()
	for i, f := range files {
		in[i] = cloudformation.File{Name: f.Name, Data: f.Data}
		if st, err := os.Stat(f.Name); err == nil && o.TakenAt.IsZero() && st.ModTime().After(opt.TakenAt) {
			opt.TakenAt = st.ModTime().UTC().Truncate(time.Second)
		}
	}
	return cloudformation.Read(in, opt)
}

// anyCDKOut reports whether a path is a CDK cloud assembly (cdk.out),
// whose manifests are JSON that is neither a template nor AWS CLI output.
func anyCDKOut(paths []string) bool {
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() && cloudformation.IsCDKOut(p) {
			return true
		}
	}
	return false
}

// importCDK reads cloud assemblies, and any templates named with them, as
// CloudFormation: the assembly's manifest lists its templates.
func (o Options) importCDK(paths []string) (*sgmap.Snapshot, error) {
	s, err := cloudformation.ReadPaths(paths, o.cloudFormation())
	if err != nil {
		return nil, err
	}
	s.SourceFile = sourceName(paths)
	return s, nil
}
