package paint

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"
)

// style is the inherited presentation state (SVG presentation attributes).
type style struct {
	fill, stroke     color.NRGBA
	fillOp, strokeOp float64
	width            float64
	dash             []float64
	fontSize         float64
	font             Font
	bold             bool
	anchor           Anchor
}

// defaultStyle is SVG's initial values (font size: Graphviz's default).
var defaultStyle = style{fill: color.NRGBA{A: 255}, fillOp: 1, strokeOp: 1, width: 1, fontSize: 14}

// apply sets the presentation attributes present in attrs.
func (s *style) apply(attrs map[string]string) error {
	var err error
	set := func(k string, f func(string) error) {
		if v, ok := attrs[k]; ok && err == nil {
			if e := f(strings.TrimSpace(v)); e != nil {
				err = fmt.Errorf("%s=%q: %w", k, v, e)
			}
		}
	}
	set("fill", func(v string) (e error) { s.fill, e = parseColor(v); return })
	set("stroke", func(v string) (e error) { s.stroke, e = parseColor(v); return })
	set("fill-opacity", func(v string) (e error) { s.fillOp, e = unit(v); return })
	set("stroke-opacity", func(v string) (e error) { s.strokeOp, e = unit(v); return })
	set("stroke-width", func(v string) (e error) { s.width, e = positive(strings.TrimSuffix(v, "px")); return })
	set("font-size", func(v string) (e error) { s.fontSize, e = positive(strings.TrimSuffix(v, "px")); return })
	set("stroke-dasharray", func(v string) error {
		if v == "none" || v == "" {
			s.dash = nil
			return nil
		}
		d, e := numbers(v)
		for _, x := range d {
			if x < 0 {
				return fmt.Errorf("negative dash")
			}
		}
		s.dash = d
		return e
	})
	set("font-weight", func(v string) error {
		n, e := strconv.Atoi(v)
		s.bold = v == "bold" || v == "bolder" || (e == nil && n >= 600)
		return nil
	})
	set("font-family", func(v string) error {
		s.font = fontFor(v)
		return nil
	})
	set("text-anchor", func(v string) error {
		s.anchor = map[string]Anchor{"middle": Middle, "end": End}[v]
		return nil
	})
	return err
}

// shape makes a Shape of segs in this style.
func (s style) shape(segs []Seg) *Shape {
	sh := &Shape{Segs: segs, Fill: withAlpha(s.fill, s.fillOp), Stroke: withAlpha(s.stroke, s.strokeOp), Width: s.width}
	if len(s.dash) > 0 {
		sh.Dash = append([]float64(nil), s.dash...)
		if len(sh.Dash)%2 == 1 { // SVG repeats an odd list
			sh.Dash = append(sh.Dash, sh.Dash...)
		}
	}
	return sh
}

// label makes the Label of a <text> element (its text comes later).
func (s style) label(attrs map[string]string, m matrix) (*Label, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(attrs["x"]), 64)
	if err != nil && attrs["x"] != "" {
		return nil, fmt.Errorf("x=%q is not a number", attrs["x"])
	}
	y, err := strconv.ParseFloat(strings.TrimSpace(attrs["y"]), 64)
	if err != nil && attrs["y"] != "" {
		return nil, fmt.Errorf("y=%q is not a number", attrs["y"])
	}
	p := m.point(Point{x, y})
	return &Label{X: p.X, Y: p.Y, Size: s.fontSize * m.scale(), Font: s.font, Bold: s.bold, Anchor: s.anchor, Color: withAlpha(s.fill, s.fillOp)}, nil
}

// withAlpha scales c's alpha by op.
func withAlpha(c color.NRGBA, op float64) color.NRGBA {
	c.A = uint8(math.Round(float64(c.A) * op))
	return c
}

// parseColor reads none, transparent, #rgb, #rrggbb, #rrggbbaa or an SVG
// colour name.
func parseColor(v string) (color.NRGBA, error) {
	v = strings.ToLower(v)
	switch v {
	case "none", "transparent":
		return color.NRGBA{}, nil
	}
	if c, ok := colornames.Map[v]; ok {
		return color.NRGBA{c.R, c.G, c.B, c.A}, nil
	}
	h := strings.TrimPrefix(v, "#")
	if h == v {
		return color.NRGBA{}, fmt.Errorf("unknown colour")
	}
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) == 6 {
		h += "ff"
	}
	n, err := strconv.ParseUint(h, 16, 32)
	if err != nil || len(h) != 8 {
		return color.NRGBA{}, fmt.Errorf("not a #rrggbb colour")
	}
	return color.NRGBA{uint8(n >> 24), uint8(n >> 16), uint8(n >> 8), uint8(n)}, nil
}

// unit reads a number in [0, 1].
func unit(v string) (float64, error) {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || !(n >= 0 && n <= 1) {
		return 0, fmt.Errorf("not a number from 0 to 1")
	}
	return n, nil
}

// positive reads a number >= 0.
func positive(v string) (float64, error) {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || !(n >= 0) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("not a number >= 0")
	}
	return n, nil
}

// Finding colours, as static/css/app.css's --sev-error and --hl.
var (
	cssError   = color.NRGBA{0xc6, 0x28, 0x28, 0xff}
	cssWarning = color.NRGBA{0xf5, 0x9e, 0x0b, 0xff}
)

// cssStroke applies app.css's finding rules to a shape element named name
// whose open elements (itself last) are stack:
//
//	g.finding-X > :is(polygon, path)
//	g.finding-X > g > a > :is(polygon, path, ellipse)
//	g.node.finding-X :is(polygon, ellipse)
//
// The warning rule comes later in the CSS, so it wins over error.
func cssStroke(name string, stack []element) (color.NRGBA, bool) {
	var c color.NRGBA
	found := false
	for _, sev := range []struct {
		class string
		c     color.NRGBA
	}{{"finding-error", cssError}, {"finding-warning", cssWarning}} {
		if matchFinding(name, stack, sev.class) {
			c, found = sev.c, true
		}
	}
	return c, found
}

func matchFinding(name string, stack []element, class string) bool {
	n := len(stack) - 1 // stack[n] is the element itself
	isG := func(i int, classes ...string) bool {
		if i < 0 || stack[i].name != "g" {
			return false
		}
		for _, c := range classes {
			if !hasClass(stack[i].classes, c) {
				return false
			}
		}
		return true
	}
	if (name == "polygon" || name == "path") && isG(n-1, class) {
		return true
	}
	if name == "polygon" || name == "path" || name == "ellipse" {
		if n >= 3 && stack[n-1].name == "a" && isG(n-2) && isG(n-3, class) {
			return true
		}
	}
	if name == "polygon" || name == "ellipse" {
		for i := n - 1; i >= 0; i-- {
			if isG(i, "node", class) {
				return true
			}
		}
	}
	return false
}

func hasClass(classes []string, c string) bool {
	for _, x := range classes {
		if x == c {
			return true
		}
	}
	return false
}
