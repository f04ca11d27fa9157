package main

import (
	"bytes"
	"io"
	"strconv"

	"github.com/sgmap/sgmap"
)

// writeOutput writes what write produces to path, or to stdout when path is
// "" or "-". A file is written atomically: on any error the old file (if
// any) is left as it was and nothing half-written appears.
func writeOutput(e env, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		// Buffer so that an error midway prints no partial output.
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	return sgmap.WriteFileAtomic(path, 0o644, write)
}

func itoa(n int) string { return strconv.Itoa(n) }
