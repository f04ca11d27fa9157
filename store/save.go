package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/sgmap/sgmap"
)

// Save is [Store.Record] that returns only the id: the new snapshot's, or
// that of the newest of its series when it had the same content.
func (s *Store) Save(snap *sgmap.Snapshot) (id string, err error) {
	saved, err := s.Record(snap)
	return saved.ID, err
}

// Record validates snap and stores it, unless its content is that of the
// newest snapshot of its series (same accounts, regions and source): then
// nothing is stored, the newest is recorded as seen again at snap's
// taken_at (Meta.SeenAgain, Meta.SeenAt), and Saved.Deduplicated is set.
//
// A new snapshot is written under a new id made of its first account and
// its taken_at time (123456789012-20261125T093000Z, then -2, -3, … if
// taken), atomically, never overwriting an existing object, and entered in
// the index. snap is normalised in place; the stored copy carries the id.
// A store without a backend gives an [sgmap.EUNAVAILABLE] error; an invalid
// snapshot the [*sgmap.ValidationError] of [sgmap.Snapshot.Validate].
func (s *Store) Record(snap *sgmap.Snapshot) (Saved, error) {
	if s.b == nil {
		return Saved{}, sgmap.Errorf(sgmap.EUNAVAILABLE, "no data folder: start sgmap serve with -data to store snapshots")
	}
	clampFuture(snap, time.Now())
	snap.Normalize()
	if err := snap.Validate(); err != nil {
		return Saved{}, err
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	series, content := seriesOf(snap), contentOf(snap)
	if _, err := s.listStored(); err != nil {
		s.log.Warn("some snapshot files do not load", "store", s.where(), "error", err)
	}
	id, err := s.markSeen(series, content, "", snap.TakenAt)
	var de *diskError
	switch err = s.classify(err); {
	case errors.As(err, &de):
		return Saved{}, err // full or read-only: nothing can be stored
	case err != nil:
		// The index cannot be updated (the next listing repairs what it
		// can): store the snapshot rather than lose it.
		s.log.Warn("cannot record a snapshot as seen again; storing it", "store", s.where(), "error", err)
	case id != "":
		return Saved{ID: id, Deduplicated: true}, nil
	}
	e, err := s.putNew(snap)
	if err != nil {
		return Saved{}, err
	}
	e.Meta.Content = content
	if dup := s.enter(e); dup != "" {
		// Another writer stored the same content meanwhile.
		if err := s.b.Delete(bg, e.Object); err != nil {
			s.log.Warn("cannot delete a duplicate snapshot", "store", s.where(), "snapshot_id", e.Meta.ID, "error", err)
		}
		return Saved{ID: dup, Deduplicated: true}, nil
	}
	return Saved{ID: e.Meta.ID}, nil
}

// markSeen records the newest snapshot of series (other than the object
// skip) as seen again at t when its content is content, and returns its
// id; "" when it has other content.
func (s *Store) markSeen(series, content, skip string, t time.Time) (string, error) {
	var hit string
	err := s.updateIndex(func(idx *index) (bool, error) {
		hit = seenIn(idx, series, content, skip, t)
		return hit != "", nil
	})
	if err != nil {
		return "", fmt.Errorf("save snapshot: %w", err)
	}
	return hit, nil
}

// seenIn is markSeen on idx.
func seenIn(idx *index, series, content, skip string, t time.Time) string {
	i := newestOf(idx.Snapshots, series, skip)
	if i < 0 || content == "" || idx.Snapshots[i].Meta.Content != content {
		return ""
	}
	idx.Snapshots[i].Meta = idx.Snapshots[i].Meta.seenAgain(t)
	return idx.Snapshots[i].Meta.ID
}

// putNew writes snap under the first free id of its base id and returns
// its index entry; s.saveMu is held.
func (s *Store) putNew(snap *sgmap.Snapshot) (indexEntry, error) {
	c := *snap
	base := baseID(snap)
	tried := map[string]bool{}
	for range maxTries {
		taken, err := s.objectNames(base)
		if err != nil {
			return indexEntry{}, s.classify(fmt.Errorf("save snapshot: %w", err))
		}
		id := base
		for n := 2; taken[id+ext] || tried[id] || s.IsAdded(id); n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		c.ID = id
		var buf bytes.Buffer
		if err := c.Encode(&buf); err != nil {
			return indexEntry{}, err
		}
		if len(tried) == 0 {
			if err := s.checkQuota(int64(buf.Len())); err != nil {
				return indexEntry{}, err
			}
		}
		if beforePut != nil {
			beforePut(id + ext)
		}
		version, err := s.b.Put(bg, id+ext, buf.Bytes(), Cond{IfAbsent: true})
		if errors.Is(err, ErrPrecondition) {
			tried[id] = true // another writer took it, or something is in the way
			continue
		}
		if err != nil {
			return indexEntry{}, s.classify(fmt.Errorf("save snapshot: %w", err))
		}
		sum := sha256.Sum256(buf.Bytes())
		return indexEntry{Object: id + ext, Version: version, Meta: metaOf(&c, hex.EncodeToString(sum[:]))}, nil
	}
	return indexEntry{}, sgmap.Errorf(sgmap.EUNAVAILABLE, "too many concurrent snapshots named %s", base)
}

// maxTries bounds the attempts of a compare-and-swap against concurrent
// writers.
const maxTries = 100

// beforePut, when set (by tests), runs before a snapshot object is put,
// with its name: the window a hostile local process would use.
var beforePut func(name string)

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
		Warnings: len(snap.Warnings), Source: snap.Source, Hash: hash, Series: seriesOf(snap)}
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
