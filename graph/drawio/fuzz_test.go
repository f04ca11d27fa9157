package drawio_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
)

// FuzzWrite: any SVG gives an error or a well-formed file, never a crash.
func FuzzWrite(f *testing.F) {
	f.Add([]byte(`<svg><g class="graph" transform="translate(4 100)"><g id="c" class="cluster"><path d="M0,0C1,1 2,2 3,3"/><text>a&lt;b</text></g>` +
		`<g id="n" class="node"><polygon points="1,1 2,2"/><polygon fill="red" points=""/><text text-anchor="start">x</text></g>` +
		`<g id="e" class="edge"><title>n-&gt;anchor:c</title><path d="M1,1C2,2 3,3 4,4"/><text>l</text></g></g></svg>`))
	f.Add([]byte(`<svg><g id="legend" class="node legend"><path d="M0,0"/></g><g id="e" class="edge"><title>legend-&gt;legend</title><path d="M0,0"/></g></svg>`))
	f.Fuzz(func(t *testing.T, svg []byte) {
		var out bytes.Buffer
		if err := drawio.Write(&out, &graph.Graph{}, svg); err != nil {
			return
		}
		dec := xml.NewDecoder(&out)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("output is not XML: %v", err)
			}
		}
	})
}
