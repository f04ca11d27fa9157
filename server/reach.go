package server

import (
	"net/http"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/reach"
)

// maxReachFlows bounds one reach.json answer: the listing of a big VPC's
// "who can reach the NAT gateway" could otherwise run to megabytes. The
// answer says when it was cut.
const maxReachFlows = 2000

// reachResponse is reach.json: the reach JSON of docs/reach.md, plus
// whether flows were left out.
type reachResponse struct {
	*reach.Result
	Truncated int `json:"truncated,omitempty"`
}

// handleReachJSON answers GET …/vpcs/{vpc}/reach.json?from=&to=&port=
// [&via_lb=0]: what passes between from and to (either may be empty, not
// both), with each flow's path and rules. from and to are what `sgmap
// reach` takes, or a diagram's node ID.
func (s *Server) handleReachJSON(w http.ResponseWriter, r *http.Request) {
	ref, err := s.snapshot(pathParam(r, "snap"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vpc := pathParam(r, "vpc")
	if !hasVPC(ref.Meta, vpc) {
		s.writeError(w, r, sgmap.Errorf(sgmap.ENOTFOUND, "snapshot %s has no VPC %q", ref.ID, clip(vpc)))
		return
	}
	q := r.URL.Query()
	svc, err := reach.ParseService(q.Get("port"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	noLB := false
	if q.Has("via_lb") {
		via, err := boolParam(q, "via_lb")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		noLB = !via
	}
	var res *reach.Result
	err = s.admit.do(r.Context(), func() error { // bounded like builds and renders
		var err error
		res, err = reach.New(s.index(ref)).Run(reach.Query{VPC: vpc, From: q.Get("from"), To: q.Get("to"),
			Service: svc, NoLB: noLB})
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := reachResponse{Result: res}
	if n := len(res.Flows); n > maxReachFlows {
		res.Flows, out.Truncated = res.Flows[:maxReachFlows], n-maxReachFlows
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, out)
}
