package store

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"time"

	"github.com/sgmap/sgmap"
)

// ErrFull is in the chain of a Save that failed for lack of space: the
// disk is full or the folder is over its quota ([Store.SetMaxBytes]). The
// dashboard answers 507.
var ErrFull = errors.New("data folder full")

// ErrReadOnly is in the chain of a Save into a folder that cannot be
// written (a read-only mount or missing permission). The dashboard answers
// 503.
var ErrReadOnly = errors.New("data folder read-only")

// diskError is a Save failure with a message for users and a sentinel
// ([ErrFull], [ErrReadOnly]) for callers to test.
type diskError struct {
	msg      *sgmap.Error
	sentinel error
	cause    error
}

func (e *diskError) Error() string   { return e.msg.Message }
func (e *diskError) Unwrap() []error { return []error{e.msg, e.sentinel, e.cause} }

// classify turns an OS error of a write into the folder into a
// [*diskError] when it is a lack of space or a read-only folder; other
// errors are returned as they are.
func (s *Store) classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return &diskError{sgmap.Errorf(sgmap.EUNAVAILABLE, "the data folder's disk is full: the snapshot was not stored; free some space in %s", s.where()), ErrFull, err}
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return &diskError{sgmap.Errorf(sgmap.EUNAVAILABLE, "the data folder %s cannot be written (read-only or no permission): the snapshot was not stored", s.where()), ErrReadOnly, err}
	}
	return err
}

// SetMaxBytes sets a quota on the snapshot files of the folder (serve
// -max-data); a Save that would pass it fails with [ErrFull]. Zero or less
// means no quota.
func (s *Store) SetMaxBytes(n int64) {
	s.mu.Lock()
	s.maxBytes = n
	s.mu.Unlock()
}

// checkQuota fails when adding n bytes would pass the quota; s.mu must be
// held.
func (s *Store) checkQuota(n int64) error {
	if s.maxBytes <= 0 {
		return nil
	}
	used, err := s.used()
	if err != nil {
		return fmt.Errorf("save snapshot: %w", err)
	}
	if used+n > s.maxBytes {
		return &diskError{sgmap.Errorf(sgmap.EUNAVAILABLE, "the data folder is over its quota of %s (%s used, this snapshot is %s): delete old snapshots or raise -max-data",
			byteText(s.maxBytes), byteText(used), byteText(n)), ErrFull, nil}
	}
	return nil
}

// used is the size of the backend's objects.
func (s *Store) used() (int64, error) {
	infos, err := s.b.List(bg, "")
	if err != nil {
		return 0, err
	}
	var n int64
	for _, in := range infos {
		n += in.Size
	}
	return n, nil
}

func byteText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}

// CleanLeftovers removes what an interrupted Save leaves behind, when the
// backend can leave something (a [Folder]: old temporary files, and empty
// files the previous store reserved). The dashboard calls it at start and
// logs what it removed; it returns the removed names.
func (s *Store) CleanLeftovers() ([]string, error) {
	if c, ok := s.b.(interface{ CleanLeftovers() ([]string, error) }); ok {
		return c.CleanLeftovers()
	}
	return nil, nil
}

// futureSlack is how far in the future a taken_at may be (clock skew)
// before Save clamps it.
const futureSlack = 5 * time.Minute

// clampFuture sets a taken_at in the future to now and says so in a
// warning: "latest" is the newest snapshot by taken_at, and an upload
// dated 2099 would otherwise stay latest for ever.
func clampFuture(snap *sgmap.Snapshot, now time.Time) {
	if !snap.TakenAt.After(now.Add(futureSlack)) {
		return
	}
	snap.Warnings = append(snap.Warnings, sgmap.Warning{Code: "future-taken-at",
		Message: fmt.Sprintf("taken_at %s was in the future; sgmap stored the snapshot as taken when it was saved", snap.TakenAt.UTC().Format(time.RFC3339))})
	snap.TakenAt = now.UTC().Truncate(time.Second)
}
