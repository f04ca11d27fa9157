package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// part is what one rule (or target registration) of a flow puts on one of
// the flow's edges.
type part struct {
	effective string
	svcs      []sgmap.Service
	fr        *flowRule
	note      string
}

// flowEdges splits a flow into one edge per effective value (docs/graph-json.md):
// what passes both the source's egress and the destination's ingress is
// "both"; the rest of an ingress rule's service is "ingress-only" and the
// rest of an egress rule's "egress-only". A target registration's rest is
// ingress-only when the target admits it, egress-only when the load
// balancer sends it, and ingress-only when neither does.
func (b *builder) flowEdges(f *flow) []Edge {
	k := f.key
	src, dst := b.endpointOf(k.from), b.endpointOf(k.to)
	b.outBuf = b.eng.GrantsTo(b.outBuf[:0], src, sgmap.Egress, dst)
	b.inBuf = b.eng.GrantsTo(b.inBuf[:0], dst, sgmap.Ingress, src)
	out, in := b.outBuf, b.inBuf
	parts := b.parts[:0]
	defer func() { b.parts, b.svcBuf = parts[:0], b.svcBuf[:0] }()
	for i := range f.rules {
		fr := &f.rules[i]
		n := len(b.svcBuf)
		b.svcBuf = reach.PassingTo(b.svcBuf, out, in, fr.svc)
		both := b.svcBuf[n:len(b.svcBuf):len(b.svcBuf)]
		if len(both) > 0 {
			parts = append(parts, part{effective: EffectiveBoth, svcs: both, fr: fr})
		}
		n = len(b.svcBuf)
		b.svcBuf = reach.SubtractTo(b.svcBuf, fr.svc, both)
		rest := b.svcBuf[n:len(b.svcBuf):len(b.svcBuf)]
		if len(rest) == 0 {
			continue
		}
		eff := IngressOnly
		switch {
		case k.kind == EdgeTarget && !coversAll(in, fr.svc) && coversAll(out, fr.svc):
			eff = EgressOnly
		case k.kind == EdgeRule && fr.egress:
			eff = EgressOnly
		}
		parts = append(parts, part{effective: eff, svcs: rest, fr: fr, note: b.sideNote(k, eff)})
	}
	var edges []Edge
	for _, eff := range []string{EffectiveBoth, IngressOnly, EgressOnly} {
		if e, ok := b.edgeOf(k, eff, parts); ok {
			edges = append(edges, e)
		}
	}
	return edges
}

// edgeOf assembles the edge of one effective value from a flow's parts.
func (b *builder) edgeOf(k flowKey, eff string, parts []part) (Edge, bool) {
	e := Edge{ID: "edge:" + k.kind + ":" + k.from + "->" + k.to + ":" + eff, From: k.from, To: k.to,
		Kind: k.kind, Effective: eff, Rules: []string{}}
	var svcs []sgmap.Service
	var labels, details []string
	for _, p := range parts {
		if p.effective != eff {
			continue
		}
		svcs = append(svcs, p.svcs...)
		e.Rules = append(e.Rules, p.fr.id)
		if p.fr.label != "" {
			labels = append(labels, p.fr.label)
		}
		if b.detailsFor == nil || b.detailsFor(k) {
			details = append(details, b.detailOf(p.fr)+p.note)
		}
	}
	if len(e.Rules) == 0 {
		return e, false
	}
	if k.kind == EdgeTarget {
		slices.Sort(labels)
		e.Label = strings.Join(slices.Compact(labels), ", ")
	} else {
		e.Label = sgmap.JoinServices(svcs)
	}
	slices.Sort(e.Rules)
	e.Rules = slices.Compact(e.Rules)
	slices.Sort(details)
	details = slices.Compact(details)
	if len(details) > maxDetails {
		details = append(details[:maxDetails], fmt.Sprintf("… and %d more", len(details)-maxDetails))
	}
	e.Details = details
	return e, true
}

// sideNote says, on a one-sided edge's tooltip line, which side does not
// let the rest through.
func (b *builder) sideNote(k flowKey, eff string) string {
	if eff == EgressOnly {
		return " [not admitted by " + b.nameOf(k.to) + " ingress]"
	}
	return " [not allowed by " + b.nameOf(k.from) + " egress]"
}

// coversAll reports whether one of grants admits all of svc (grants are
// the whole of what a side allows, so this is svc ⊆ their union for one
// rule).
func coversAll(grants []reach.Grant, svc sgmap.Service) bool {
	for _, g := range grants {
		if g.Service.Covers(svc) {
			return true
		}
	}
	return false
}
