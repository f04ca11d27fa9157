package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// env is everything run takes from the process, so tests can call run with
// their own: no globals, no os.Getenv deep inside.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Exit codes.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3 // lint: findings reached -fail-on
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct {
	msg   string
	quiet bool // the flag package already printed it, with the usage
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCodeError carries an exit code other than 1 for an outcome that is not
// an error message (lint findings).
type exitCodeError struct{ code int }

func (e *exitCodeError) Error() string { return fmt.Sprintf("exit %d", e.code) }

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, e env) error
	hidden  bool
}

func commands() []command {
	return []command{
		{name: "serve", summary: "start the dashboard (embedded demos, a data folder, uploads, live collection)", run: runServe},
		{name: "collect", summary: "collect a snapshot from AWS with read-only calls", run: runCollect},
		{name: "import", summary: "build a snapshot from saved AWS CLI JSON outputs", run: runImport},
		{name: "render", summary: "draw one VPC of a snapshot as SVG, DOT or graph JSON", run: runRender},
		{name: "diff", summary: "what changed between two snapshots: groups, rules, members, findings introduced", run: runDiff},
		{name: "lint", summary: "report findings: groups named for rules, missing justifications, open admin ports, …", run: runLint},
		{name: "reach", summary: "who can reach X, what X can reach: flows with their path and rules", run: runReach},
		{name: "exposure", summary: "list what the Internet reaches, directly or through a load balancer", run: runExposure},
		{name: "rules", summary: "write the rule-justification table (CSV, Markdown, JSON)", run: runRules},
		{name: "demo", summary: "list the embedded demos, or print one as snapshot JSON", run: runDemo},
		{name: "store", summary: "list, delete and prune the snapshots of a data folder (series, retention)", run: runStore},
		{name: "embed", summary: "print a signed, expiring link to a diagram of a server with a token", run: runEmbed},
		{name: "healthcheck", summary: "check that a running server answers /healthz (for container health checks)", run: runHealthcheck},
		{name: "version", summary: "print the version (also --version, -v)", run: runVersion},
		{name: "completion", summary: "print a shell completion script: bash, zsh or fish", run: runCompletion},
		{name: "__render", summary: "render worker (internal): DOT on stdin, SVG on stdout", run: runRenderWorker, hidden: true},
	}
}

// run executes one sgmap command line and returns the process exit code.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "-h"}, e)
		}
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "--version", "-version", "-v":
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], e)
		return report(e.stderr, err)
	}
	fmt.Fprintf(e.stderr, "sgmap: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return exitUsage
}

// report prints err the one way sgmap prints errors and picks the exit code.
func report(w io.Writer, err error) int {
	var ue *usageError
	var ce *exitCodeError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ce):
		return ce.code
	case errors.As(err, &ue):
		if !ue.quiet {
			fmt.Fprintf(w, "sgmap: %s\nRun 'sgmap help' for usage.\n", ue.msg)
		}
		return exitUsage
	}
	// Errors without an sgmap code are mostly the system's (a missing
	// directory, a port in use): their own text says what happened.
	fmt.Fprintf(w, "sgmap: %s\n", err.Error())
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprint(w, `sgmap draws AWS security groups as enclosures around the things they contain
(instances, load balancers, ECS tasks, Lambda functions, databases, endpoints),
with labelled lines (protocol, ports) between them.

Usage:
  sgmap <command> [flags]

Commands:
`)
	for _, c := range commands() {
		if !c.hidden {
			fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprint(w, `
Run 'sgmap <command> -h' for a command's flags.

Start here, no AWS account needed:
  sgmap serve                           # dashboard on http://127.0.0.1:8080 with the demos
  sgmap render -demo article -o a.svg   # the article's design as an SVG
`)
}

// newFlagSet returns a flag set that prints its usage to e.stderr with a
// synopsis line and a description.
func newFlagSet(e env, name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet("sgmap "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sgmap %s %s\n\n%s\n\nFlags:\n", name, synopsis, strings.TrimSpace(description))
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and returns the positional arguments. Flags may come
// before, between or after them ("sgmap import exports/ -o snap.json"), as
// users type them; after "--" everything is positional. Flag errors become
// usage errors, and stray arguments are one unless allowArgs.
func parse(fs *flag.FlagSet, args []string, allowArgs bool) ([]string, error) {
	var rest []string
	for {
		// The flag package would print its error and the whole usage
		// itself; sgmap prints errors one way ("sgmap: …") instead.
		out := fs.Output()
		fs.SetOutput(io.Discard)
		err := fs.Parse(args)
		fs.SetOutput(out)
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return nil, err
		} else if err != nil {
			name := strings.TrimPrefix(fs.Name(), "sgmap ")
			return nil, usagef("%s: %v", name, err)
		}
		left := fs.Args()
		if consumed := len(args) - len(left); consumed > 0 && args[consumed-1] == "--" {
			rest = append(rest, left...) // after "--" nothing is a flag
			break
		}
		if len(left) == 0 {
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	if !allowArgs && len(rest) > 0 {
		return nil, usagef("%s: unexpected argument %q", strings.TrimPrefix(fs.Name(), "sgmap "), rest[0])
	}
	return rest, nil
}
