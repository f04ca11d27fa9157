package paint_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/paint"
	"github.com/sgmap/sgmap/graph/render"
)

// exportCase is one real diagram: its graph and Graphviz's SVG of it.
type exportCase struct {
	name string
	g    *graph.Graph
	svg  []byte
}

var (
	casesOnce sync.Once
	cases     []exportCase
	casesErr  error
)

// mustCases renders both article demos (with their findings, as the CLI
// draws them by default) and the hostile-names edge case, once.
func mustCases(t testing.TB) []exportCase {
	t.Helper()
	casesOnce.Do(func() {
		load := map[string]func() (*sgmap.Snapshot, error){
			"article":     func() (*sgmap.Snapshot, error) { return demo.Get("article") },
			"antipattern": func() (*sgmap.Snapshot, error) { return demo.Get("antipattern") },
			"hostile":     func() (*sgmap.Snapshot, error) { return sgmap.LoadSnapshotFile("../testdata/hostile.snapshot.json") },
		}
		for _, name := range []string{"article", "antipattern", "hostile"} {
			s, err := load[name]()
			if err != nil {
				casesErr = err
				return
			}
			vpc := s.VPCs[0].ID
			g, err := graph.BuildDefault(s, vpc, graph.Options{SnapshotID: s.ID})
			if err != nil {
				casesErr = err
				return
			}
			g.Annotate(audit.Annotations(audit.Run(s, audit.Options{VPC: vpc}), vpc))
			var dot bytes.Buffer
			if err := graph.WriteDOT(&dot, g); err != nil {
				casesErr = err
				return
			}
			svg, err := render.NewWasm().SVG(context.Background(), dot.Bytes())
			if err != nil {
				casesErr = err
				return
			}
			cases = append(cases, exportCase{name, g, svg})
		}
	})
	if casesErr != nil {
		t.Fatal(casesErr)
	}
	return cases
}

// viewBox returns the SVG's viewBox size.
func viewBox(t *testing.T, svg []byte) (w, h float64) {
	t.Helper()
	d, err := paint.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	return d.W, d.H
}

func TestPNG_SizeMagicDeterminism(t *testing.T) {
	for _, c := range mustCases(t) {
		t.Run(c.name, func(t *testing.T) {
			vw, vh := viewBox(t, c.svg)
			var w96 int
			for _, dpi := range []float64{96, 192} {
				a, err := paint.SVGToPNG(c.svg, dpi)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(a, []byte("\x89PNG\r\n\x1a\n")) {
					t.Fatalf("dpi %g: no PNG signature: %q", dpi, a[:8])
				}
				cfg, err := png.DecodeConfig(bytes.NewReader(a))
				if err != nil {
					t.Fatal(err)
				}
				// Same aspect ratio as the SVG, within a pixel of rounding.
				wantW, wantH := vw*dpi/72, vh*dpi/72
				if math.Abs(float64(cfg.Width)-wantW) > 1 || math.Abs(float64(cfg.Height)-wantH) > 1 {
					t.Errorf("dpi %g: %dx%d px, want %.1fx%.1f (viewBox %.2fx%.2f pt)", dpi, cfg.Width, cfg.Height, wantW, wantH, vw, vh)
				}
				if dpi == 96 {
					w96 = cfg.Width
				} else if math.Abs(float64(cfg.Width)-2*float64(w96)) > 2 {
					t.Errorf("192 dpi is %d px wide, not twice the 96 dpi %d px", cfg.Width, w96)
				}
				b, err := paint.SVGToPNG(c.svg, dpi)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("dpi %g: two runs gave different PNGs", dpi)
				}
			}
		})
	}
}

// TestPNG_Colours checks that the pixels carry the SVG's colours: the page
// is white and the fill of every cluster Graphviz drew appears.
func TestPNG_Colours(t *testing.T) {
	c := mustCases(t)[0]
	b, err := paint.SVGToPNG(c.svg, 96)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			seen[hex3(r>>8, g>>8, b>>8)]++
		}
	}
	if r, g, b, _ := img.At(0, 0).RGBA(); r>>8 != 255 || g>>8 != 255 || b>>8 != 255 {
		t.Errorf("corner pixel is not white")
	}
	fills := regexp.MustCompile(`class="cluster[^"]*"[\s\S]*?<path fill="(#[0-9a-f]{6})"`).FindAllSubmatch(c.svg, -1)
	if len(fills) == 0 {
		t.Fatal("no cluster fills in the article's SVG")
	}
	for _, f := range fills {
		if seen[string(f[1])] < 50 {
			t.Errorf("cluster fill %s covers %d sampled pixels, want a box of it", f[1], seen[string(f[1])])
		}
	}
}

func hex3(r, g, b uint32) string {
	const digits = "0123456789abcdef"
	return string([]byte{'#', digits[r>>4], digits[r&15], digits[g>>4], digits[g&15], digits[b>>4], digits[b&15]})
}

func TestPNG_TooLarge(t *testing.T) {
	svg := mustCases(t)[0].svg
	_, err := paint.SVGToPNG(svg, 2400)
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || !strings.Contains(err.Error(), "lower dpi") {
		t.Fatalf("a 2400 dpi article: %v, want ETOOLARGE naming a lower dpi", err)
	}
	d, err := paint.Parse(svg)
	if err != nil {
		t.Fatal(err)
	}
	// The article at 96 dpi is 1943 x 504 px, under 1 Mpx.
	if _, err := paint.PNGWithin(d, 96, 1<<20); err != nil {
		t.Errorf("96 dpi within 1 Mpx: %v", err)
	}
	_, err = paint.PNGWithin(d, 192, 1<<20)
	m := regexp.MustCompile(`at most (\d+) for this diagram`).FindStringSubmatch(fmt.Sprint(err))
	if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || m == nil {
		t.Fatalf("192 dpi within 1 Mpx: %v, want ETOOLARGE with the dpi that fits", err)
	}
	fit, _ := strconv.Atoi(m[1])
	if _, err := paint.PNGWithin(d, float64(fit), 1<<20); err != nil || fit < 90 {
		t.Errorf("the advised %d dpi: %v", fit, err)
	}
}

func TestPDF_VectorTextDeterminism(t *testing.T) {
	for _, c := range mustCases(t) {
		t.Run(c.name, func(t *testing.T) {
			a, err := paint.SVGToPDF(c.svg)
			if err != nil {
				t.Fatal(err)
			}
			b, err := paint.SVGToPDF(c.svg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Error("two runs gave different PDFs")
			}
			content := pdfStreams(t, a)
			if bytes.Contains(a, []byte("/Subtype /Image")) || bytes.Contains(a, []byte("/Type /XObject")) || strings.Contains(content, " Do\n") {
				t.Error("the PDF holds an image XObject: the diagram must be vector")
			}
			for _, op := range []string{" m\n", " l\n", " c\n", "Tj", "BT"} {
				if !strings.Contains(content, op) {
					t.Errorf("content streams have no %q operator", strings.TrimSpace(op))
				}
			}
			text := pdfText(t, a)
			labels := clusterLabels(t, c.svg)
			if len(labels) == 0 {
				t.Fatal("no cluster labels in the SVG")
			}
			// Word by word: pdftotext reorders right-to-left runs and
			// lays lines out its own way.
			for _, l := range labels {
				for _, word := range strings.Fields(strings.ReplaceAll(l, "\u00a0", " ")) {
					if drawnAsIs(word) && !strings.Contains(text, word) {
						t.Errorf("pdftotext has no %q of group label %q", word, l)
					}
				}
			}
			if c.name != "hostile" {
				for _, g := range c.g.Groups {
					if !strings.Contains(text, g.Name) {
						t.Errorf("pdftotext has no group name %q", g.Name)
					}
				}
			}
		})
	}
}

// drawnAsIs reports whether pdftotext gives word back as it is: not a
// right-to-left run, nor a character beyond the BMP (drawn as U+FFFD).
func drawnAsIs(word string) bool {
	for _, r := range word {
		if r > 0xFFFF || r == 0x200d || unicode.In(r, unicode.Hebrew, unicode.Arabic) {
			return false
		}
	}
	return true
}

// pdfStreams returns the PDF's content streams, inflated.
func pdfStreams(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	re := regexp.MustCompile(`(?s)/Filter /FlateDecode[^>]*>>\s*stream\r?\n(.*?)endstream`)
	for _, m := range re.FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // a font program is flate too; skip what is not
		}
		b, _ := io.ReadAll(zr)
		out.Write(b)
	}
	return out.String()
}

// pdfText is poppler's pdftotext of pdf (whitespace collapsed): an
// independent reader parsing the file.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is missing; scripts/install-test-deps.sh installs it")
		}
		t.Skip("no pdftotext (poppler-utils): run scripts/install-test-deps.sh")
	}
	cmd := exec.Command(tool, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// clusterLabels returns the first text of every cluster in the SVG: the
// group names as drawn.
func clusterLabels(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var labels []string
	depth, clusterDepth, inText, want := 0, -1, false, false
	var buf strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return labels
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			for _, a := range e.Attr {
				if a.Name.Local == "class" && strings.HasPrefix(a.Value, "cluster") {
					clusterDepth, want = depth, true
				}
			}
			if e.Name.Local == "text" && want {
				inText = true
				buf.Reset()
			}
		case xml.CharData:
			if inText {
				buf.Write(e)
			}
		case xml.EndElement:
			if inText && e.Name.Local == "text" {
				labels = append(labels, buf.String())
				inText, want = false, false
			}
			if depth == clusterDepth {
				clusterDepth, want = -1, false
			}
			depth--
		}
	}
}
