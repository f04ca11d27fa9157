package render

import (
	"bytes"
	"errors"
	"fmt"
)

// countEdgeGroups counts the edges Graphviz drew in svg: the <g> start
// tags whose class attribute begins with the word "edge" (Graphviz writes
// its own class first, then the DOT's class). It is a byte scan, not an
// XML parse: on the large demo's 6.8 MB overview it takes milliseconds
// where encoding/xml took 0.3 s, 5 % of the whole render
// (docs/performance.md, "Rendering"). That is sound for Graphviz output,
// which escapes '<', '>' and '"' inside attribute values and text, so no
// data can forge a tag or a class attribute. Output that does not end in
// </svg> is refused as truncated.
func countEdgeGroups(svg []byte) (int, error) {
	if !bytes.HasSuffix(bytes.TrimSpace(svg), []byte("</svg>")) {
		return 0, errors.New("check rendered svg: truncated (no closing </svg>)")
	}
	n := 0
	for rest := svg; ; {
		i := bytes.Index(rest, []byte("<g "))
		if i < 0 {
			return n, nil
		}
		rest = rest[i+len("<g "):]
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return 0, errors.New("check rendered svg: unterminated <g> tag")
		}
		if isEdgeClass(classOf(rest[:end])) {
			n++
		}
		rest = rest[end:]
	}
}

// classOf returns the value of the class attribute in a tag's attributes.
func classOf(attrs []byte) []byte {
	_, v, ok := bytes.Cut(attrs, []byte(` class="`))
	if !ok {
		return nil
	}
	v, _, _ = bytes.Cut(v, []byte(`"`))
	return v
}

// isEdgeClass reports whether a class list starts with the word "edge".
func isEdgeClass(class []byte) bool {
	rest, ok := bytes.CutPrefix(class, []byte("edge"))
	return ok && (len(rest) == 0 || rest[0] == ' ')
}

// checkEdges returns an error unless svg has exactly want edge groups.
func checkEdges(svg []byte, want int) error {
	got, err := countEdgeGroups(svg)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("graphviz drew %d of the %d edges in the DOT: refusing an incomplete picture", got, want)
	}
	return nil
}
