package sgmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxSnapshotBytes bounds what [DecodeSnapshot] reads; a larger input is an
// [ETOOLARGE] error rather than an out-of-memory crash.
const MaxSnapshotBytes = 256 << 20

// DecodeSnapshot reads a snapshot's JSON, normalises it and validates it.
// Errors are [*Error]s with code [EINVALID] (syntax errors carry the line and
// column, type errors the field) or [ETOOLARGE]; a [*ValidationError] lists
// every structural problem. It never panics, whatever the input.
//
// The input is held by [DefaultLimits]: see [DecodeSnapshotLimits].
func DecodeSnapshot(r io.Reader) (*Snapshot, error) {
	return DecodeSnapshotLimits(r, MaxSnapshotBytes, DefaultLimits)
}

// DecodeSnapshotLimits is [DecodeSnapshot] reading at most maxBytes and
// holding the snapshot to l: the counts are checked while the JSON is
// scanned, before anything is decoded, so an input over a limit costs no
// more than its own bytes, and the error ([ETOOLARGE]) names the limit.
func DecodeSnapshotLimits(r io.Reader, maxBytes int64, l Limits) (*Snapshot, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, Errorf(ETOOLARGE, "snapshot is larger than %d MiB", maxBytes>>20)
	}
	return ParseSnapshotLimits(data, l)
}

// ParseSnapshot is [DecodeSnapshot] on bytes already in memory.
func ParseSnapshot(data []byte) (*Snapshot, error) { return ParseSnapshotLimits(data, DefaultLimits) }

// CheckJSON returns the [ETOOLARGE] error of the first of l's limits that
// the JSON in data passes (Objects and MemoryFactor for any JSON; the
// snapshot counts where data is shaped like a snapshot), without decoding
// it. Importers call it before decoding a file.
func CheckJSON(data []byte, l Limits) error { return scanLimits(data, l) }

// ParseSnapshotLimits is [DecodeSnapshotLimits] on bytes already in memory.
func ParseSnapshotLimits(data []byte, l Limits) (*Snapshot, error) {
	if err := scanLimits(data, l); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errorf(EINVALID, "snapshot is empty")
	}
	var head struct {
		SchemaVersion *string `json:"schema_version"`
	}
	// The version is checked first so that a future major version gets a
	// version error, not a confusing type error from a changed field.
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	if head.SchemaVersion != nil {
		v := &validator{}
		if v.schemaVersion(*head.SchemaVersion); len(v.problems) > 0 {
			return nil, v.problems[0]
		}
	}
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, jsonError(data, err)
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// jsonError turns encoding/json errors into messages with a line and column.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// A bad last byte has the same offset as the end of the input, so
		// only the message tells truncation apart.
		if strings.HasPrefix(syn.Error(), "unexpected end of JSON input") {
			line, col := lineCol(data, syn.Offset)
			return Errorf(EINVALID, "snapshot JSON is truncated at line %d, column %d", line, col)
		}
		// Offset counts the offending byte as read: point at it, not after it.
		line, col := lineCol(data, syn.Offset-1)
		return Errorf(EINVALID, "snapshot JSON syntax error at line %d, column %d: %s", line, col, syn.Error())
	case errors.As(err, &typ) && typ.Field == "":
		return Errorf(EINVALID, "snapshot JSON must be an object, not %s", typ.Value)
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		return Errorf(EINVALID, "snapshot JSON at line %d, column %d: field %q must be %s, not %s",
			line, col, typ.Field, typ.Type, typ.Value)
	case err.Error() == "unexpected end of JSON input":
		line, col := lineCol(data, int64(len(data)))
		return Errorf(EINVALID, "snapshot JSON is truncated at line %d, column %d", line, col)
	}
	return Errorf(EINVALID, "snapshot JSON: %s", clip(err.Error()))
}

func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// Encode writes s as indented JSON with a trailing newline. Output is stable
// for a normalised snapshot.
func (s *Snapshot) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("encode snapshot: %w", err)
	}
	return nil
}

// LoadSnapshotFile reads and validates the snapshot at path.
func LoadSnapshotFile(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, Errorf(ENOTFOUND, "snapshot file %s does not exist", path)
		}
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	defer f.Close()
	s, err := DecodeSnapshot(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// WriteFileAtomic writes the output of write to path through a temporary file
// in the same directory, synced and renamed into place, so that readers see
// the old file or the whole new one, never a half-written one. If write
// fails (or panics), path is untouched and the temporary file removed.
//
// Replacing an existing file keeps its permissions (a 0600 file stays
// private); perm applies to new files. A symbolic link is followed, so its
// target is replaced and the link kept.
// A path that exists but is not a regular file (/dev/stdout, /dev/null, a
// named pipe) is written in place: renaming over it would replace the device
// or pipe with a file, and atomicity means nothing for a stream.
func WriteFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return writeInPlace(path, write)
	} else if err == nil {
		perm = fi.Mode().Perm() // replacing a file keeps its permissions
	}
	return replaceFile(path, perm, write)
}

// WriteFileNoFollow is [WriteFileAtomic] for folders sgmap owns (the
// snapshot store): it never follows a link and never writes into anything
// but its own new temporary file (created with O_EXCL), which is renamed
// over path. A symbolic link, pipe or device swapped in at path is
// replaced, its target untouched (issue 8: a link swapped in between a
// store's reservation and its write made the snapshot overwrite the link's
// target).
func WriteFileNoFollow(path string, perm os.FileMode, write func(io.Writer) error) error {
	return replaceFile(path, perm, write)
}

// replaceFile writes a temporary file next to path and renames it over path.
func replaceFile(path string, perm os.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		// Name the user's path and directory, not the temporary file.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("write %s: cannot create a file in %s: %w", path, dir, err)
	}
	renamed := false
	defer func() {
		if !renamed { // also when write panics
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename into %s: %w", path, err)
	}
	renamed = true
	// The rename is durable only once the directory is synced; without it a
	// crash can lose a newly stored snapshot. Some systems cannot sync a
	// directory, and the file is in place either way, so errors are ignored.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// writeInPlace writes to an existing non-regular file such as a device or a
// named pipe.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	return nil
}
