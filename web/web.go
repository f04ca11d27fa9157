// Package web embeds the dashboard's html/template files. Package server
// parses them once at start: layout.html plus one page file per page.
package web

import "embed"

// FS holds the *.html templates.
//
//go:embed *.html
var FS embed.FS
