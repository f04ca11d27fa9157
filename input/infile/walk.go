package infile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
)

// Files returns path itself when it is a file, or the files under it whose
// names match, sorted, when it is a folder (hidden folders are skipped).
// Named pipes, devices, sockets and links to folders are refused with an
// [sgmap.EINVALID] error, as the store refuses them: reading a FIFO blocks
// for ever and /dev/zero never ends (docs/architecture.md); a path that
// does not exist is [sgmap.ENOTFOUND].
func Files(path string, match func(name string) bool) ([]string, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "import: %s does not exist", path)
	} else if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if !st.IsDir() {
		if err := regular(path, st); err != nil {
			return nil, err
		}
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != path && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && match(p) {
			st, err := os.Stat(p)
			if err != nil {
				return err
			}
			if err := regular(p, st); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	if sgmap.ErrorCode(err) == sgmap.EINVALID {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("import: walk %s: %w", path, err)
	}
	slices.Sort(out)
	return out, nil
}

// regular refuses what is not a regular file.
func regular(path string, st fs.FileInfo) error {
	if st.IsDir() {
		return sgmap.Errorf(sgmap.EINVALID, "import: %s is a link to a folder; name the folder itself", path)
	}
	if !st.Mode().IsRegular() {
		return sgmap.Errorf(sgmap.EINVALID, "import: %s is not a regular file (a named pipe, device or socket); save the output to a file first", path)
	}
	return nil
}
