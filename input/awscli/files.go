package awscli

import (
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/infile"
)

// ImportFiles is [ImportOptions.Import] on files already read. It is the
// entry point that package input dispatches AWS CLI output to; the other
// Import methods read the files and call the same code.
func (o ImportOptions) ImportFiles(files []infile.File) (*sgmap.Snapshot, error) {
	if len(files) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: no files or folders given")
	}
	parsed := make([]*fileRaw, 0, len(files))
	for _, f := range files {
		p, err := parseFile(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, p)
	}
	return o.convertFiles(parsed)
}
