package main

import (
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/diff"
	"github.com/sgmap/sgmap/graph"
)

// buildDiffGraph is render -diff-from: the visual diff from the snapshot
// at path from (read with the same input and redaction flags as the newer
// side, so that redacted ids still pair) to s, in opt's view.
func buildDiffGraph(e env, src sourceFlags, from string, s *sgmap.Snapshot, vpc string, opt graph.Options, format string) (*graph.Graph, error) {
	if format == "mermaid" {
		return nil, usagef("-diff-from draws change colours, which mermaid has not: use -format svg, dot, json or drawio")
	}
	if from == stdinName && src.snapshot == stdinName {
		return nil, usagef("only one side can be read from standard input")
	}
	older := src
	older.snapshot, older.demo, older.scale = from, "", 1
	a, err := older.load(e)
	if err != nil {
		return nil, err
	}
	d := diff.Compare(a, s, diff.Options{VPC: vpc, NoFindings: true})
	return diff.Visual(a, s, d, vpc, opt)
}
