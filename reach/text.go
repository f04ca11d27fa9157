package reach

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteText writes r for a terminal: one block per flow, its hops
// numbered, each hop's rules (side, group, rule ID, service, peer and
// description) indented under it.
func WriteText(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	if len(r.Flows) == 0 {
		fmt.Fprintf(bw, "No flow %s in %s.\n", describe(r), r.VPC)
		return bw.Flush()
	}
	for _, f := range r.Flows {
		fmt.Fprintf(bw, "%s → %s  %s  [%s]\n", pointText(f.From), pointText(f.To), f.Service, f.Effective)
		for i, h := range f.Hops {
			via := "rule"
			if h.Via == "target" {
				via = "target group " + h.TargetGroup
			}
			fmt.Fprintf(bw, "  %d. %s → %s  %s  (%s)\n", i+1, h.From.Name, h.To.Name, h.Service, via)
			for _, a := range h.Allowed {
				dir := "to"
				if a.Direction == "ingress" {
					dir = "from"
				}
				desc := "(no description)"
				if a.Description != "" {
					desc = "“" + a.Description + "”"
				}
				fmt.Fprintf(bw, "       %s %s (%s) %s: %s %s %s %s\n", a.Direction, a.GroupName, a.Group, a.ID, a.Service, dir, a.Peer, desc)
			}
			if len(h.Allowed) == 0 {
				fmt.Fprintf(bw, "       (no rules of its own on either side: an end outside the snapshot's groups)\n")
			}
		}
	}
	fmt.Fprintf(bw, "%d flow%s %s in %s.\n", len(r.Flows), plural(len(r.Flows)), describe(r), r.VPC)
	return bw.Flush()
}

func describe(r *Result) string {
	var parts []string
	if r.From != nil {
		parts = append(parts, "from "+r.From.Name)
	}
	if r.To != nil {
		parts = append(parts, "to "+r.To.Name)
	}
	return strings.Join(parts, " ")
}

func pointText(p Point) string {
	if p.Name == p.ID || p.Kind == "internet" {
		return p.Name
	}
	return fmt.Sprintf("%s (%s %s)", p.Name, p.Kind, p.ID)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
