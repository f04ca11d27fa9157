package server

import "github.com/sgmap/sgmap/graph"

// findingCounts returns finding counts by VPC for the snapshot with the
// given id. Until the audit package is wired in it reports them unknown.
func (s *Server) findingCounts(id string) map[string]severityCounts {
	return nil
}

// snapshotFindings returns the export links and the findings rows of the
// snapshot page; known is false until the audit package is wired in.
func (s *Server) snapshotFindings(ref *snapshotRef, base string) (exports []crumb, known bool, rows []findingView) {
	return nil, false, nil
}

// annotate attaches the audit's findings for vpc to g (the diagram's
// findings=1 option). Until the audit package is wired in it does nothing.
func (s *Server) annotate(g *graph.Graph, ref *snapshotRef, vpc string) {}
