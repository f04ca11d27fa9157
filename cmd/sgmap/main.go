// Command sgmap draws AWS security groups as enclosures around the things
// they contain, with labelled lines between them. See `sgmap help`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	os.Exit(mainWithSignals(os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

// signalGrace is how long a command may take to stop after SIGINT or
// SIGTERM (serve shuts down within 10 s) before sgmap exits anyway; a
// second signal exits at once.
const signalGrace = 12 * time.Second

// mainWithSignals runs one command line with a context cancelled on
// SIGINT or SIGTERM. A command that fails or has not stopped signalGrace
// after the signal exits with 128 + the signal's number (130, 143); one
// that finishes cleanly (serve after its graceful shutdown) exits 0.
func mainWithSignals(args []string, e env) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	got := make(chan syscall.Signal, 1)
	go func() {
		s, ok := <-sigs
		if !ok {
			return
		}
		sig := s.(syscall.Signal)
		got <- sig
		cancel()
		select {
		case <-sigs:
		case <-time.After(signalGrace):
		}
		exitOnSignal(e.stderr, sig)
	}()
	code := run(ctx, args, e)
	select {
	case sig := <-got:
		if code != exitOK {
			return 128 + int(sig)
		}
	default:
	}
	return code
}

// exitOnSignal ends a command that did not stop when asked.
func exitOnSignal(w io.Writer, sig syscall.Signal) {
	fmt.Fprintf(w, "sgmap: stopped by %s\n", sig)
	os.Exit(128 + int(sig))
}
