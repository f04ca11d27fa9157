package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sgmap/sgmap"
)

// Worker exit codes: they carry the error code across the process
// boundary when the worker's main is [WorkerMain]; the message travels as
// one line on standard error (and, with the code, on standard output).
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

// errorMarker starts the one line a failed worker writes on standard
// output: "sgmap-render-error: <code> <message>". It carries the error's
// code to the Pool however the worker's main reports the error itself.
const errorMarker = "sgmap-render-error: "

// ServeWorker is the worker side of a [Pool]: it reads all of in as DOT,
// renders it with [Wasm] (default limits) and writes the SVG to out. On
// error it writes, instead of SVG, one line to out naming the error's code
// and message (the Pool reads it when the worker exits non-zero), and
// returns the error: the worker process must then exit non-zero.
// [WorkerMain] does all of that.
func ServeWorker(ctx context.Context, in io.Reader, out io.Writer) error {
	err := serve(ctx, in, out, MaxDOTBytes)
	if err != nil {
		fmt.Fprintf(out, "%s%s %s\n", errorMarker, sgmap.ErrorCode(err), oneLine(errorText(err)))
	}
	return err
}

// serve renders in to out, refusing DOT over limit bytes.
func serve(ctx context.Context, in io.Reader, out io.Writer, limit int) error {
	dot, err := io.ReadAll(io.LimitReader(in, int64(limit)+1))
	if err != nil {
		return fmt.Errorf("read dot: %w", err)
	}
	if len(dot) > limit {
		return sgmap.Errorf(sgmap.ETOOLARGE, "graph too large to draw: DOT over %d bytes: %s", limit, tooLargeHint)
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

// TimeoutEnv names the environment variable in which a [Pool] gives each
// worker its time limit, as a Go duration ("30s"). [WorkerMain] exits with
// an [sgmap.EUNAVAILABLE] error once that much time has passed since it
// started, whether or not anyone is still waiting for it: layout inside
// go-graphviz cannot be interrupted, so only the end of the process stops
// it.
const TimeoutEnv = "SGMAP_RENDER_TIMEOUT"

// WorkerMain runs [ServeWorker] and returns the process exit code; on error
// it also writes the error as one line to errOut. When [TimeoutEnv] is set
// it enforces that limit itself: past it, it writes the error and exits the
// process with the EUNAVAILABLE code, even in the middle of a layout.
// cmd/sgmap's hidden "__render" subcommand is best written as
//
//	os.Exit(render.WorkerMain(ctx, os.Stdin, os.Stdout, os.Stderr))
//
// though any main that calls ServeWorker and exits non-zero on its error
// works with a Pool (without the worker-side time limit).
func WorkerMain(ctx context.Context, in io.Reader, out, errOut io.Writer) int {
	limit, err := workerTimeout(os.Getenv(TimeoutEnv))
	if err != nil {
		fmt.Fprintln(errOut, oneLine(err.Error()))
		return exitFailed
	}
	var mu sync.Mutex // held by whoever writes the result: the render or the timer
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
		timer := time.AfterFunc(limit, func() {
			mu.Lock() // never unlocked: the process ends here
			err := sgmap.Errorf(sgmap.EUNAVAILABLE, "rendering took longer than %s: %s", limit, tooLargeHint)
			fmt.Fprintf(out, "%s%s %s\n", errorMarker, sgmap.EUNAVAILABLE, oneLine(errorText(err)))
			fmt.Fprintln(errOut, oneLine(errorText(err)))
			os.Exit(exitUnavailable)
		})
		defer timer.Stop()
	}
	err = ServeWorker(ctx, in, &lockedWriter{mu: &mu, w: out})
	if err == nil {
		return exitOK
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Fprintln(errOut, oneLine(errorText(err)))
	return exitCode(err)
}

// workerTimeout parses the [TimeoutEnv] value; "" means no limit.
func workerTimeout(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("render worker: %s=%q is not a positive duration", TimeoutEnv, v)
	}
	return d, nil
}

// lockedWriter writes to w under mu, so that a worker's SVG and its
// timeout error never interleave.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// errorText is the user-facing message of an [*sgmap.Error], else the
// whole error text.
func errorText(err error) string {
	var e *sgmap.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
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

// errorFromWorker rebuilds a failed worker's error from the line
// ServeWorker wrote on stdout or, failing that, from its exit code and
// first line of standard error.
func errorFromWorker(exit int, stdout []byte, stderr string) error {
	if line, ok := bytes.CutPrefix(stdout, []byte(errorMarker)); ok {
		line, _, _ = bytes.Cut(line, []byte("\n"))
		code, msg, _ := strings.Cut(string(line), " ")
		switch code {
		case sgmap.ETOOLARGE, sgmap.EINVALID, sgmap.EUNAVAILABLE:
			return sgmap.Errorf(code, "%s", msg)
		}
		return fmt.Errorf("render worker: %s", msg)
	}
	return errorFromExit(exit, firstLine(stderr))
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
