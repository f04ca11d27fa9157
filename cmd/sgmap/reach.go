package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

func runReach(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "reach", sourceSynopsis+" [-vpc ID] (-to X | -from X) [-from Y | -to Y] [-port 443/tcp|53/udp|icmp|all] [-via-lb=true] [-format text|json] [-o FILE]", `
Answer "who can reach X" (-to X) and "what can X reach" (-from X), or
whether Y reaches X (both). X and Y are internet, a CIDR or IP, a group (ID
or name), an owner (ID or name) or an ENI ID. Each flow is one (source,
destination, service) with its path: the rules on each side that allow each
hop (group, rule ID, description). A load balancer is a hop: its listener,
then its target group, then the target port. With both ends given, what
only one side allows is listed too, as ingress-only or egress-only.
docs/reach.md describes the semantics and the JSON.`)
	var src sourceFlags
	src.register(fs)
	vpc := fs.String("vpc", "", "the VPC `id` (needed when the snapshot has several and X does not say)")
	from := fs.String("from", "", "the source `X`")
	to := fs.String("to", "", "the destination `X`")
	port := fs.String("port", "all", "what the source sends: `service` 443/tcp, 8000-8999/udp, icmp, icmpv6 or all")
	viaLB := fs.Bool("via-lb", true, "follow load balancers as hops (listener → target group → target)")
	format := fs.String("format", "text", "output `format`: text or json")
	out := fs.String("o", "", "write to `file` (atomically) instead of standard output")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	if *from == "" && *to == "" {
		return usagef("give -to X, -from X, or both")
	}
	if *format != "text" && *format != "json" {
		return usagef("-format must be text or json, not %q", *format)
	}
	svc, err := reach.ParseService(*port)
	if err != nil {
		return usagef("-port: %s", sgmap.ErrorMessage(err))
	}
	s, err := src.load(e)
	if err != nil {
		return err
	}
	eng := reach.New(sgmap.NewIndex(s))
	vpcID, err := reachVPC(s, eng, *vpc, *from, *to)
	if err != nil {
		return err
	}
	res, err := eng.Run(reach.Query{VPC: vpcID, From: *from, To: *to, Service: svc, NoLB: !*viaLB})
	if err != nil {
		return err
	}
	return writeOutput(e, *out, func(w io.Writer) error {
		if *format == "json" {
			return writeJSON(w, res)
		}
		return reach.WriteText(w, res)
	})
}

// reachVPC is -vpc, else the VPC that X or Y names, else the only one.
func reachVPC(s *sgmap.Snapshot, eng *reach.Engine, vpc string, ends ...string) (string, error) {
	if vpc == "" && len(s.VPCIDs()) > 1 {
		for _, end := range ends {
			if v := eng.VPCOf(end); v != "" {
				vpc = v
				break
			}
		}
	}
	return pickVPC(s, vpc)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
