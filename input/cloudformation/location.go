package cloudformation

import "github.com/sgmap/sgmap"

// setGroupLocation records where g was written.
func setGroupLocation(g *sgmap.SecurityGroup, file string, line int) {
	g.Location = sgmap.Location{File: file, Line: line}
}

// setRuleLocation records where r was written.
func setRuleLocation(r *sgmap.Rule, file string, line int) {
	r.Location = sgmap.Location{File: file, Line: line}
}
