package svgcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// allowedElements are the SVG elements Graphviz's SVG renderer emits.
var allowedElements = map[string]bool{
	"svg": true, "g": true, "title": true, "polygon": true, "path": true,
	"ellipse": true, "polyline": true, "text": true, "a": true, "defs": true,
	"linearGradient": true, "radialGradient": true, "stop": true,
}

// allowedAttrs are the un-namespaced attributes Graphviz emits. Styling
// goes through presentation attributes, so "style" is allowed only on
// gradient stops (see checkStyle).
var allowedAttrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true,
	"transform": true, "fill": true, "fill-opacity": true, "stroke": true,
	"stroke-width": true, "stroke-dasharray": true, "stroke-opacity": true,
	"points": true, "d": true, "x": true, "y": true, "cx": true, "cy": true,
	"rx": true, "ry": true, "r": true, "fx": true, "fy": true,
	"x1": true, "y1": true, "x2": true, "y2": true, "offset": true,
	"gradientUnits": true, "font-family": true, "font-size": true,
	"font-weight": true, "font-style": true, "text-anchor": true,
	"text-decoration": true, "baseline-shift": true, "target": true,
	"preserveAspectRatio": true,
}

// CheckSafe returns an error naming the first construct in svg that
// Graphviz would not emit for sgmap's DOT, or that could run code or load
// anything when the SVG is embedded: an element or attribute outside the
// allow-lists above, <script>, <foreignObject>, any on* handler, href or
// xlink:href, a javascript: value, a url() other than a local #fragment,
// a DTD with entity declarations, or a processing instruction other than
// the XML declaration. Text content and tooltips (xlink:title) are inert
// and may contain anything; that is where hostile strings must end up.
func CheckSafe(svg []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	sawRoot := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("unsafe svg: not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot && t.Name.Local != "svg" {
				return fmt.Errorf("unsafe svg: root element <%s>, want <svg>", t.Name.Local)
			}
			sawRoot = true
			if err := checkElement(t); err != nil {
				return fmt.Errorf("unsafe svg: %w", err)
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				return fmt.Errorf("unsafe svg: processing instruction <?%s?>", t.Target)
			}
		case xml.Directive:
			d := string(t)
			if !strings.HasPrefix(d, "DOCTYPE") || strings.ContainsAny(d, "[<") {
				return fmt.Errorf("unsafe svg: directive <!%s>", truncate(d))
			}
		}
	}
	if !sawRoot {
		return errors.New("unsafe svg: no <svg> root element")
	}
	return nil
}

// checkElement judges one start tag and its attributes.
func checkElement(t xml.StartElement) error {
	name := t.Name.Local
	if t.Name.Space != svgNS && t.Name.Space != "" {
		return fmt.Errorf("element <%s> in namespace %q", name, t.Name.Space)
	}
	if !allowedElements[name] {
		return fmt.Errorf("element <%s> not allowed", name)
	}
	for _, a := range t.Attr {
		if err := checkAttr(name, a); err != nil {
			return fmt.Errorf("element <%s>: %w", name, err)
		}
	}
	return nil
}

// checkAttr judges one attribute of an element named elem.
func checkAttr(elem string, a xml.Attr) error {
	local := a.Name.Local
	switch a.Name.Space {
	case "":
		if local == "xmlns" {
			if a.Value != svgNS {
				return fmt.Errorf("default namespace %q", a.Value)
			}
			return nil
		}
	case "xmlns":
		if local != "xlink" || a.Value != xlinkNS {
			return fmt.Errorf("namespace declaration xmlns:%s=%q", local, a.Value)
		}
		return nil
	case xlinkNS:
		if local == "title" {
			return nil // tooltip text: inert whatever it says
		}
		return fmt.Errorf("attribute xlink:%s not allowed", local)
	default:
		return fmt.Errorf("attribute %s:%s not allowed", a.Name.Space, local)
	}
	lower := strings.ToLower(local)
	switch {
	case strings.HasPrefix(lower, "on"):
		return fmt.Errorf("event handler attribute %s", local)
	case lower == "href":
		return errors.New("attribute href not allowed")
	case local == "style" && elem == "stop":
		return checkStyle(a.Value)
	case !allowedAttrs[local]:
		return fmt.Errorf("attribute %s not allowed", local)
	}
	if local == "id" || local == "class" {
		// Names, never dereferenced: an id carrying an AWS name such as
		// "autoscaling-group:javascript:" is inert text.
		return nil
	}
	v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
	if strings.Contains(v, "javascript:") {
		return fmt.Errorf("attribute %s has a javascript: value", local)
	}
	if i := strings.Index(v, "url("); i >= 0 && !strings.HasPrefix(v[i+len("url("):], "#") {
		return fmt.Errorf("attribute %s references a non-local url()", local)
	}
	return nil
}

// checkStyle allows the "stop-color:…;stop-opacity:…;" that Graphviz writes
// on gradient stops and nothing that could call a function or load a URL.
func checkStyle(v string) error {
	for _, decl := range strings.Split(v, ";") {
		if strings.TrimSpace(decl) == "" {
			continue
		}
		prop, val, ok := strings.Cut(decl, ":")
		prop = strings.TrimSpace(prop)
		if !ok || (prop != "stop-color" && prop != "stop-opacity") || strings.ContainsAny(val, "()\\@<>") {
			return fmt.Errorf("style %q not allowed", truncate(v))
		}
	}
	return nil
}
