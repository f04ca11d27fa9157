package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/sgmap/sgmap"
)

// stdinName is the -snapshot value that means standard input.
const stdinName = "-"

// loadInput reads what -snapshot names: a file or folder that package input
// reads (an sgmap snapshot, AWS CLI output imported on the fly, …), or
// standard input for "-", whose format is detected from its content.
func loadInput(e env, in inputFlags, path string) (*sgmap.Snapshot, error) {
	if path != stdinName {
		return in.options().Import([]string{path})
	}
	data, err := io.ReadAll(io.LimitReader(e.stdin, sgmap.MaxSnapshotBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if len(data) > sgmap.MaxSnapshotBytes {
		return nil, sgmap.Errorf(sgmap.ETOOLARGE, "standard input is larger than %d MiB", sgmap.MaxSnapshotBytes>>20)
	}
	s, err := in.options().Read("stdin", bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("standard input: %w", err)
	}
	return s, nil
}
