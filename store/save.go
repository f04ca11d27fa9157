package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/sgmap/sgmap"
)

// Save validates snap and writes it into the store's folder under a new id
// made of its first account and its taken_at time
// (123456789012-20261125T093000Z, then -2, -3, … if taken), which it
// returns. The file is written atomically and an existing file is never
// overwritten. snap is normalised in place; the stored copy carries the id.
// A store without a folder gives an [sgmap.EUNAVAILABLE] error; an invalid
// snapshot the [*sgmap.ValidationError] of [sgmap.Snapshot.Validate].
func (s *Store) Save(snap *sgmap.Snapshot) (id string, err error) {
	if s.dir == "" {
		return "", sgmap.Errorf(sgmap.EUNAVAILABLE, "no data folder: start sgmap serve with -data to store snapshots")
	}
	clampFuture(snap, time.Now())
	snap.Normalize()
	if err := snap.Validate(); err != nil {
		return "", err
	}
	c := *snap
	var buf bytes.Buffer
	base := baseID(snap)
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = base
	if err := c.Encode(&buf); err != nil {
		return "", err
	}
	if err := s.checkQuota(int64(buf.Len())); err != nil {
		return "", err
	}
	id, err = s.reserve(base)
	if err != nil {
		return "", err
	}
	path := filepath.Join(s.dir, id+ext)
	if id != base {
		buf.Reset()
		c.ID = id
		if err := c.Encode(&buf); err != nil {
			os.Remove(path)
			return "", err
		}
	}
	if afterReserve != nil {
		afterReserve(path)
	}
	// Never WriteFileAtomic here: it follows links, and the reserved name
	// may have been swapped for one to any file.
	err = sgmap.WriteFileNoFollow(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
	if err != nil {
		os.Remove(path)
		return "", s.classify(fmt.Errorf("save snapshot: %w", err))
	}
	return id, nil
}

// afterReserve, when set (by tests), runs between reserving a name and
// writing the file: the window a hostile local process would use.
var afterReserve func(path string)

// reserve creates an empty file for the first free id base, base-2, …, so
// that concurrent savers (this process or a collect run) never pick the
// same name; s.mu must be held.
func (s *Store) reserve(base string) (string, error) {
	for n := 1; n < 10000; n++ {
		id := base
		if n > 1 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		if _, ok := s.added[id]; ok {
			continue
		}
		f, err := os.OpenFile(filepath.Join(s.dir, id+ext), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return "", s.classify(fmt.Errorf("save snapshot: %w", err))
		}
		f.Close()
		return id, nil
	}
	return "", sgmap.Errorf(sgmap.EUNAVAILABLE, "too many snapshots named %s", base)
}

// baseID is the id a snapshot would get before uniquifying.
func baseID(snap *sgmap.Snapshot) string {
	acct := "snapshot"
	if len(snap.Accounts) > 0 {
		acct = sanitize(snap.Accounts[0])
		if len(snap.Accounts) > 1 {
			acct += "-and-" + fmt.Sprint(len(snap.Accounts)-1)
		}
	}
	return acct + "-" + snap.TakenAt.UTC().Format("20060102T150405Z")
}

// metaOf summarises snap.
func metaOf(snap *sgmap.Snapshot, hash string) Meta {
	m := Meta{ID: snap.ID, Accounts: snap.Accounts, Regions: snap.Regions, TakenAt: snap.TakenAt,
		Warnings: len(snap.Warnings), Source: snap.Source, Hash: hash}
	names := map[string]string{}
	for _, v := range snap.VPCs {
		names[v.ID] = v.Name
	}
	byVPC := map[string]*VPCMeta{}
	for _, id := range snap.VPCIDs() {
		m.VPCs = append(m.VPCs, VPCMeta{ID: id, Name: names[id]})
	}
	for i := range m.VPCs {
		byVPC[m.VPCs[i].ID] = &m.VPCs[i]
	}
	for _, g := range snap.Groups {
		if v := byVPC[g.VPCID]; v != nil {
			v.Groups++
			v.Rules += len(g.Rules)
		}
	}
	for _, o := range snap.Owners {
		if v := byVPC[o.VPCID]; v != nil {
			v.Owners++
		}
	}
	for _, e := range snap.Interfaces {
		if v := byVPC[e.VPCID]; v != nil {
			v.Interfaces++
		}
	}
	return m
}

// MetaOf summarises a snapshot that is not in a store (a demo); Hash is
// left empty.
func MetaOf(snap *sgmap.Snapshot) Meta { return metaOf(snap, "") }
