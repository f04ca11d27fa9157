package main

import (
	"flag"
	"time"

	"github.com/sgmap/sgmap/store"
)

// keepFlags are the retention flags of serve, collect and store prune
// (docs/cli.md, "Retention").
type keepFlags struct {
	keep ageFlag
	last int
}

func (k *keepFlags) register(fs *flag.FlagSet) {
	fs.Var(&k.keep, "keep", "delete stored snapshots last seen longer ago than this `age` (90d, 2w, 36h); the newest of each series stays")
	fs.IntVar(&k.last, "keep-last", 0, "keep at most `N` snapshots per series (same accounts, regions and source), the newest")
}

// retention returns the flags' rule, or a usage error.
func (k *keepFlags) retention() (store.Retention, error) {
	if k.last < 0 {
		return store.Retention{}, usagef("-keep-last must be 0 (no limit) or more")
	}
	return store.Retention{KeepFor: time.Duration(k.keep), KeepLast: k.last}, nil
}

// ageFlag is a retention age: a Go duration or days and weeks (90d, 2w).
type ageFlag time.Duration

func (a *ageFlag) String() string {
	if a == nil || *a == 0 {
		return ""
	}
	return store.FormatAge(time.Duration(*a))
}

func (a *ageFlag) Set(s string) error {
	d, err := store.ParseAge(s)
	if err != nil {
		return err
	}
	*a = ageFlag(d)
	return nil
}
