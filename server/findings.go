package server

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
