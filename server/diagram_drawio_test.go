package server

import (
	"bytes"
	"encoding/xml"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/drawio"
)

// TestDiagramDrawio: diagram.drawio takes diagram.svg's parameters, is a
// draw.io file of that view, revalidates by ETag, keeps bad parameters out
// (400), honours redact=1, and the diagram page links it.
func TestDiagramDrawio(t *testing.T) {
	s := mustServer(t, Config{Demos: true, Version: "v1"})
	w := do(t, s, "GET", articleBase+"/diagram.drawio?view=detail", nil)
	if w.Code != 200 || w.Header().Get("Content-Type") != drawioType {
		t.Fatalf("GET diagram.drawio = %d %q: %.300s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	body := w.Body.String()
	if err := xml.Unmarshal([]byte(body), new(struct{})); err != nil || !strings.HasPrefix(body, "<mxfile ") {
		t.Fatalf("not a draw.io file (%v): %.200s", err, body)
	}
	for _, want := range []string{`label="game-servers-production"`, `sgmap_id="i-0a1b2c3d4e5f60001"`, `container=1`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Cache-Control") == "" {
		t.Fatalf("ETag %q Cache-Control %q", etag, w.Header().Get("Cache-Control"))
	}
	if w2 := do(t, s, "GET", articleBase+"/diagram.drawio?view=detail", nil, "If-None-Match", etag); w2.Code != 304 || w2.Body.Len() != 0 {
		t.Errorf("If-None-Match = %d with %d bytes, want 304 empty", w2.Code, w2.Body.Len())
	}
	if again := do(t, s, "GET", articleBase+"/diagram.drawio?view=detail", nil); again.Body.String() != body {
		t.Error("the same view gave different bytes")
	}
	if ov := do(t, s, "GET", articleBase+"/diagram.drawio", nil); ov.Code != 200 || ov.Header().Get("ETag") == etag {
		t.Errorf("overview: %d, ETag %q (the detail view's is %q)", ov.Code, ov.Header().Get("ETag"), etag)
	}
	if bad := do(t, s, "GET", articleBase+"/diagram.drawio?view=%3Cscript%3E", nil); bad.Code != 400 || bad.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("bad view = %d %q, want 400 in plain text", bad.Code, bad.Header().Get("Content-Type"))
	}
	page := do(t, s, "GET", articleBase+"?view=detail", nil).Body.String()
	if !strings.Contains(page, `<a id="download-drawio" href="`+articleBase+`/diagram.drawio?view=detail" download=`) {
		t.Error("the diagram page does not link diagram.drawio")
	}
}

// TestDiagramDrawio_Redact: redact=1 leaves none of the hostile fixture's
// markers, ids, accounts or addresses in the draw.io file.
func TestDiagramDrawio_Redact(t *testing.T) {
	const fixture = "../testdata/redact-hostile.snapshot.json"
	snap, err := sgmap.LoadSnapshotFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	s := mustServer(t, Config{Token: "tok"})
	id := mustSave(t, s, snap)
	base := "/snapshots/" + id + "/vpcs/" + url.PathEscape(snap.VPCs[0].ID) + "/diagram.drawio?view=detail"
	auth := []string{"Authorization", "Bearer tok"}
	plain := do(t, s, "GET", base, nil, auth...)
	if plain.Code != 200 || !strings.Contains(plain.Body.String(), "Zqwebname") {
		t.Fatalf("plain: %d, fixture name missing: %.300s", plain.Code, plain.Body)
	}
	w := do(t, s, "GET", base+"&redact=1", nil, auth...)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<mxCell") {
		t.Fatalf("redacted: %d %.300s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "Zq") || strings.Contains(w.Body.String(), snap.VPCs[0].ID) {
		t.Error("redact=1 draw.io holds an original name or id")
	}
}

// TestDiagramDrawio_SameBytesAsCLI: the route's file is what the CLI
// writes (drawio.Write of the same graph and SVG).
func TestDiagramDrawio_SameBytesAsCLI(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap, err := demo.Get("article")
	if err != nil {
		t.Fatal(err)
	}
	opt := graph.Options{View: graph.Detail, Egress: true, SnapshotID: snap.ID}
	_, svg, _ := cliBytes(t, "article", articleVPC, opt)
	g, err := graph.Build(snap, articleVPC, opt)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := drawio.Write(&want, g, svg); err != nil {
		t.Fatal(err)
	}
	if w := do(t, s, "GET", articleBase+"/diagram.drawio?view=detail&egress=1", nil); !bytes.Equal(w.Body.Bytes(), want.Bytes()) {
		t.Errorf("diagram.drawio differs from the CLI's bytes (%d vs %d bytes)", w.Body.Len(), want.Len())
	}
}

// TestWriteError_NoAttachment: a download route that named its answer an
// attachment (draw.io) and then failed answers a message to read, not a
// file to save.
func TestWriteError_NoAttachment(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	w := httptest.NewRecorder()
	w.Header().Set("Content-Disposition", "attachment")
	s.writeError(w, httptest.NewRequest("GET", articleBase+"/diagram.drawio", nil), sgmap.Errorf(sgmap.ETOOLARGE, "too large"))
	if w.Code < 400 || w.Header().Get("Content-Disposition") != "" {
		t.Errorf("error answer: %d, Content-Disposition %q; want an error with none", w.Code, w.Header().Get("Content-Disposition"))
	}
}
