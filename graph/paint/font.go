package paint

import (
	"strings"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
)

// Font is an embedded typeface: the one whose metrics Graphviz laid a
// label out with.
type Font byte

// The embedded fonts. The detail and overview DOT asks for DejaVu Sans
// (graph.FontName); the map's DOT asks for Helvetica (graph/mapdot.go),
// which Graphviz measures with Helvetica/Arial metrics, and Liberation Sans
// has exactly Arial's widths.
const (
	DejaVuSans Font = iota
	LiberationSans
)

// fontFor picks the embedded font for an SVG font-family list by its
// first family: Helvetica, Arial and Liberation Sans (and the generic
// sans-serif) get Liberation Sans, everything else DejaVu Sans.
func fontFor(family string) Font {
	first, _, _ := strings.Cut(family, ",")
	switch strings.ToLower(strings.Trim(strings.TrimSpace(first), `'"`)) {
	case "helvetica", "arial", "liberation sans", "sans-serif":
		return LiberationSans
	}
	return DejaVuSans
}

// name is the font's PDF family name.
func (f Font) name() string {
	if f == LiberationSans {
		return "liberationsans"
	}
	return "dejavusans"
}

// ttf returns the embedded TrueType file of f, bold or regular.
func (f Font) ttf(bold bool) []byte {
	switch {
	case f == LiberationSans && bold:
		return liberationsansbold.TTF
	case f == LiberationSans:
		return liberationsansregular.TTF
	case bold:
		return dejavusansbold.TTF
	}
	return dejavusans.TTF
}

// run is a stretch of a label drawn in one font.
type run struct {
	font Font
	text string
}

// runs splits s into stretches of f and, for the characters f lacks (the
// map's ◆ chips in Liberation Sans), DejaVu Sans, as a browser falls back
// from one font of a font-family list to the next.
func runs(f Font, bold bool, s string) ([]run, error) {
	if f == DejaVuSans {
		return []run{{f, s}}, nil
	}
	tf, err := parsedFont(f, bold)
	if err != nil {
		return nil, err
	}
	var out []run
	start, cur := 0, f
	for i, r := range s {
		want := f
		if tf.Index(r) == 0 {
			want = DejaVuSans
		}
		if want != cur && i > start {
			out = append(out, run{cur, s[start:i]})
			start = i
		}
		cur = want
	}
	return append(out, run{cur, s[start:]}), nil
}
