package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

func runExposure(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "exposure", sourceSynopsis+" [-vpc ID] [-format text|json] [-o FILE]", `
List everything the Internet (0.0.0.0/0, ::/0) reaches, directly or through a
load balancer, by owner and service, with the load balancer it passes. It is
'sgmap reach -from internet' for every VPC, flattened; lint reports the same
flows as internet-exposed (error for admin and database ports).`)
	var src sourceFlags
	src.register(fs)
	vpc := fs.String("vpc", "", "only this VPC `id` (default: every VPC)")
	format := fs.String("format", "text", "output `format`: text or json")
	out := fs.String("o", "", "write to `file` (atomically) instead of standard output")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("-format must be text or json, not %q", *format)
	}
	s, err := src.load(e)
	if err != nil {
		return err
	}
	vpcs := s.VPCIDs()
	if *vpc != "" {
		id, err := pickVPC(s, src.redact.id(*vpc))
		if err != nil {
			return err
		}
		vpcs = []string{id}
	}
	eng := reach.New(sgmap.NewIndex(s))
	all := []reach.Exposure{}
	for _, v := range vpcs {
		xs, err := eng.Exposed(v)
		if err != nil {
			return err
		}
		all = append(all, xs...)
	}
	return writeOutput(e, *out, func(w io.Writer) error {
		if *format == "json" {
			return writeJSON(w, struct {
				Exposed []reach.Exposure `json:"exposed"`
			}{all})
		}
		return writeExposureText(w, all)
	})
}

func writeExposureText(w io.Writer, xs []reach.Exposure) error {
	bw := bufio.NewWriter(w)
	if len(xs) == 0 {
		fmt.Fprintln(bw, "Nothing is reachable from the Internet.")
		return bw.Flush()
	}
	vpc := ""
	for _, x := range xs {
		if x.VPC != vpc {
			vpc = x.VPC
			fmt.Fprintf(bw, "%s\n", vpc)
		}
		via := "direct"
		if x.Via != nil {
			via = "via " + x.Via.Name + " (" + x.Entry + ")"
		}
		fmt.Fprintf(bw, "  %-40s %-14s %-16s %s\n", x.Owner.Name, x.Owner.Kind, x.Service, via)
	}
	fmt.Fprintf(bw, "%d exposed owner-service pair%s.\n", len(xs), map[bool]string{true: "", false: "s"}[len(xs) == 1])
	return bw.Flush()
}
