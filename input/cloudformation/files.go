package cloudformation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// templateExts are the file names a folder is searched for.
var templateExts = []string{".yaml", ".yml", ".json", ".template"}

// ReadPaths reads templates from files and folders and converts them with
// [Read]. A folder is searched (not recursively: nested templates sit
// beside their parent) for .yaml, .yml, .json and .template files that
// [Sniff] recognises; a folder with a CDK manifest.json (cdk.out) is read
// as its manifest lists.
//
// Errors: a missing path is [sgmap.ENOTFOUND]; a folder with no template
// is [sgmap.EINVALID]; see [Read] for the rest.
//
// With no [Options.TakenAt], the snapshot is taken when the newest file was
// last modified, so that the same files always give the same snapshot.
func ReadPaths(paths []string, opt Options) (*sgmap.Snapshot, error) {
	var files []File
	for _, p := range paths {
		fs, err := readPath(p)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	if opt.TakenAt.IsZero() {
		for _, f := range files {
			if st, err := os.Stat(f.Name); err == nil && st.ModTime().After(opt.TakenAt) {
				opt.TakenAt = st.ModTime().UTC().Truncate(time.Second)
			}
		}
	}
	return Read(files, opt)
}

func readPath(p string) ([]File, error) {
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, sgmap.Errorf(sgmap.ENOTFOUND, "%s does not exist", p)
	} else if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	if !st.IsDir() {
		f, err := readFile(p)
		if err != nil {
			return nil, err
		}
		return []File{f}, nil
	}
	if IsCDKOut(p) {
		return readCDK(p)
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	var out []File
	for _, e := range entries {
		if e.IsDir() || !slices.Contains(templateExts, strings.ToLower(filepath.Ext(e.Name()))) {
			continue
		}
		f, err := readFile(filepath.Join(p, e.Name()))
		if err != nil {
			return nil, err
		}
		if Sniff(f.Data) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: no CloudFormation template in the folder", p)
	}
	return out, nil
}

// readFile reads a regular file, bounded by [MaxTemplateBytes].
func readFile(p string) (File, error) {
	f, err := os.Open(p)
	if err != nil {
		return File{}, fmt.Errorf("read template: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return File{}, sgmap.Errorf(sgmap.EINVALID, "%s is not a regular file", p)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxTemplateBytes+1))
	if err != nil {
		return File{}, fmt.Errorf("read template %s: %w", p, err)
	}
	if len(data) > MaxTemplateBytes {
		return File{}, sgmap.Errorf(sgmap.ETOOLARGE, "%s: template is larger than %d MiB", p, MaxTemplateBytes>>20)
	}
	return File{Name: p, Data: data}, nil
}

// sniffBytes is how much of a file [Sniff] looks at.
const sniffBytes = 64 << 10

// Sniff reports whether data looks like a CloudFormation template: JSON
// with AWSTemplateFormatVersion or a Resources mapping whose entries have a
// Type, or YAML with a top-level AWSTemplateFormatVersion or Resources key.
// It looks at the start of the file only.
func Sniff(data []byte) bool {
	head := data[:min(len(data), sniffBytes)]
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var top struct {
			Version   json.RawMessage            `json:"AWSTemplateFormatVersion"`
			Resources map[string]json.RawMessage `json:"Resources"`
		}
		if json.Unmarshal(data, &top) != nil {
			return false
		}
		if top.Version != nil {
			return true
		}
		for _, r := range top.Resources {
			var res struct{ Type string }
			if json.Unmarshal(r, &res) == nil && strings.Contains(res.Type, "::") {
				return true
			}
		}
		return false
	}
	for _, line := range bytes.Split(head, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("AWSTemplateFormatVersion:")) || bytes.HasPrefix(line, []byte("Resources:")) {
			return true
		}
	}
	return false
}
