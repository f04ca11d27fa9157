package audit

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// TestGolden writes each report of the two article demos and compares it
// with testdata/<demo>.<ext>. Regenerate with go test ./audit -update and
// review the diff like code.
func TestGolden(t *testing.T) {
	for _, name := range []string{"article", "antipattern"} {
		s := mustDemo(t, name)
		fs := Run(s, Options{})
		rows := RuleTable(s, fs)
		outputs := []struct {
			ext   string
			write func(io.Writer) error
		}{
			{"findings.txt", func(w io.Writer) error { return WriteText(w, fs, TextOptions{}) }},
			{"findings.color.txt", func(w io.Writer) error { return WriteText(w, fs, TextOptions{Color: true}) }},
			{"findings.json", func(w io.Writer) error { return WriteJSON(w, fs) }},
			{"findings.sarif", func(w io.Writer) error { return WriteSARIF(w, fs, "0.0.0-test") }},
			{"rules.csv", func(w io.Writer) error { return WriteCSV(w, rows) }},
			{"rules.md", func(w io.Writer) error { return WriteMarkdown(w, rows) }},
			{"rules.json", func(w io.Writer) error { return WriteRowsJSON(w, rows) }},
		}
		for _, o := range outputs {
			t.Run(name+"."+o.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := o.write(&buf); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", name+"."+o.ext), buf.Bytes())
			})
		}
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./audit -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./audit -update and review the diff\n--- got:\n%s", path, got)
	}
}
