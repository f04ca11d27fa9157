package graph

import (
	"fmt"
	"slices"
	"strings"
)

// shortenLabels cuts the labels of edges that [aggregateEdges] kept as
// they were to a few services ([mergeLabels]), as it does for merged ones:
// the whole list becomes the first tooltip line ("services: …"). An
// application's overview uses it so that no label is longer than a
// map's.
func shortenLabels(edges []Edge) []Edge {
	for i := range edges {
		e := &edges[i]
		if e.Kind != EdgeRule || fullLabel(*e) != e.Label {
			continue // a merged edge is cut short already
		}
		short, full := mergeLabels([]string{e.Label})
		if short == e.Label {
			continue
		}
		e.Label = short
		e.Details = append([]string{"services: " + full}, e.Details...)
	}
	return edges
}

// onePerPair merges the edges of one kind between the same two boxes into
// one, so that no two labels of an application's overview run side by
// side: its label merges the services of all of them ([mergeLabels]),
// its effective value is the most open one among them (both, then
// ingress-only, then egress-only), and its tooltip says, after the whole
// list of services, which were one-sided ("ingress-only: TCP 3000"). An
// edge alone on its pair is kept as it is. edges must be sorted by ID.
func onePerPair(edges []Edge) []Edge {
	type pair struct{ from, to, kind string }
	byPair := map[pair][]int{}
	var order []pair
	for i, e := range edges {
		p := pair{e.From, e.To, e.Kind}
		if byPair[p] == nil {
			order = append(order, p)
		}
		byPair[p] = append(byPair[p], i)
	}
	out := make([]Edge, 0, len(order))
	for _, p := range order {
		idx := byPair[p]
		if len(idx) == 1 {
			out = append(out, edges[idx[0]])
			continue
		}
		out = append(out, mergePair(edges, idx))
	}
	slices.SortFunc(out, func(a, c Edge) int { return strings.Compare(a.ID, c.ID) })
	return out
}

// effectiveRank orders effective values from the most open.
var effectiveRank = map[string]int{EffectiveBoth: 0, IngressOnly: 1, EgressOnly: 2}

// mergePair is the one edge standing for edges[idx] (one box pair, one
// kind).
func mergePair(edges []Edge, idx []int) Edge {
	first := edges[idx[0]]
	m := Edge{From: first.From, To: first.To, Kind: first.Kind, Effective: first.Effective, Rules: []string{}}
	var labels, sided, details []string
	for _, i := range idx {
		e := edges[i]
		if effectiveRank[e.Effective] < effectiveRank[m.Effective] {
			m.Effective = e.Effective
		}
		labels = append(labels, fullLabel(e))
		m.Rules = append(m.Rules, e.Rules...)
		details = append(details, e.Details...)
	}
	for _, i := range idx {
		if e := edges[i]; e.Effective != m.Effective {
			sided = append(sided, e.Effective+": "+fullLabel(e))
		}
	}
	short, full := mergeLabels(labels)
	slices.Sort(m.Rules)
	m.Rules = slices.Compact(m.Rules)
	m.Label = short
	m.ID = "edge:" + m.Kind + ":" + m.From + "->" + m.To + ":" + m.Effective
	details = slices.DeleteFunc(details, func(s string) bool { return strings.HasPrefix(s, "services: ") })
	if len(details) > maxDetails {
		details = append(details[:maxDetails], fmt.Sprintf("… and %d more", len(details)-maxDetails))
	}
	m.Details = slices.Concat([]string{"services: " + full}, sided, details)
	return m
}

// An application's overview is laid out top to bottom (sources, the
// application's groups, destinations), more tightly than an overview:
// counted and folded, it fits a screen that way (docs/apps.md).
const (
	appRankdir = "TB"
	appNodesep = "0.2"
	appRanksep = "0.6"
)
