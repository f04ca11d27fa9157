package server

import (
	"context"

	"github.com/sgmap/sgmap"
)

// index returns the snapshot's lookup index, built once per content and
// kept in the cache (search and the diagram page use it on every request).
func (s *Server) index(ref *snapshotRef) *sgmap.Index {
	val, err := s.cache.get(context.Background(), "x\x00"+ref.Key, func(context.Context) (any, int64, error) {
		s := ref.Snap
		return sgmap.NewIndex(s), int64(512 * (len(s.Groups) + len(s.Interfaces) + len(s.Owners) + 1)), nil
	})
	if err != nil {
		return sgmap.NewIndex(ref.Snap)
	}
	return val.(*sgmap.Index)
}
