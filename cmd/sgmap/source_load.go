package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/collector"
)

// stdinName is the -snapshot value that means standard input.
const stdinName = "-"

// loadInput reads what -snapshot names — a snapshot file, "-" for standard
// input, or AWS CLI output (a file or a folder of them) — and returns a
// snapshot. AWS CLI output is imported on the fly, as `sgmap import` would,
// and its import warnings are printed to stderr (lint also reports them as
// incomplete-snapshot findings).
func loadInput(e env, path string) (*sgmap.Snapshot, error) {
	var data []byte
	name := path
	if path == stdinName {
		name = "standard input"
		var err error
		if data, err = io.ReadAll(io.LimitReader(e.stdin, sgmap.MaxSnapshotBytes+1)); err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		if len(data) > sgmap.MaxSnapshotBytes {
			return nil, sgmap.Errorf(sgmap.ETOOLARGE, "standard input is larger than %d MiB", sgmap.MaxSnapshotBytes>>20)
		}
	} else {
		st, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, sgmap.Errorf(sgmap.ENOTFOUND, "snapshot file %s does not exist", path)
		} else if err != nil {
			return nil, fmt.Errorf("open snapshot: %w", err)
		}
		if st.IsDir() {
			return importOnTheFly(e, path, func() (*sgmap.Snapshot, error) { return collector.Import([]string{path}) })
		}
		s, err := sgmap.LoadSnapshotFile(path)
		if err == nil || !isAWSCLIFile(path) {
			return s, err
		}
		return importOnTheFly(e, path, func() (*sgmap.Snapshot, error) { return collector.Import([]string{path}) })
	}
	if !looksLikeAWSCLI(data) {
		s, err := sgmap.ParseSnapshot(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return s, nil
	}
	return importOnTheFly(e, name, func() (*sgmap.Snapshot, error) {
		return collector.ImportOptions{}.ImportReader(name, bytes.NewReader(data))
	})
}

// importOnTheFly runs imp and prints its warnings.
func importOnTheFly(e env, name string, imp func() (*sgmap.Snapshot, error)) (*sgmap.Snapshot, error) {
	s, err := imp()
	if err != nil {
		return nil, fmt.Errorf("%s is neither a snapshot nor AWS CLI output sgmap can import: %w", name, err)
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(e.stderr, "sgmap: warning: %s\n", describeWarning(w))
	}
	return s, nil
}

// isAWSCLIFile reports whether the file at path looks like AWS CLI output
// rather than a snapshot; see [looksLikeAWSCLI].
func isAWSCLIFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, sgmap.MaxSnapshotBytes+1))
	return err == nil && len(data) <= sgmap.MaxSnapshotBytes && looksLikeAWSCLI(data)
}

// looksLikeAWSCLI reports whether data is JSON that is not a snapshot: a
// snapshot is an object with a schema_version (sgmap writes one in every
// snapshot, and validation requires it), AWS CLI output never has one.
func looksLikeAWSCLI(data []byte) bool {
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil {
		// A top-level list (a --query output) is AWS CLI output; anything
		// else is left to the snapshot decoder's precise error.
		var list []json.RawMessage
		return json.Unmarshal(data, &list) == nil
	}
	_, snap := head["schema_version"]
	return !snap
}
