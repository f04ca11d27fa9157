// Package infile holds what every input format's reader shares: a file
// read into memory, and the bound on its size. It depends on nothing, so
// that package input and every format package can use it.
package infile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/sgmap/sgmap"
)

// MaxBytes bounds one input file: a larger one is an [sgmap.ETOOLARGE]
// error rather than an out-of-memory crash.
const MaxBytes = 256 << 20

// File is one input file read into memory. Name is what messages and
// provenance call it (a path as given, or an upload's file name).
type File struct {
	Name string
	Data []byte
}

// Read reads the file at path, at most [MaxBytes]. A missing file is an
// [sgmap.ENOTFOUND] error, a larger one [sgmap.ETOOLARGE].
func Read(path string) (File, error) {
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return File{}, sgmap.Errorf(sgmap.ENOTFOUND, "%s does not exist", path)
	} else if err != nil {
		return File{}, fmt.Errorf("open input: %w", err)
	}
	defer fh.Close()
	return ReadFrom(path, fh)
}

// ReadFrom reads r, at most [MaxBytes], as the file called name.
func ReadFrom(name string, r io.Reader) (File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return File{}, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxBytes {
		return File{}, sgmap.Errorf(sgmap.ETOOLARGE, "%s is larger than %d MiB", name, MaxBytes>>20)
	}
	return File{Name: name, Data: data}, nil
}

// LineCol returns the 1-based line and column of byte offset off in data.
func LineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
