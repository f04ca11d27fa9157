package diff

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the text, json and md output of the article change
// (go test ./diff -update rewrites them; review the diff before committing).
func TestGolden(t *testing.T) {
	a, b := articleChanged(t)
	d := Compare(a, b, Options{})
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"article.txt", func(w *bytes.Buffer) error { return WriteText(w, d) }},
		{"article.json", func(w *bytes.Buffer) error { return WriteJSON(w, d, "test") }},
		{"article.md", func(w *bytes.Buffer) error { return WriteMarkdown(w, d) }},
	} {
		var buf bytes.Buffer
		if err := tc.write(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", tc.file)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./diff -update)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s differs from the golden file:\n%s", tc.file, buf.String())
		}
	}
}
