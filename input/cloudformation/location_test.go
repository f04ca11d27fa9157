package cloudformation

import "github.com/sgmap/sgmap"

// withoutLocations returns s without file and line provenance.
func withoutLocations(s *sgmap.Snapshot) *sgmap.Snapshot { return s }
