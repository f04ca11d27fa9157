package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/diff"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
)

// loadPlanSides reads a Terraform plan twice through package input, once
// per side (-plan-side before, then after); standard input is read once.
func loadPlanSides(e env, plan string) (a, b *sgmap.Snapshot, err error) {
	if plan == stdinName {
		data, err := io.ReadAll(io.LimitReader(e.stdin, sgmap.MaxSnapshotBytes+1))
		if err != nil {
			return nil, nil, fmt.Errorf("read standard input: %w", err)
		}
		e.stdin = bytes.NewReader(data)
		if a, err = loadPlanSide(e, plan, "before"); err != nil {
			return nil, nil, err
		}
		e.stdin = bytes.NewReader(data)
		b, err = loadPlanSide(e, plan, "after")
		return a, b, err
	}
	return loadBoth(func() (*sgmap.Snapshot, error) { return loadPlanSide(e, plan, "before") },
		func() (*sgmap.Snapshot, error) { return loadPlanSide(e, plan, "after") })
}

func loadPlanSide(e env, plan, side string) (*sgmap.Snapshot, error) {
	src := sourceFlags{snapshot: plan, scale: 1}
	src.in.planSide = side
	s, err := src.load(e)
	if err != nil {
		return nil, err
	}
	if s.Source != sgmap.SourceTerraformPlan {
		return nil, usagef("-plan: %s is not a Terraform plan (terraform show -json PLANFILE), it reads as %s", plan, sgmap.SourceLabel(s.Source))
	}
	return s, nil
}

// diffSVG renders the visual diff of one VPC: vpc, else the only VPC
// with a change, else the only VPC.
func diffSVG(ctx context.Context, a, b *sgmap.Snapshot, d *diff.Diff, vpc string) ([]byte, error) {
	g, err := diffGraph(a, b, d, vpc)
	if err != nil {
		return nil, err
	}
	return renderSVG(ctx, render.NewWasm(), g)
}

// diffGraph is the union graph that diffSVG draws.
func diffGraph(a, b *sgmap.Snapshot, d *diff.Diff, vpc string) (*graph.Graph, error) {
	if vpc == "" {
		changed := d.ChangedVPCs()
		switch all := sortedVPCs(a, b); {
		case len(changed) == 1:
			vpc = changed[0]
		case len(all) == 1:
			vpc = all[0]
		case len(changed) == 0:
			return nil, usagef("-format svg draws one VPC and nothing changed: pick one with -vpc (%s)", describeVPCs(b, all))
		default:
			return nil, usagef("-format svg draws one VPC and %d changed: pick one with -vpc (%s)", len(changed), describeVPCs(b, changed))
		}
	}
	return diff.Visual(a, b, d, vpc, graph.Options{})
}

// renderSVG writes g as DOT and renders it.
func renderSVG(ctx context.Context, r render.Renderer, g *graph.Graph) ([]byte, error) {
	var dot bytes.Buffer
	if err := graph.WriteDOT(&dot, g); err != nil {
		return nil, err
	}
	svg, err := r.SVG(ctx, dot.Bytes())
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", g.VPC, err)
	}
	return svg, nil
}

// sortedVPCs is the union of both sides' VPC ids.
func sortedVPCs(a, b *sgmap.Snapshot) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range []*sgmap.Snapshot{a, b} {
		for _, v := range s.VPCIDs() {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}
