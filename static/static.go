// Package static embeds the dashboard's stylesheets and scripts
// (static/css, static/js), served under /static/ by package server.
package static

import "embed"

// FS holds css/ and js/ (all:js so that the directory embeds while it
// holds only its .keep placeholder).
//
//go:embed css all:js
var FS embed.FS
