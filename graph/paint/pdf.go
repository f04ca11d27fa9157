package paint

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// pdfDate is the fixed creation and modification date written into every
// PDF (the format requires one; today's would break determinism).
var pdfDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// PDF paints d as a one-page vector PDF of the drawing's size: paths are
// PDF paths, labels are real text in an embedded subset of DejaVu Sans (so
// it can be searched and copied). The same drawing gives the same bytes.
func PDF(d *Drawing) (out []byte, err error) {
	defer func() {
		// fpdf panics on some internal errors; never crash the caller.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("write pdf: %v", r)
		}
	}()
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: d.W, Ht: d.H}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(pdfDate)
	pdf.SetModificationDate(pdfDate)
	pdf.SetProducer("sgmap", false)
	pdf.SetLineJoinStyle("round")
	pdf.SetLineCapStyle("butt")
	pdf.AddPage()
	w := pdfWriter{pdf: pdf, fonts: map[fontStyle]bool{}, alpha: 1}
	for _, it := range d.Items {
		if it.Shape != nil {
			w.shape(it.Shape)
		} else {
			w.label(it.Label)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfWriter paints items on an fpdf page.
type pdfWriter struct {
	pdf   *fpdf.Fpdf
	fonts map[fontStyle]bool // fonts registered
	alpha float64
}

// setAlpha changes the fill and stroke opacity when it differs.
func (w *pdfWriter) setAlpha(a uint8) {
	f := float64(a) / 255
	if f != w.alpha {
		w.pdf.SetAlpha(f, "Normal")
		w.alpha = f
	}
}

func (w *pdfWriter) path(sh *Shape) {
	for _, g := range sh.Segs {
		switch g.Op {
		case MoveTo:
			w.pdf.MoveTo(g.P[0].X, g.P[0].Y)
		case LineTo:
			w.pdf.LineTo(g.P[0].X, g.P[0].Y)
		case CubicTo:
			w.pdf.CurveBezierCubicTo(g.P[0].X, g.P[0].Y, g.P[1].X, g.P[1].Y, g.P[2].X, g.P[2].Y)
		case Close:
			w.pdf.ClosePath()
		}
	}
}

// shape fills and/or strokes a path: in one operation when both have the
// same opacity, else the fill first.
func (w *pdfWriter) shape(sh *Shape) {
	fill, stroke := sh.Fill.A > 0, sh.Stroke.A > 0 && sh.Width > 0
	if stroke {
		w.pdf.SetDrawColor(rgb(sh.Stroke))
		w.pdf.SetLineWidth(sh.Width)
		w.pdf.SetDashPattern(sh.Dash, 0)
	}
	if fill {
		w.pdf.SetFillColor(rgb(sh.Fill))
	}
	if fill && stroke && sh.Fill.A == sh.Stroke.A {
		w.setAlpha(sh.Fill.A)
		w.path(sh)
		w.pdf.DrawPath("FD")
		return
	}
	if fill {
		w.setAlpha(sh.Fill.A)
		w.path(sh)
		w.pdf.DrawPath("F")
	}
	if stroke {
		w.setAlpha(sh.Stroke.A)
		w.path(sh)
		w.pdf.DrawPath("D")
	}
}

// label writes one line of text at its baseline.
func (w *pdfWriter) label(l *Label) {
	if l.Text == "" || l.Color.A == 0 {
		return
	}
	style := ""
	if l.Bold {
		style = "B"
	}
	rs, err := runs(l.Font, l.Bold, pdfSafe(l.Text))
	if err != nil {
		w.pdf.SetError(err)
		return
	}
	setFont := func(f Font) {
		if fs := (fontStyle{f, l.Bold}); !w.fonts[fs] {
			w.pdf.AddUTF8FontFromBytes(f.name(), style, f.ttf(l.Bold))
			w.fonts[fs] = true
		}
		w.pdf.SetFont(f.name(), style, l.Size)
	}
	widths := make([]float64, len(rs))
	total := 0.0
	for i, r := range rs {
		setFont(r.font)
		widths[i] = w.pdf.GetStringWidth(r.text)
		total += widths[i]
	}
	x := l.X
	switch l.Anchor {
	case Middle:
		x -= total / 2
	case End:
		x -= total
	}
	w.pdf.SetTextColor(rgb(l.Color))
	w.setAlpha(l.Color.A)
	for i, r := range rs {
		setFont(r.font)
		w.pdf.Text(x, l.Y, r.text)
		x += widths[i]
	}
}

// pdfSafe replaces characters beyond the Basic Multilingual Plane (emoji,
// …), which fpdf's font subsetting cannot index and DejaVu Sans has no
// glyph for, with U+FFFD.
func pdfSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, s)
}

// fontStyle is one embedded font in one weight.
type fontStyle struct {
	font Font
	bold bool
}

func rgb(c color.NRGBA) (int, int, int) { return int(c.R), int(c.G), int(c.B) }
