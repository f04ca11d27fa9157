package svgcheck

import (
	"strings"
	"testing"
)

func TestCheckSafe_GraphvizOutput(t *testing.T) {
	for _, file := range []string{"testdata/nested.svg", "testdata/nested.native.svg"} {
		if err := CheckSafe(mustRead(t, file)); err != nil {
			t.Errorf("CheckSafe(%s) = %v, want nil", file, err)
		}
	}
}

func TestCheckSafe_Rejects(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="10pt" height="10pt" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g id="graph0" class="graph">`
	const tail = `</g></svg>`
	for _, tt := range []struct{ name, body, want string }{
		{"script", `<script>alert(1)</script>`, "<script>"},
		{"script in svg namespace prefix", `<s:script xmlns:s="http://www.w3.org/2000/svg">x</s:script>`, "script"},
		{"foreignObject", `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>`, "foreignObject"},
		{"onload", `<g onload="alert(1)"></g>`, "onload"},
		{"OnClick upper case", `<polygon OnClick="x" points="0,0"/>`, "OnClick"},
		{"href", `<a href="https://example.com"><text>x</text></a>`, "href"},
		{"xlink:href", `<a xlink:href="https://example.com"><text>x</text></a>`, "xlink:href"},
		{"javascript fill", `<polygon fill="javascript:alert(1)" points="0,0"/>`, "javascript"},
		{"javascript split by a tab", `<polygon fill="java&#9;script:alert(1)" points="0,0"/>`, "javascript"},
		{"remote url fill", `<polygon fill="url(https://evil/x#a)" points="0,0"/>`, "url()"},
		{"style attribute", `<g style="background:url(x)"></g>`, "style"},
		{"stop style with url", `<defs><linearGradient id="l"><stop offset="0" style="stop-color:url(x);"/></linearGradient></defs>`, "style"},
		{"image", `<image xlink:title="x"/>`, "image"},
		{"use", `<use/>`, "use"},
		{"unknown namespace attr", `<g xmlns:x="urn:x" x:foo="1"></g>`, "namespace"},
		{"iframe in xhtml ns", `<h:iframe xmlns:h="http://www.w3.org/1999/xhtml"/>`, "namespace"},
		{"processing instruction", `<?xml-stylesheet href="x.css"?>`, "processing instruction"},
		{"animate", `<animate attributeName="href" to="javascript:alert(1)"/>`, "animate"},
		{"set", `<set attributeName="onmouseover" to="alert(1)"/>`, "set"},
		{"style element", `<style>*{}</style>`, "style"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSafe([]byte(head + tt.body + tail))
			if err == nil {
				t.Fatalf("CheckSafe(%s) = nil, want an error", tt.body)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckSafe(%s) = %q, want it to mention %q", tt.body, err, tt.want)
			}
		})
	}
}

func TestCheckSafe_Documents(t *testing.T) {
	for _, tt := range []struct{ name, svg string }{
		{"entity declaration", `<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>`},
		{"html root", `<html><svg xmlns="http://www.w3.org/2000/svg"></svg></html>`},
		{"empty", ``},
		{"malformed", `<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`},
		{"wrong default namespace", `<svg xmlns="http://www.w3.org/1999/xhtml"></svg>`},
	} {
		if err := CheckSafe([]byte(tt.svg)); err == nil {
			t.Errorf("CheckSafe(%s) = nil, want an error", tt.name)
		}
	}
}

func TestCheckSafe_InertText(t *testing.T) {
	// Hostile strings as text and tooltips are fine: that is where they
	// must end up.
	svg := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="n" class="node"><g id="a_n"><a xlink:title="&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1) onload=x"><text x="1" y="2">&lt;img src=x onerror=alert(1)&gt; javascript:x &#x202e;</text></a></g></g>
<defs><linearGradient id="l_0" x1="0" y1="0" x2="1" y2="1" gradientUnits="userSpaceOnUse"><stop offset="0" style="stop-color:#ff0000;stop-opacity:1.0;"/></linearGradient></defs>
<polygon fill="url(#l_0)" points="0,0 1,1"/></svg>`
	if err := CheckSafe([]byte(svg)); err != nil {
		t.Errorf("CheckSafe = %v, want nil", err)
	}
}

// TestCheckSafe_InertIDs checks ids and classes carrying AWS names are not
// mistaken for URLs: an Auto Scaling group may be named "javascript:", and
// its overview node id is then "autoscaling-group:javascript:".
func TestCheckSafe_InertIDs(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg">
<g id="autoscaling-group:javascript:" class="node kind-instance url(x)"><polygon fill="#fff" points="0,0 1,1"/></g></svg>`
	if err := CheckSafe([]byte(svg)); err != nil {
		t.Errorf("CheckSafe = %v, want nil", err)
	}
}
