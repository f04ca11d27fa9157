package svgcheck

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ScreenW and ScreenH are the size, in pixels, a drawing is judged at: scaled to fit
// (aspect kept) a 1920×1080 screen.
const ScreenW, ScreenH = 1920.0, 1080.0

// Readability is what a reader sees of a drawing scaled to fit the
// screen ([ScreenW]×[ScreenH]).
type Readability struct {
	// Scale is screen pixels per SVG user unit.
	Scale float64
	// MinTextPx is the smallest text's font size on screen, MinText that
	// text.
	MinTextPx float64
	MinText   string
	// Overlaps counts pairs of texts whose boxes (estimated from font size
	// and string length) intersect; Overlap names the first pair.
	Overlaps int
	Overlap  string
	// OnBoxes counts texts whose box overlaps the shape of a node they do
	// not belong to; OnBox names the first.
	OnBoxes int
	OnBox   string
	// Boxes counts clusters and nodes, the legend not included.
	Boxes int
}

// String gives the figures, for test failures.
func (r Readability) String() string {
	return fmt.Sprintf("scale %.3f px/pt, smallest text %.1f px (%q), %d overlapping label pairs (e.g. %s), %d labels on other boxes (e.g. %s), %d boxes",
		r.Scale, r.MinTextPx, r.MinText, r.Overlaps, r.Overlap, r.OnBoxes, r.OnBox, r.Boxes)
}

// Readability measures d. Text boxes are estimates: Helvetica averages
// about 0.55 em per character (0.6 bold), a line is one em high from 0.8
// em above its baseline. Two texts of the same element on one baseline
// (an HTML-like label's cells) are not compared with each other.
func (d *Doc) Readability() Readability {
	r := Readability{Scale: d.fitScale(), MinTextPx: math.Inf(1)}
	for _, e := range d.Clusters {
		r.Boxes++
		_ = e
	}
	for _, n := range d.Nodes {
		if !n.HasClass("legend") {
			r.Boxes++
		}
	}
	type box struct {
		t    Text
		rect Rect
	}
	var boxes []box
	for _, t := range d.TextItems {
		s := strings.TrimSpace(t.S)
		if s == "" || t.Size <= 0 {
			continue
		}
		if px := t.Size * r.Scale; px < r.MinTextPx {
			r.MinTextPx, r.MinText = px, s
		}
		boxes = append(boxes, box{t, textRect(t, s)})
	}
	if math.IsInf(r.MinTextPx, 1) {
		r.MinTextPx = 0
	}
	slices.SortFunc(boxes, func(a, b box) int { return cmpFloat(a.rect.Min.X, b.rect.Min.X) })
	for i := range boxes {
		a := boxes[i]
		for j := i + 1; j < len(boxes) && boxes[j].rect.Min.X < a.rect.Max.X; j++ {
			b := boxes[j]
			if b.rect.Min.Y >= a.rect.Max.Y || a.rect.Min.Y >= b.rect.Max.Y {
				continue
			}
			if a.t.Owner == b.t.Owner && a.t.Owner != "" {
				continue // one element's own lines and cells: Graphviz places them
			}
			r.Overlaps++
			if r.Overlap == "" {
				r.Overlap = fmt.Sprintf("%q of %s and %q of %s", a.t.S, a.t.Owner, b.t.S, b.t.Owner)
			}
		}
	}
	for _, b := range boxes {
		for _, n := range d.Nodes {
			if !n.HasBox || n.ID == b.t.Owner || !intersects(b.rect, n.Box) {
				continue
			}
			r.OnBoxes++
			if r.OnBox == "" {
				r.OnBox = fmt.Sprintf("%q of %s on %s", b.t.S, b.t.Owner, n.ID)
			}
		}
	}
	return r
}

// intersects reports whether a and b share more than a border.
func intersects(a, b Rect) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// textRect estimates the box text t covers.
func textRect(t Text, s string) Rect {
	em := 0.55
	if t.Bold {
		em = 0.6
	}
	w := float64(utf8.RuneCountInString(s)) * t.Size * em
	x := t.X
	switch t.Anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	return Rect{Point{x, t.Y - 0.8*t.Size}, Point{x + w, t.Y + 0.2*t.Size}}
}

// fitScale is the screen pixels per user unit when d is fitted to the
// screen, from its viewBox (else its width and height in points).
func (d *Doc) fitScale() float64 {
	f := strings.Fields(d.ViewBox)
	var w, h float64
	if len(f) == 4 {
		w, _ = strconv.ParseFloat(f[2], 64)
		h, _ = strconv.ParseFloat(f[3], 64)
	} else {
		w, _ = strconv.ParseFloat(strings.TrimSuffix(d.Width, "pt"), 64)
		h, _ = strconv.ParseFloat(strings.TrimSuffix(d.Height, "pt"), 64)
	}
	if w <= 0 || h <= 0 {
		return 0
	}
	return min(ScreenW/w, ScreenH/h)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
