package sgmap

import (
	"fmt"
	"unsafe"
)

// Limits bound what one snapshot (or one imported file) may hold, so that
// a small input cannot cost gigabytes to decode: 20 MiB of empty objects
// would otherwise become 7 million structs. They are checked while the
// JSON is scanned, before anything is decoded, and by [Limits.Check] on
// snapshots built another way (collect, import). A zero field takes its
// [DefaultLimits] value. See docs/performance.md "Under hostile load".
type Limits struct {
	Groups     int // security groups
	Rules      int // rules, over all groups
	Interfaces int // network interfaces (ENIs)
	Owners     int // owners (instances, load balancers, tasks, …)
	Objects    int // JSON values of any kind, anywhere in the input
	// MemoryFactor bounds the estimated memory of the decoded snapshot
	// to this many times the input's size (plus 4 MiB): a legitimate
	// snapshot's objects cost about 2–3× their JSON, empty objects 50×.
	MemoryFactor int
}

// DefaultLimits are far beyond the largest real estates sgmap is used on
// (the large demo has 1,500 groups), and keep any input within
// MemoryFactor of its size.
var DefaultLimits = Limits{Groups: 100_000, Rules: 1_000_000, Interfaces: 500_000, Owners: 500_000,
	Objects: 20_000_000, MemoryFactor: 6}

// memoryFloor is the memory any input may use whatever its size.
const memoryFloor = 4 << 20

// WithDefaults returns l with zero fields set from [DefaultLimits].
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return Limits{Groups: pick(l.Groups, d.Groups), Rules: pick(l.Rules, d.Rules),
		Interfaces: pick(l.Interfaces, d.Interfaces), Owners: pick(l.Owners, d.Owners),
		Objects: pick(l.Objects, d.Objects), MemoryFactor: pick(l.MemoryFactor, d.MemoryFactor)}
}

// Check returns an [ETOOLARGE] error naming the first limit s exceeds.
func (l Limits) Check(s *Snapshot) error {
	l = l.WithDefaults()
	rules := 0
	for _, g := range s.Groups {
		rules += len(g.Rules)
	}
	var c counts
	c.n = [numKinds]int{kindGroup: len(s.Groups), kindRule: rules, kindENI: len(s.Interfaces), kindOwner: len(s.Owners)}
	for k := range numKinds {
		if err := l.exceeded(kind(k), c.n[k]); err != nil {
			return err
		}
	}
	return nil
}

// kind is what a scanned JSON value is in a snapshot.
type kind int

const (
	kindOther kind = iota
	kindGroup
	kindRule
	kindENI
	kindOwner
	numKinds
)

var kindNames = [numKinds]string{"JSON values", "security groups", "rules", "network interfaces", "owners"}

// kindCost is the memory one decoded value of each kind takes, about.
var kindCost = [numKinds]int64{
	kindOther: 48, // a string header and a little of a map or slice
	kindGroup: int64(unsafe.Sizeof(SecurityGroup{})),
	kindRule:  int64(unsafe.Sizeof(Rule{})),
	kindENI:   int64(unsafe.Sizeof(NetworkInterface{})),
	kindOwner: int64(unsafe.Sizeof(Owner{})),
}

// counts are the values seen so far by a scan.
type counts struct {
	n      [numKinds]int
	values int
	cost   int64
}

func (l Limits) max(k kind) int {
	switch k {
	case kindGroup:
		return l.Groups
	case kindRule:
		return l.Rules
	case kindENI:
		return l.Interfaces
	case kindOwner:
		return l.Owners
	}
	return l.Objects
}

func (l Limits) exceeded(k kind, n int) error {
	if m := l.max(k); n > m {
		return Errorf(ETOOLARGE, "snapshot has more than %d %s, the limit sgmap accepts (Limits.%s)", m, kindNames[k], limitField(k))
	}
	return nil
}

func limitField(k kind) string {
	return [numKinds]string{"Objects", "Groups", "Rules", "Interfaces", "Owners"}[k]
}

// add counts one value of kind k in an input of size bytes and returns
// the error of the first limit it passes.
func (c *counts) add(l *Limits, k kind, size int) error {
	c.values++
	if c.values > l.Objects {
		return l.exceeded(kindOther, c.values)
	}
	c.cost += kindCost[k]
	if k != kindOther {
		c.n[k]++
		if err := l.exceeded(k, c.n[k]); err != nil {
			return err
		}
	}
	if budget := int64(l.MemoryFactor)*int64(size) + memoryFloor; c.cost > budget {
		return Errorf(ETOOLARGE, "snapshot of %s holds at least %d JSON values (%d security groups, %d rules): decoding it would take more than %d times its size in memory (Limits.MemoryFactor); real snapshots are far denser",
			sizeText(size), c.values, c.n[kindGroup], c.n[kindRule], l.MemoryFactor)
	}
	return nil
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
