package server

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/graph/paint"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// TestDiffExports: the visual diff's diagram.png, .pdf and .drawio are its
// diagram.svg converted as a diagram's are (the same bytes the converters
// give for that SVG; the draw.io file has one edge per SVG edge, with the
// added edges' colour), with an ETag, 304, the dpi check and 404s; the diff page links them.
func TestDiffExports(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	ids := articleSeries(t, s)
	base := "/snapshots/" + ids[0] + "/diff/" + ids[1] + "/vpcs/vpc-0a1b2c3d4e5f60718/"
	svg := do(t, s, "GET", base+"diagram.svg", nil).Body.Bytes()
	doc, err := svgcheck.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	get := func(file, ctype string) []byte {
		t.Helper()
		w := do(t, s, "GET", base+file, nil)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != ctype || w.Header().Get("ETag") == "" || w.Header().Get("Cache-Control") == "" {
			t.Fatalf("%s: %d %q etag %q: %.200s", file, w.Code, w.Header().Get("Content-Type"), w.Header().Get("ETag"), w.Body)
		}
		if w2 := do(t, s, "GET", base+file, nil, "If-None-Match", w.Header().Get("ETag")); w2.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", file, w2.Code)
		}
		return w.Body.Bytes()
	}

	pngBody := get("diagram.png", "image/png")
	d, err := paint.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := paint.PNGWithin(d, paint.DefaultDPI, maxExportPixels)
	if err != nil || !bytes.Equal(pngBody, want) {
		t.Errorf("diff PNG is not the diff SVG painted (%v)", err)
	}
	small, err := png.DecodeConfig(bytes.NewReader(pngBody))
	if err != nil {
		t.Fatal(err)
	}
	big, err := png.DecodeConfig(bytes.NewReader(get("diagram.png?dpi=192", "image/png")))
	if err != nil || big.Width < 2*small.Width-2 || big.Width > 2*small.Width+2 {
		t.Errorf("dpi=192: %d px wide, 96 dpi %d (%v)", big.Width, small.Width, err)
	}

	pdfBody := get("diagram.pdf", "application/pdf")
	if want, err := paint.SVGToPDF(svg); err != nil || !bytes.Equal(pdfBody, want) {
		t.Errorf("diff PDF is not the diff SVG converted (%v)", err)
	}
	if text := pdfToText(t, string(pdfBody)); !strings.Contains(text, "game-servers-production") {
		t.Errorf("diff PDF text lacks the group: %.300s", text)
	}

	file := string(get("diagram.drawio", drawioType))
	added := ""
	for _, e := range doc.Edges {
		if e.HasClass("added") {
			added = e.Paint.Stroke
		}
	}
	if n := strings.Count(file, `sgmap_kind="edge"`); n != len(doc.Edges) || added == "" || !strings.Contains(file, "strokeColor="+added) {
		t.Errorf("diff draw.io: %d edges, the SVG %d; added colour %q in it: %v", n, len(doc.Edges), added, strings.Contains(file, "strokeColor="+added))
	}

	page := do(t, s, "GET", strings.TrimSuffix(base, "/vpcs/vpc-0a1b2c3d4e5f60718/"), nil).Body.String()
	for _, f := range []string{"diagram.png", "diagram.pdf", "diagram.drawio"} {
		if !strings.Contains(page, `<a class="diff-download" href="`+base+f+`" download="diff-vpc-0a1b2c3d4e5f60718.`) {
			t.Errorf("the diff page does not link %s", f)
		}
	}

	for path, code := range map[string]int{
		base + "diagram.png?dpi=7": http.StatusBadRequest,
		strings.Replace(base, "vpc-0a1b2c3d4e5f60718", "vpc-nope", 1) + "diagram.pdf": http.StatusNotFound,
		strings.Replace(base, ids[1], "nope", 1) + "diagram.drawio":                   http.StatusNotFound,
	} {
		if w := do(t, s, "GET", path, nil); w.Code != code {
			t.Errorf("%s: %d, want %d", path, w.Code, code)
		}
	}
}
