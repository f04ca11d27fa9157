package paint

import (
	"fmt"
	"math"
	"strings"
)

// matrix is an SVG affine transform [a c e; b d f; 0 0 1].
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m·n: n applied first, then m (a child's transform inside its
// parent's).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) point(p Point) Point {
	return Point{m.a*p.X + m.c*p.Y + m.e, m.b*p.X + m.d*p.Y + m.f}
}

// scale is the transform's mean linear scale (for font sizes).
func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

// apply transforms segs in place and returns them.
func (m matrix) apply(segs []Seg) []Seg {
	for i := range segs {
		for j := range segs[i].P {
			segs[i].P[j] = m.point(segs[i].P[j])
		}
	}
	return segs
}

// parseTransform reads an SVG transform list: translate, scale, rotate and
// matrix.
func parseTransform(s string) (matrix, error) {
	m := identity
	rest := strings.TrimSpace(s)
	for rest != "" {
		open := strings.IndexByte(rest, '(')
		end := strings.IndexByte(rest, ')')
		if open < 0 || end < open {
			return m, fmt.Errorf("transform %q: expected name(numbers)", truncate(s))
		}
		name := strings.TrimSpace(rest[:open])
		v, err := numbers(rest[open+1 : end])
		if err != nil {
			return m, fmt.Errorf("transform %q: %w", truncate(s), err)
		}
		t, err := transformOf(name, v)
		if err != nil {
			return m, fmt.Errorf("transform %q: %w", truncate(s), err)
		}
		m = m.mul(t)
		rest = strings.TrimLeft(rest[end+1:], " ,\t\n\r")
	}
	return m, nil
}

func transformOf(name string, v []float64) (matrix, error) {
	switch {
	case name == "translate" && (len(v) == 1 || len(v) == 2):
		v = append(v, 0)
		return matrix{1, 0, 0, 1, v[0], v[1]}, nil
	case name == "scale" && (len(v) == 1 || len(v) == 2):
		if len(v) == 1 {
			v = append(v, v[0])
		}
		return matrix{v[0], 0, 0, v[1], 0, 0}, nil
	case name == "rotate" && len(v) == 1:
		r := v[0] * math.Pi / 180
		sin, cos := math.Sincos(r)
		if v[0] == 0 {
			sin, cos = 0, 1
		}
		return matrix{cos, sin, -sin, cos, 0, 0}, nil
	case name == "matrix" && len(v) == 6:
		return matrix{v[0], v[1], v[2], v[3], v[4], v[5]}, nil
	}
	return identity, fmt.Errorf("unsupported %s with %d numbers", name, len(v))
}
