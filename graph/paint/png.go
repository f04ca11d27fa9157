package paint

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"github.com/sgmap/sgmap"
)

// MaxPixels bounds a PNG's size (4 bytes of memory a pixel while drawing):
// 64 Mpx is 256 MB.
const MaxPixels = 64 << 20

// PixelSize returns a drawing's PNG size at dpi (72 dpi: one pixel a point,
// as Graphviz's own PNG; 96 dpi: the size a browser shows the SVG at).
func (d *Drawing) PixelSize(dpi float64) (w, h int) {
	s := dpi / 72
	return int(math.Ceil(d.W*s - 1e-9)), int(math.Ceil(d.H*s - 1e-9))
}

// PNG paints d at dpi on a white page and encodes it. It refuses (with an
// ETOOLARGE error) an image of more than [MaxPixels].
func PNG(d *Drawing, dpi float64) ([]byte, error) { return PNGWithin(d, dpi, MaxPixels) }

// PNGWithin is [PNG] with a lower pixel limit (the server's).
func PNGWithin(d *Drawing, dpi float64, maxPixels int) ([]byte, error) {
	if !(dpi > 0 && dpi <= 2400) {
		return nil, fmt.Errorf("dpi must be from 1 to 2400, not %g", dpi)
	}
	maxPixels = min(maxPixels, MaxPixels)
	w, h := d.PixelSize(dpi)
	if w < 1 || h < 1 || float64(w)*float64(h) > float64(maxPixels) {
		fit := 72 * math.Sqrt(float64(maxPixels)/(d.W*d.H))
		return nil, sgmap.Errorf(sgmap.ETOOLARGE, "a %d x %d px PNG is more than %d Mpx: use a lower dpi (at most %d for this diagram), the PDF, or a smaller view", w, h, maxPixels>>20, int(fit))
	}
	s := dpi / 72
	dc := gg.NewContext(w, h)
	dc.SetColor(color.White)
	dc.Clear()
	dc.SetLineJoin(gg.LineJoinRound)
	dc.SetLineCap(gg.LineCapButt)
	faces := faceCache{}
	for _, it := range d.Items {
		if it.Shape != nil {
			pngShape(dc, it.Shape, s)
		} else if err := pngLabel(dc, it.Label, s, faces); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, dc.Image()); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// pngShape fills then strokes a shape, scaled by s.
func pngShape(dc *gg.Context, sh *Shape, s float64) {
	path := func() {
		dc.NewSubPath()
		for _, g := range sh.Segs {
			switch g.Op {
			case MoveTo:
				dc.MoveTo(g.P[0].X*s, g.P[0].Y*s)
			case LineTo:
				dc.LineTo(g.P[0].X*s, g.P[0].Y*s)
			case CubicTo:
				dc.CubicTo(g.P[0].X*s, g.P[0].Y*s, g.P[1].X*s, g.P[1].Y*s, g.P[2].X*s, g.P[2].Y*s)
			case Close:
				dc.ClosePath()
			}
		}
	}
	path()
	if sh.Fill.A > 0 {
		dc.SetColor(sh.Fill)
		dc.FillPreserve()
	}
	if sh.Stroke.A > 0 && sh.Width > 0 {
		dc.SetColor(sh.Stroke)
		dc.SetLineWidth(sh.Width * s)
		dash := make([]float64, len(sh.Dash))
		for i, v := range sh.Dash {
			dash[i] = v * s
		}
		dc.SetDash(dash...)
		dc.Stroke()
	}
	dc.ClearPath()
}

// pngLabel draws one label with the embedded DejaVu Sans.
func pngLabel(dc *gg.Context, l *Label, s float64, faces faceCache) error {
	if l.Text == "" || l.Color.A == 0 {
		return nil
	}
	rs, err := runs(l.Font, l.Bold, l.Text)
	if err != nil {
		return err
	}
	faceOf := make([]font.Face, len(rs))
	widths := make([]float64, len(rs))
	total := 0.0
	for i, r := range rs {
		if faceOf[i], err = faces.get(r.font, l.Bold, l.Size*s); err != nil {
			return err
		}
		widths[i] = float64(font.MeasureString(faceOf[i], r.text)) / 64
		total += widths[i]
	}
	x := l.X * s
	switch l.Anchor {
	case Middle:
		x -= total / 2
	case End:
		x -= total
	}
	dc.SetColor(l.Color)
	for i, r := range rs {
		dc.SetFontFace(faceOf[i])
		dc.DrawString(r.text, x, l.Y*s)
		x += widths[i]
	}
	return nil
}

// faceCache holds one font face per font, weight and pixel size.
type faceCache map[faceKey]font.Face

type faceKey struct {
	font Font
	bold bool
	size float64
}

func (c faceCache) get(fnt Font, bold bool, size float64) (font.Face, error) {
	k := faceKey{fnt, bold, size}
	if f, ok := c[k]; ok {
		return f, nil
	}
	f, err := parsedFont(fnt, bold)
	if err != nil {
		return nil, err
	}
	face := truetype.NewFace(f, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone})
	c[k] = face
	return face, nil
}

var (
	fontOnce [4]sync.Once
	fonts    [4]*truetype.Font
	fontErr  [4]error
)

// parsedFont parses each embedded TTF once.
func parsedFont(f Font, bold bool) (*truetype.Font, error) {
	i := 2 * int(f&1)
	if bold {
		i++
	}
	fontOnce[i].Do(func() { fonts[i], fontErr[i] = truetype.Parse(f.ttf(bold)) })
	return fonts[i], fontErr[i]
}
