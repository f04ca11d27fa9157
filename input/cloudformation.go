package input

import (
	"os"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/cloudformation"
	"github.com/sgmap/sgmap/input/infile"
)

func (o Options) cloudFormation() cloudformation.Options {
	return cloudformation.Options{Params: o.Params, AccountID: o.AccountID, Region: o.Region, TakenAt: o.TakenAt}
}

// readCloudFormation reads templates together, so that nested stacks and
// Fn::ImportValue resolve across them.
func readCloudFormation(o Options, files []infile.File) (*sgmap.Snapshot, error) {
	in := make([]cloudformation.File, len(files))
	for i, f := range files {
		in[i] = cloudformation.File{Name: f.Name, Data: f.Data}
	}
	return cloudformation.Read(in, o.cloudFormation())
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
