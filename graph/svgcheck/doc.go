package svgcheck

import "slices"

// Cluster returns the cluster with the given id.
func (d *Doc) Cluster(id string) (Element, bool) { return find(d.Clusters, id) }

// Node returns the node with the given id.
func (d *Doc) Node(id string) (Element, bool) { return find(d.Nodes, id) }

// Edge returns the edge with the given id.
func (d *Doc) Edge(id string) (Element, bool) { return find(d.Edges, id) }

func find(es []Element, id string) (Element, bool) {
	i := slices.IndexFunc(es, func(e Element) bool { return e.ID == id })
	if i < 0 {
		return Element{}, false
	}
	return es[i], true
}

// IDs returns the ids of es, in order.
func IDs(es []Element) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// Enclosing returns the ids of the clusters whose outline box contains the
// centre of the node with id nodeID, in document order (outermost first).
// It returns nil for an unknown node or a node drawn without geometry
// (Graphviz does not draw invisible nodes at all).
func (d *Doc) Enclosing(nodeID string) []string {
	n, ok := d.Node(nodeID)
	if !ok || !n.HasBox {
		return nil
	}
	c := n.Centre()
	var out []string
	for _, cl := range d.Clusters {
		if cl.HasBox && cl.Box.Contains(c) {
			out = append(out, cl.ID)
		}
	}
	return out
}

// HasText reports whether s is the whole content of one of the drawing's
// <text> elements.
func (d *Doc) HasText(s string) bool { return slices.Contains(d.Texts, s) }
