package server

import (
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestRedactQuery: redact=1 on diagram.svg, diagram.dot and graph.json of
// the hostile redaction fixture leaves none of its ids, addresses, names or
// texts, keeps the counts of the plain graph, and gives the same bytes twice.
func TestRedactQuery(t *testing.T) {
	const fixture = "../testdata/redact-hostile.snapshot.json"
	snap, err := sgmap.LoadSnapshotFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	// Secrets: every "Zq…" marker and every id, account and address.
	secrets := regexp.MustCompile(`Zq[a-z0-9]+|[a-z]+-0[0-9a-f]{16}|\b[0-9]{12}\b|\b(?:10|172|192|198|203)\.[0-9.]+`).FindAllString(string(raw), -1)
	if len(secrets) < 60 {
		t.Fatalf("only %d secrets", len(secrets))
	}
	s := mustServer(t, Config{Token: "tok"})
	id := mustSave(t, s, snap)
	base := "/snapshots/" + id + "/vpcs/" + url.PathEscape(snap.VPCs[0].ID)
	auth := []string{"Authorization", "Bearer tok"}
	count := func(body []byte) [3]int {
		var g struct{ Groups, Nodes, Edges []json.RawMessage }
		if err := json.Unmarshal(body, &g); err != nil {
			t.Fatal(err)
		}
		return [3]int{len(g.Groups), len(g.Nodes), len(g.Edges)}
	}
	for _, f := range []string{"/diagram.svg", "/diagram.dot", "/graph.json"} {
		q := "?view=detail&findings=1&redact=1"
		w := do(t, s, "GET", base+f+q, nil, auth...)
		if w.Code != 200 {
			t.Fatalf("GET %s = %d %s", f, w.Code, w.Body)
		}
		body := w.Body.String()
		for _, sec := range secrets {
			if strings.Contains(body, sec) {
				t.Errorf("%s?redact=1 holds %q", f, sec)
			}
		}
		if again := do(t, s, "GET", base+f+q, nil, auth...); again.Body.String() != body {
			t.Errorf("%s: redacted bytes differ between requests", f)
		}
		if f == "/graph.json" {
			plain := do(t, s, "GET", base+f+"?view=detail&findings=1", nil, auth...)
			if !strings.Contains(plain.Body.String(), "Zqwebname") {
				t.Fatal("plain graph.json lacks the fixture's names")
			}
			if got, want := count(w.Body.Bytes()), count(plain.Body.Bytes()); got != want {
				t.Errorf("redacted counts %v, want %v", got, want)
			}
		}
	}
	if w := do(t, s, "GET", base+"/graph.json?redact=maybe", nil, auth...); w.Code != 400 {
		t.Errorf("redact=maybe = %d, want 400", w.Code)
	}
}

// TestRedactLink: the diagram page offers the redacted SVG, and that link
// serves it.
func TestRedactLink(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	w := do(t, s, "GET", articleBase+"?view=detail", nil)
	m := regexp.MustCompile(`<a id="download-redacted" href="([^"]+)"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no Share redacted link in the page")
	}
	svg := do(t, s, "GET", strings.ReplaceAll(m[1], "&amp;", "&"), nil)
	plain := do(t, s, "GET", articleBase+"/diagram.svg?view=detail", nil)
	if svg.Code != 200 || !strings.Contains(svg.Body.String(), "group&#45;") || strings.Contains(svg.Body.String(), "123456789012") ||
		!strings.Contains(plain.Body.String(), "123456789012") {
		t.Errorf("redacted link %s = %d, not a redacted SVG: %.300s\nplain: %.300s", m[1], svg.Code, svg.Body, plain.Body)
	}
}
