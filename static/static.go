// Package static embeds the dashboard's stylesheets and scripts
// (static/css, static/js), served under /static/ by package server.
package static

import "embed"

// FS holds css/ and js/.
//
//go:embed css js
var FS embed.FS
