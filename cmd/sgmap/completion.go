package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/sgmap/sgmap/demo"
)

func runCompletion(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "completion", "bash|zsh|fish", `
Print a shell completion script: commands, each command's flags, demo names
after -demo, the values of -format, -view and -fail-on, and file names
elsewhere. Load it with:
  bash:  source <(sgmap completion bash)     (or save it in /etc/bash_completion.d/sgmap)
  zsh:   source <(sgmap completion zsh)      (uses zsh's bash completion support)
  fish:  sgmap completion fish > ~/.config/fish/completions/sgmap.fish`)
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("completion needs one shell: bash, zsh or fish")
	}
	specs := completionSpecs(ctx)
	var script string
	switch rest[0] {
	case "bash":
		script = bashCompletion(specs)
	case "zsh":
		script = "#compdef sgmap\nautoload -U +X bashcompinit && bashcompinit\n" + bashCompletion(specs)
	case "fish":
		script = fishCompletion(specs)
	default:
		return usagef("completion: unknown shell %q (bash, zsh or fish)", rest[0])
	}
	_, err = io.WriteString(e.stdout, script)
	return err
}

// commandSpec is what completion knows of a command: its flags, read from
// its own -h so the scripts never drift from the flag sets.
type commandSpec struct {
	name, summary string
	flags         []string
	usage         map[string]string // flag -> its help text
}

func completionSpecs(ctx context.Context) []commandSpec {
	var out []commandSpec
	for _, c := range commands() {
		if c.hidden {
			continue
		}
		var help bytes.Buffer
		e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: &help}
		_ = c.run(ctx, []string{"-h"}, e)
		out = append(out, commandSpec{name: c.name, summary: c.summary, flags: helpFlags(help.String()), usage: helpUsages(help.String())})
	}
	return out
}

var flagLine = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)\b.*\n\s+\t?(.*)$`)

// helpFlags lists the flags a flag set's PrintDefaults output explains.
func helpFlags(help string) []string {
	var out []string
	for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
		out = append(out, m[1])
	}
	return out
}

func helpUsages(help string) map[string]string {
	out := map[string]string{}
	for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// flagValues are the fixed values some flags take, by command ("" for all).
func flagValues(cmd, flag string) string {
	switch flag {
	case "demo":
		return strings.Join(demo.Names(), " ")
	case "view":
		return "overview detail"
	case "fail-on":
		return "info warning error"
	case "renderer":
		return "embedded native"
	case "log-format":
		return "text json"
	case "log-level":
		return "debug info warn error"
	case "format":
		switch cmd {
		case "render":
			return "svg dot json mermaid png pdf"
		case "lint":
			return "text json json-lines sarif"
		case "rules":
			return "csv md json"
		case "diff":
			return "text json md sarif"
		}
	}
	return ""
}

func bashCompletion(specs []commandSpec) string {
	var b strings.Builder
	var names []string
	for _, s := range specs {
		names = append(names, s.name)
	}
	b.WriteString("# sgmap completion for bash (sgmap completion bash)\n_sgmap() {\n")
	b.WriteString("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]} flags= values=\n")
	fmt.Fprintf(&b, "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(names, " ")+" help --version")
	b.WriteString("  case \"$cmd\" in\n")
	for _, s := range specs {
		fmt.Fprintf(&b, "  %s)\n    flags=%q\n    case \"$prev\" in\n", s.name, "-"+strings.Join(s.flags, " -"))
		for _, f := range s.flags {
			if v := flagValues(s.name, f); v != "" {
				fmt.Fprintf(&b, "    -%s) values=%q;;\n", f, v)
			}
		}
		b.WriteString("    esac;;\n")
	}
	b.WriteString("  help) COMPREPLY=($(compgen -W " + fmt.Sprintf("%q", strings.Join(names, " ")) + " -- \"$cur\")); return;;\n  esac\n")
	b.WriteString("  if [ -n \"$values\" ]; then COMPREPLY=($(compgen -W \"$values\" -- \"$cur\")); return; fi\n")
	b.WriteString("  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); return; fi\n")
	b.WriteString("  COMPREPLY=($(compgen -f -- \"$cur\"))\n}\ncomplete -o filenames -F _sgmap sgmap\n")
	return b.String()
}

func fishCompletion(specs []commandSpec) string {
	var b strings.Builder
	b.WriteString("# sgmap completion for fish (sgmap completion fish)\n")
	for _, s := range specs {
		fmt.Fprintf(&b, "complete -c sgmap -f -n __fish_use_subcommand -a %s -d %s\n", s.name, fishQuote(s.summary))
	}
	for _, s := range specs {
		for _, f := range s.flags {
			line := fmt.Sprintf("complete -c sgmap -n '__fish_seen_subcommand_from %s' -o %s -d %s", s.name, f, fishQuote(s.usage[f]))
			if v := flagValues(s.name, f); v != "" {
				line += " -x -a " + fishQuote(v)
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// fishQuote single-quotes s for fish, escaping \ and '.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
