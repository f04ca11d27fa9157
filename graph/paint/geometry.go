package paint

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// geometry returns the outline of a shape element in its own coordinates,
// or nil for elements that draw nothing.
func geometry(name string, attrs map[string]string) ([]Seg, error) {
	switch name {
	case "path":
		return parsePath(attrs["d"])
	case "polygon", "polyline":
		v, err := numbers(attrs["points"])
		if err != nil || len(v)%2 != 0 {
			return nil, fmt.Errorf("points %q are not pairs of numbers", attrs["points"])
		}
		segs := make([]Seg, 0, len(v)/2+1)
		for i := 0; i+1 < len(v); i += 2 {
			op := LineTo
			if i == 0 {
				op = MoveTo
			}
			segs = append(segs, Seg{Op: op, P: [3]Point{{v[i], v[i+1]}}})
		}
		if name == "polygon" && len(segs) > 0 {
			segs = append(segs, Seg{Op: Close})
		}
		return segs, nil
	case "ellipse", "circle":
		return ellipse(attrs)
	case "rect", "line", "image":
		return nil, fmt.Errorf("<%s> is not drawn by Graphviz for sgmap", name)
	}
	return nil, nil
}

// kappa places cubic Bézier controls that approximate a quarter ellipse.
const kappa = 0.5522847498

// ellipse returns an ellipse (or circle) as four cubic Béziers.
func ellipse(attrs map[string]string) ([]Seg, error) {
	get := func(k string) (float64, error) {
		v, err := strconv.ParseFloat(strings.TrimSpace(attrs[k]), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%s=%q is not a number", k, attrs[k])
		}
		return v, nil
	}
	var cx, cy, rx, ry float64
	var err error
	for _, f := range []struct {
		k string
		v *float64
	}{{"cx", &cx}, {"cy", &cy}, {"rx", &rx}, {"ry", &ry}} {
		k := f.k
		if _, ok := attrs["r"]; ok && (k == "rx" || k == "ry") {
			k = "r"
		}
		if *f.v, err = get(k); err != nil {
			return nil, err
		}
	}
	kx, ky := rx*kappa, ry*kappa
	c := func(x1, y1, x2, y2, x, y float64) Seg {
		return Seg{Op: CubicTo, P: [3]Point{{cx + x1, cy + y1}, {cx + x2, cy + y2}, {cx + x, cy + y}}}
	}
	return []Seg{
		{Op: MoveTo, P: [3]Point{{cx + rx, cy}}},
		c(rx, ky, kx, ry, 0, ry),
		c(-kx, ry, -rx, ky, -rx, 0),
		c(-rx, -ky, -kx, -ry, 0, -ry),
		c(kx, -ry, rx, -ky, rx, 0),
		{Op: Close},
	}, nil
}

// numbers reads a list of numbers separated by commas and/or spaces.
func numbers(s string) ([]float64, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	v := make([]float64, len(f))
	for i, x := range f {
		n, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("%q is not a number", x)
		}
		v[i] = n
	}
	return v, nil
}

// parsePath reads SVG path data with the commands Graphviz writes (M, L, C,
// Z, and H, V for good measure), absolute or relative.
func parsePath(d string) ([]Seg, error) {
	toks, err := pathTokens(d)
	if err != nil {
		return nil, err
	}
	var segs []Seg
	var cur, start Point
	cmd := byte(0)
	for i := 0; i < len(toks); {
		if toks[i].cmd != 0 {
			cmd = toks[i].cmd
			i++
			if cmd == 'Z' || cmd == 'z' {
				segs = append(segs, Seg{Op: Close})
				cur = start
				continue
			}
		}
		need := map[byte]int{'M': 2, 'L': 2, 'C': 6, 'H': 1, 'V': 1}[upper(cmd)]
		if need == 0 || i+need > len(toks) {
			return nil, fmt.Errorf("path data %q: command %q without its numbers", truncate(d), cmd)
		}
		v := make([]float64, need)
		for j := range v {
			if toks[i+j].cmd != 0 {
				return nil, fmt.Errorf("path data %q: command %q without its numbers", truncate(d), cmd)
			}
			v[j] = toks[i+j].n
		}
		i += need
		rel := cmd >= 'a'
		pt := func(x, y float64) Point {
			if rel {
				return Point{cur.X + x, cur.Y + y}
			}
			return Point{x, y}
		}
		switch upper(cmd) {
		case 'M':
			cur = pt(v[0], v[1])
			start = cur
			segs = append(segs, Seg{Op: MoveTo, P: [3]Point{cur}})
			cmd = map[bool]byte{true: 'l', false: 'L'}[rel] // further pairs are lines
			continue
		case 'L':
			cur = pt(v[0], v[1])
		case 'H':
			if rel {
				cur.X += v[0]
			} else {
				cur.X = v[0]
			}
		case 'V':
			if rel {
				cur.Y += v[0]
			} else {
				cur.Y = v[0]
			}
		case 'C':
			c1, c2, end := pt(v[0], v[1]), pt(v[2], v[3]), pt(v[4], v[5])
			segs = append(segs, Seg{Op: CubicTo, P: [3]Point{c1, c2, end}})
			cur = end
			continue
		}
		segs = append(segs, Seg{Op: LineTo, P: [3]Point{cur}})
	}
	if len(segs) > 0 && segs[0].Op != MoveTo {
		return nil, errors.New("path data does not start with a move")
	}
	return segs, nil
}

// pathToken is a command letter (cmd != 0) or a number.
type pathToken struct {
	cmd byte
	n   float64
}

// pathTokens splits path data into commands and numbers.
func pathTokens(d string) ([]pathToken, error) {
	var toks []pathToken
	for i := 0; i < len(d); {
		c := d[i]
		switch {
		case c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("MmLlCcZzHhVv", c) >= 0:
			toks = append(toks, pathToken{cmd: c})
			i++
		default:
			j := i + 1
			for j < len(d) && (d[j] >= '0' && d[j] <= '9' || d[j] == '.' || d[j] == 'e' || d[j] == 'E' ||
				(d[j] == '-' || d[j] == '+') && (d[j-1] == 'e' || d[j-1] == 'E')) {
				j++
			}
			n, err := strconv.ParseFloat(d[i:j], 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, fmt.Errorf("path data %q: %q is not a number", truncate(d), d[i:j])
			}
			toks = append(toks, pathToken{n: n})
			i = j
		}
	}
	return toks, nil
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
