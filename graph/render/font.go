package render

import "bytes"

// FontStack is the font-family list sgmap's SVG names, widest first: the
// DOT asks for DejaVu Sans (graph.FontName), so Graphviz sizes every box
// for it; Verdana has the same widths, and the rest are narrower, so text
// stays inside its box whichever of them the viewer has. Graphviz itself
// writes only the one family it was given.
const FontStack = "DejaVu Sans,Verdana,Arial,Liberation Sans,Helvetica,sans-serif"

// layoutFont is the family the DOT lays out with (graph.FontName).
const layoutFont = "DejaVu Sans"

// widenFonts replaces the single font-family Graphviz wrote for
// layoutFont with [FontStack].
func widenFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte(`font-family="`+layoutFont+`"`), []byte(`font-family="`+FontStack+`"`))
}
