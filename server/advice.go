package server

import (
	"errors"
	"strings"

	"github.com/sgmap/sgmap"
)

// adviseRender rewrites the advice of a render that was refused or timed
// out so that it fits what was asked: the renderers end their messages
// with one generic hint ("use the overview view, a focus, or one VPC"),
// which is wrong advice for a request that already was the overview of one
// VPC. Other errors pass through unchanged.
func (s *Server) adviseRender(v *viewRequest, err error) error {
	var re *renderError
	code := sgmap.ErrorCode(err)
	if !errors.As(err, &re) || (code != sgmap.ETOOLARGE && code != sgmap.EUNAVAILABLE) {
		return err
	}
	return &renderError{sgmap.Errorf(code, "%s: %s", renderProblem(sgmap.ErrorMessage(err)), v.advice())}
}

// renderProblem is a renderer's message without its generic hint.
func renderProblem(msg string) string {
	if i := strings.Index(msg, "use the overview view"); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimRight(msg, " :;,")
}

// advice says which lighter view to open instead of v.
func (v *viewRequest) advice() string {
	o := v.Options
	switch {
	case o.Egress:
		return "turn off default egress, which draws an edge to the Internet from most groups"
	case o.Focus != "" && o.View == "detail":
		return "use the overview of this focus, which collapses Auto Scaling groups and ECS services"
	case o.Focus != "":
		return "focus on a smaller group: this one touches too much of the VPC"
	case o.View == "detail":
		return "use the overview, which collapses Auto Scaling groups and ECS services, or focus on one group"
	case v.isMap():
		return "open one application of the VPC, or focus on one group"
	case v.app() != "":
		return "focus on one group of this application"
	}
	return "open the map of the VPC (one box per application), one application, or a focus on one group"
}
