package graph

// appStagger is the number of ranks an application's overview spreads
// its sinks over (like Graphviz's unflatten -l): the boxes nothing leaves
// from (databases, the applications it reaches, "+N more") would
// otherwise all sit in the last rank, side by side, making the drawing
// far wider than a screen.
const appStagger = 3

// appMinlen returns, for an application's overview, the minlen of each
// edge into a sink (by edge index): 1, 2, … appStagger in turn over the
// sinks in the order their first edge comes. Other edges keep dot's
// default (absent from the map).
func (d *dotWriter) appMinlen() map[int]int {
	out := map[string]bool{}
	for _, e := range d.g.Edges {
		if from, to := d.top(e.From), d.top(e.To); from != to {
			out[from] = true
		}
	}
	index := map[string]int{}
	minlen := map[int]int{}
	for i, e := range d.g.Edges {
		from, to := d.top(e.From), d.top(e.To)
		end := ""
		switch {
		case from == to:
		case !out[to]:
			end = to
		}
		if end == "" {
			continue
		}
		k, ok := index[end]
		if !ok {
			k = len(index)
			index[end] = k
		}
		if n := 1 + k%appStagger; n > 1 {
			minlen[i] = n
		}
	}
	return minlen
}
