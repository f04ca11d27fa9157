package audit

// MarkdownCell escapes s for one cell of a Markdown table: newlines become
// spaces, control and bidi characters are escaped and Markdown and HTML
// syntax is neutralised, as in the rules table. The diff's pull-request
// comment uses it so both write untrusted text one way.
func MarkdownCell(s string) string { return mdEscape(s) }

// SafeText escapes control and bidi characters in s as \uXXXX so that
// untrusted names cannot move a terminal's cursor or reorder a line, as in
// [WriteText].
func SafeText(s string) string { return safeText(s) }
