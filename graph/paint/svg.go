package paint

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDepth bounds element nesting; Graphviz nests a handful deep.
const maxDepth = 64

// element is one open element while parsing: its name, classes and the
// style and transform its children inherit.
type element struct {
	name    string
	classes []string
	style   style
	m       matrix
}

// parser walks the SVG's tokens.
type parser struct {
	d     Drawing
	stack []element
	text  *Label          // the <text> being read
	buf   strings.Builder // its character data
}

// Parse reads a Graphviz SVG into a Drawing. It fails on anything that is
// not well-formed XML, an SVG without a viewBox, or geometry it cannot read.
func Parse(svg []byte) (*Drawing, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	p := &parser{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse svg: %w", err)
		}
		if err := p.token(tok); err != nil {
			return nil, fmt.Errorf("parse svg: %w", err)
		}
	}
	if p.d.W <= 0 || p.d.H <= 0 {
		return nil, errors.New("parse svg: no <svg> element with a viewBox")
	}
	return &p.d, nil
}

func (p *parser) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.stack) >= maxDepth {
			return fmt.Errorf("elements nested more than %d deep", maxDepth)
		}
		return p.start(t)
	case xml.EndElement:
		if len(p.stack) == 0 {
			return nil
		}
		if p.stack[len(p.stack)-1].name == "text" && p.text != nil {
			p.text.Text = p.buf.String()
			p.d.Items = append(p.d.Items, Item{Label: p.text})
			p.text = nil
		}
		p.stack = p.stack[:len(p.stack)-1]
	case xml.CharData:
		if p.text != nil {
			p.buf.Write(t)
		}
	}
	return nil
}

// start opens an element: it inherits its parent's style and transform,
// applies its own attributes, and adds what it draws.
func (p *parser) start(t xml.StartElement) error {
	el := element{name: t.Name.Local, style: defaultStyle, m: identity}
	if n := len(p.stack); n > 0 {
		el.style, el.m = p.stack[n-1].style, p.stack[n-1].m
	} else if el.name != "svg" {
		return fmt.Errorf("root element is <%s>, not <svg>", el.name)
	}
	attrs := map[string]string{}
	for _, a := range t.Attr {
		if a.Name.Space == "" || a.Name.Space == "http://www.w3.org/2000/svg" {
			attrs[a.Name.Local] = a.Value
		}
	}
	el.classes = strings.Fields(attrs["class"])
	if err := el.style.apply(attrs); err != nil {
		return fmt.Errorf("<%s>: %w", el.name, err)
	}
	if tr, ok := attrs["transform"]; ok {
		m, err := parseTransform(tr)
		if err != nil {
			return fmt.Errorf("<%s>: %w", el.name, err)
		}
		el.m = el.m.mul(m)
	}
	p.stack = append(p.stack, el)
	if err := p.draw(el, attrs); err != nil {
		return fmt.Errorf("<%s>: %w", el.name, err)
	}
	return nil
}

// draw adds what el paints, if anything.
func (p *parser) draw(el element, attrs map[string]string) error {
	switch el.name {
	case "svg":
		return p.root(attrs)
	case "text":
		if p.text != nil {
			return errors.New("nested <text>")
		}
		l, err := el.style.label(attrs, el.m)
		if err != nil {
			return err
		}
		p.text = l
		p.buf.Reset()
		return nil
	}
	segs, err := geometry(el.name, attrs)
	if err != nil || segs == nil {
		return err
	}
	sh := el.style.shape(el.m.apply(segs))
	sc := el.m.scale()
	sh.Width *= sc
	for i := range sh.Dash {
		sh.Dash[i] *= sc
	}
	if c, ok := cssStroke(el.name, p.stack); ok {
		sh.Stroke = c
	}
	if sh.Fill.A > 0 || (sh.Stroke.A > 0 && sh.Width > 0) {
		p.d.Items = append(p.d.Items, Item{Shape: sh})
	}
	return nil
}

// root reads the page size from the viewBox and maps its origin to the
// page's top left.
func (p *parser) root(attrs map[string]string) error {
	if len(p.stack) > 1 {
		return errors.New("nested <svg>")
	}
	vb, err := numbers(attrs["viewBox"])
	if err != nil || len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 {
		return fmt.Errorf("viewBox %q is not four numbers with a positive size", attrs["viewBox"])
	}
	p.d.W, p.d.H = vb[2], vb[3]
	p.stack[0].m = matrix{1, 0, 0, 1, -vb[0], -vb[1]}
	return nil
}
