package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRender_PNGAndPDF: -format png and pdf write a PNG at -dpi and a PDF,
// byte-identical across runs; -dpi out of range or without png is a usage
// error.
func TestRender_PNGAndPDF(t *testing.T) {
	dir := t.TempDir()
	width := map[string]int{}
	for _, c := range []struct {
		name  string
		args  []string
		magic string
	}{
		{"png96", []string{"-format", "png"}, "\x89PNG\r\n\x1a\n"},
		{"png192", []string{"-format", "png", "-dpi", "192"}, "\x89PNG\r\n\x1a\n"},
		{"pdf", []string{"-format", "pdf"}, "%PDF-"},
	} {
		var first []byte
		for i := range 2 {
			out := filepath.Join(dir, c.name)
			r := mustRun(t, nil, append([]string{"render", "-demo", "article", "-o", out}, c.args...)...)
			if r.code != 0 {
				t.Fatalf("%s: exit %d: %s", c.name, r.code, r.stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil || !bytes.HasPrefix(b, []byte(c.magic)) {
				t.Fatalf("%s: %v, starts %.8q", c.name, err, b)
			}
			if i == 1 && !bytes.Equal(b, first) {
				t.Errorf("%s: two runs differ", c.name)
			}
			first = b
		}
		if strings.HasPrefix(c.name, "png") {
			cfg, err := png.DecodeConfig(bytes.NewReader(first))
			if err != nil {
				t.Fatal(err)
			}
			width[c.name] = cfg.Width
		}
	}
	if w1, w2 := width["png96"], width["png192"]; w2 < 2*w1-2 || w2 > 2*w1+2 {
		t.Errorf("-dpi 192 is %d px wide, 96 dpi %d px: want twice", w2, w1)
	}
	for _, args := range [][]string{{"-format", "png", "-dpi", "0"}, {"-format", "svg", "-dpi", "192"}} {
		r := mustRun(t, nil, append([]string{"render", "-demo", "article"}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "-dpi") || r.stdout != "" {
			t.Errorf("render %v: exit %d, %q", args, r.code, r.stderr)
		}
	}
}
