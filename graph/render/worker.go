package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sgmap/sgmap"
)

// Worker exit codes: they carry the error code across the process
// boundary, the message travels as one line on standard error.
const (
	exitOK          = 0
	exitFailed      = 1 // any other error
	exitTooLarge    = 3 // sgmap.ETOOLARGE
	exitInvalid     = 4 // sgmap.EINVALID
	exitUnavailable = 5 // sgmap.EUNAVAILABLE
)

// MaxDOTBytes bounds the DOT a worker reads: far above any graph within
// [DefaultLimits], low enough that a runaway input is refused early.
const MaxDOTBytes = 64 << 20

// ServeWorker is the worker side of a [Pool]: it reads all of in as DOT,
// renders it with [Wasm] (default limits) and writes the SVG to out.
// Nothing is written to out on error. Use [WorkerMain] to also get the
// exit code and the error line the Pool expects.
func ServeWorker(ctx context.Context, in io.Reader, out io.Writer) error {
	dot, err := io.ReadAll(io.LimitReader(in, MaxDOTBytes+1))
	if err != nil {
		return fmt.Errorf("read dot: %w", err)
	}
	if len(dot) > MaxDOTBytes {
		return sgmap.Errorf(sgmap.ETOOLARGE, "graph too large to draw: DOT over %d MB: %s", MaxDOTBytes>>20, tooLargeHint)
	}
	svg, err := (&Wasm{}).SVG(ctx, dot)
	if err != nil {
		return err
	}
	if _, err := out.Write(svg); err != nil {
		return fmt.Errorf("write svg: %w", err)
	}
	return nil
}

// WorkerMain runs [ServeWorker] and returns the process exit code; on error
// it writes the error as one line to errOut. cmd/sgmap's hidden
// "__render" subcommand is
//
//	os.Exit(render.WorkerMain(ctx, os.Stdin, os.Stdout, os.Stderr))
//
// and must not print anything else: the Pool maps the exit code back to
// the error's code ([sgmap.ETOOLARGE], [sgmap.EINVALID],
// [sgmap.EUNAVAILABLE], else a plain error).
func WorkerMain(ctx context.Context, in io.Reader, out, errOut io.Writer) int {
	err := ServeWorker(ctx, in, out)
	if err == nil {
		return exitOK
	}
	msg := err.Error()
	var e *sgmap.Error
	if errors.As(err, &e) {
		msg = e.Message
	}
	fmt.Fprintln(errOut, oneLine(msg))
	return exitCode(err)
}

// exitCode maps an error's code to a worker exit code.
func exitCode(err error) int {
	switch sgmap.ErrorCode(err) {
	case "":
		return exitOK
	case sgmap.ETOOLARGE:
		return exitTooLarge
	case sgmap.EINVALID:
		return exitInvalid
	case sgmap.EUNAVAILABLE:
		return exitUnavailable
	}
	return exitFailed
}

// errorFromExit rebuilds a worker's error from its exit code and message.
func errorFromExit(code int, msg string) error {
	switch code {
	case exitTooLarge:
		return sgmap.Errorf(sgmap.ETOOLARGE, "%s", msg)
	case exitInvalid:
		return sgmap.Errorf(sgmap.EINVALID, "%s", msg)
	case exitUnavailable:
		return sgmap.Errorf(sgmap.EUNAVAILABLE, "%s", msg)
	}
	return fmt.Errorf("render worker: exit status %d: %s", code, msg)
}

// oneLine flattens s to one line of at most 1000 bytes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 1000 {
		s = s[:1000] + "…"
	}
	return s
}
