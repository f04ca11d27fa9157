package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
)

// A series is the snapshots of one (accounts, regions, source): the
// collections of one account and region over time, or the uploads of one
// account's CLI exports. Its key (Meta.Series) is the accounts, the
// regions and the source, each list joined by "+", separated by "/", with
// "-" for an empty part: "123456789012/eu-west-1/aws-api".
func seriesOf(snap *sgmap.Snapshot) string {
	part := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	return part(strings.Join(snap.Accounts, "+")) + "/" + part(strings.Join(snap.Regions, "+")) + "/" + part(snap.Source)
}

// contentOf is the SHA-256 of snap without its id and taken_at: two
// collections that found the same groups, rules, owners and warnings have
// the same content (Meta.Content).
func contentOf(snap *sgmap.Snapshot) string {
	c := *snap
	c.ID, c.TakenAt = "", time.Time{}
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(&c); err != nil {
		return "" // never equal to another's: not deduplicated
	}
	return hex.EncodeToString(h.Sum(nil))
}

// maxSeenAt bounds Meta.SeenAt: a dashboard collecting every 15 minutes
// sees an unchanged account 96 times a day.
const maxSeenAt = 100

// LastSeen is when the snapshot's content was last seen: its taken_at, or
// the newest time it was seen again.
func (m Meta) LastSeen() time.Time {
	last := m.TakenAt
	for _, t := range m.SeenAt {
		if t.After(last) {
			last = t
		}
	}
	return last
}

// seenAgain returns m recorded as seen again at t.
func (m Meta) seenAgain(t time.Time) Meta {
	m.SeenAgain++
	m.SeenAt = append(slices.Clone(m.SeenAt), t.UTC())
	slices.SortFunc(m.SeenAt, time.Time.Compare)
	if len(m.SeenAt) > maxSeenAt {
		m.SeenAt = m.SeenAt[len(m.SeenAt)-maxSeenAt:]
	}
	return m
}

// newestOf returns the index of the newest entry of series in entries
// (by taken_at, then id, as [Store.List] orders), or -1; skip is an object
// name left out.
func newestOf(entries []indexEntry, series, skip string) int {
	best := -1
	for i, e := range entries {
		if e.Meta.Series != series || e.Object == skip {
			continue
		}
		if best < 0 || newer(e.Meta, entries[best].Meta) {
			best = i
		}
	}
	return best
}

// newer reports whether a comes before b in [Store.List]'s order.
func newer(a, b Meta) bool {
	if c := a.TakenAt.Compare(b.TakenAt); c != 0 {
		return c > 0
	}
	return a.ID > b.ID
}

// Saved is what [Store.Record] did.
type Saved struct {
	// ID names the stored snapshot: the new one, or when Deduplicated the
	// newest of the series, whose content the snapshot had.
	ID string
	// Deduplicated is true when nothing new was stored: the snapshot was
	// recorded as seen again on ID.
	Deduplicated bool
}
