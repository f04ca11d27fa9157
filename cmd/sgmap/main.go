// Command sgmap draws AWS security groups as enclosures around the things
// they contain, with labelled lines between them. See `sgmap help`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// fatalf is for the few errors before run has an stderr to report to.
func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sgmap: "+format+"\n", args...)
	os.Exit(1)
}
