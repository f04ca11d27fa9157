package graph

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on AWS-supplied text in DOT: labels are cut with an ellipsis so a
// 10,000-character name cannot blow up the layout; tooltips keep more, but
// not unbounded.
const (
	maxLabelRunes   = 48
	maxTooltipRunes = 600
	maxTooltipTotal = 6000
)

// quote is the one escaping function for every string written into DOT:
// it returns s as a double-quoted DOT string whose content Graphviz shows
// literally. Quotes and backslashes are escaped (so "\N", "\G", "\L" and
// friends stay text), '&' becomes "&amp;" (Graphviz decodes entities in
// labels), control characters become spaces, bidirectional-override
// characters are dropped, and invalid UTF-8 becomes U+FFFD.
func quote(s string) string {
	return `"` + escape(s) + `"`
}

// escape is [quote] without the surrounding quotes, for composing
// multi-line values (lines joined with a DOT "\n").
func escape(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case r == '"':
			sb.WriteString(`\"`)
		case r == '\\':
			sb.WriteString(`\\`)
		case r == '&':
			sb.WriteString("&amp;")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			sb.WriteByte(' ')
		case isBidiControl(r) || r == '\uFEFF':
			// Dropped: an override could make the label read as
			// something else.
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') || r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// label joins lines into one quoted DOT label, each line cut to
// maxLabelRunes and escaped.
func label(lines ...string) string { return labelN(maxLabelRunes, lines...) }

// labelN is [label] with lines cut to n runes.
func labelN(n int, lines ...string) string {
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		if l == "" {
			continue
		}
		parts = append(parts, escape(clipRunes(l, n)))
	}
	return `"` + strings.Join(parts, `\n`) + `"`
}

// tooltip joins lines into one quoted DOT tooltip, each line cut to
// maxTooltipRunes and the whole to about maxTooltipTotal.
func tooltip(lines ...string) string {
	parts := make([]string, 0, len(lines))
	total := 0
	for i, l := range lines {
		if l == "" {
			continue
		}
		l = clipRunes(l, maxTooltipRunes)
		total += len(l)
		if total > maxTooltipTotal {
			parts = append(parts, escape(clipRunes("… and "+strconv.Itoa(len(lines)-i)+" more lines", maxTooltipRunes)))
			break
		}
		parts = append(parts, escape(l))
	}
	return `"` + strings.Join(parts, `\n`) + `"`
}

// htmlText escapes s for text inside a Graphviz HTML-like label (<…>
// labels), cut to n runes: '&', '<', '>' and quotes become entities and
// control and bidirectional-override characters are dropped as in
// [escape].
func htmlText(s string, n int) string {
	s = clipRunes(s, n)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			sb.WriteString("&amp;")
		case r == '<':
			sb.WriteString("&lt;")
		case r == '>':
			sb.WriteString("&gt;")
		case r == '"':
			sb.WriteString("&quot;")
		case r == '\'':
			sb.WriteString("&#39;")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			sb.WriteByte(' ')
		case isBidiControl(r) || r == '\uFEFF':
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
