package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/url"

	"github.com/sgmap/sgmap"
)

// redactKeyFor is the key of redact=1 pseudonyms: derived from the token when
// there is one (so every replica and restart gives the same pseudonyms),
// else random per process (docs/exports.md).
func redactKeyFor(token string) []byte {
	if token == "" {
		return []byte(rand.Text())
	}
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("sgmap redact=1 key"))
	return m.Sum(nil)
}

// redactView turns v into the view of the redacted snapshot when the query
// asks for redact=1: its own cache key, findings from the redacted snapshot,
// and the VPC and focus given by their original ids.
func (s *Server) redactView(ctx context.Context, q url.Values, v *viewRequest) error {
	on, err := boolParam(q, "redact")
	if err != nil || !on {
		return err
	}
	val, err := s.cache.get(ctx, "r\x00"+v.Ref.Key, func(ctx context.Context) (any, int64, error) {
		var red *sgmap.Snapshot
		err := s.admit.do(ctx, func() error {
			red = sgmap.Redact(v.Ref.Snap, s.redactKey)
			return nil
		})
		return red, 4096, err
	})
	if err != nil {
		return err
	}
	ref := *v.Ref
	ref.Snap = val.(*sgmap.Snapshot)
	ref.Key += "\x00redacted"
	v.Ref = &ref
	v.Redacted = true
	v.PathVPC, v.VPC = v.VPC, sgmap.RedactID(v.VPC, s.redactKey)
	if v.Options.Focus != "" {
		v.Options.Focus = sgmap.RedactID(v.Options.Focus, s.redactKey)
	}
	v.Options.SnapshotID = ref.Snap.ID
	return nil
}
