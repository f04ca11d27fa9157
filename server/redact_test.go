package server

import (
	"encoding/json"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

// TestRedactQuery: redact=1 on diagram.svg, .dot, .mmd, .drawio, .pdf (its
// bytes and its text as pdftotext reads it) and graph.json of the hostile
// redaction fixture leaves none of its ids, addresses, names or texts, keeps
// the counts of the plain graph, and gives the same bytes twice; the
// redacted PNG is a PNG other than the plain one (asked for first, so a
// cache keyed without redact would serve it).
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
	for _, f := range []string{"/diagram.svg", "/diagram.dot", "/graph.json", "/diagram.mmd", "/diagram.drawio", "/diagram.pdf", "/diagram.png"} {
		q := "?view=detail&findings=1&redact=1"
		plainFirst := do(t, s, "GET", base+f+"?view=detail&findings=1", nil, auth...)
		w := do(t, s, "GET", base+f+q, nil, auth...)
		if w.Code != 200 || plainFirst.Code != 200 {
			t.Fatalf("GET %s = %d %s (plain %d)", f, w.Code, w.Body, plainFirst.Code)
		}
		if plainFirst.Body.String() == w.Body.String() {
			t.Errorf("%s: redact=1 served the plain bytes", f)
		}
		body := w.Body.String()
		texts := []string{body}
		switch f {
		case "/diagram.pdf":
			texts = append(texts, pdfToText(t, body))
		case "/diagram.png":
			if _, err := png.Decode(strings.NewReader(body)); err != nil {
				t.Errorf("%s?redact=1: %v", f, err)
			}
		}
		for _, sec := range secrets {
			for _, text := range texts {
				if strings.Contains(text, sec) {
					t.Errorf("%s?redact=1 holds %q", f, sec)
					break
				}
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

// pdfToText is poppler's pdftotext of pdf; missing, it fails under CI=true
// (scripts/install-test-deps.sh installs it) and skips otherwise.
func pdfToText(t *testing.T, pdf string) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is missing; scripts/install-test-deps.sh installs it")
		}
		t.Skip("no pdftotext: sudo apt-get install -y poppler-utils")
	}
	cmd := exec.Command(tool, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil || len(strings.Fields(string(out))) < 5 {
		t.Fatalf("pdftotext: %v, %q", err, out)
	}
	return string(out)
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
