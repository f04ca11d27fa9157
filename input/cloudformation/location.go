package cloudformation

import (
	"strings"
	"unicode"

	"github.com/sgmap/sgmap"
)

// setGroupLocation records where g was written.
func setGroupLocation(g *sgmap.SecurityGroup, file string, line int) {
	g.Location = sgmap.Location{File: file, Line: line}
}

// setRuleLocation records where r was written.
func setRuleLocation(r *sgmap.Rule, file string, line int) {
	r.Location = sgmap.Location{File: file, Line: line}
}

// locationFile is name as [sgmap.Location] may hold it: control characters
// (an upload's name is the sender's choice) become "?", and the length is
// bounded, so that a name never costs the rules their locations.
func locationFile(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, name)
	if len(name) > 512 {
		name = name[len(name)-512:] // keep the file name, the end of the path
	}
	return strings.ToValidUTF8(name, "?")
}
