package main

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
)

// byteSize is a flag value like 2GiB, 500MB, 64MiB or 1048576 (bytes).
type byteSize int64

func (b *byteSize) String() string {
	if *b == 0 {
		return "0"
	}
	for _, u := range []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if int64(*b)%u.n == 0 {
			return fmt.Sprintf("%d%s", int64(*b)/u.n, u.name)
		}
	}
	return strconv.FormatInt(int64(*b), 10)
}

func (b *byteSize) Set(s string) error {
	units := []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 || f*float64(mult) > 1<<62 {
		return fmt.Errorf("%q is not a size such as 2GiB, 500MB or 0", s)
	}
	*b = byteSize(f * float64(mult))
	return nil
}

// defaultMaxMemory is serve's default soft memory limit: the diagram cache
// (96 MiB), the demos and a few uploads in flight fit, and without it the
// collector lets the heap grow to twice what is live (a 10-minute soak
// reached 500 MB RSS; docs/performance.md "Under hostile load").
const defaultMaxMemory = 256 << 20

// setMemoryLimit applies -max-memory unless GOMEMLIMIT is set (the runtime
// has read it already).
func setMemoryLimit(e env, n int64) {
	if e.getenv("GOMEMLIMIT") != "" || n <= 0 {
		return
	}
	debug.SetMemoryLimit(n)
}

// weakToken reports why a token looks guessable ("" when it does not): it
// is short, uses few distinct characters, or is a well-known example.
func weakToken(tok string) string {
	distinct := map[rune]bool{}
	for _, r := range tok {
		distinct[r] = true
	}
	lower := strings.ToLower(tok)
	for _, w := range []string{"password", "secret", "changeme", "token", "sgmap", "admin", "letmein", "123456", "qwerty"} {
		if strings.Contains(lower, w) {
			return fmt.Sprintf("it contains the word %q", w)
		}
	}
	switch {
	case len(tok) < 16:
		return fmt.Sprintf("it has only %d characters", len(tok))
	case len(distinct) < 8:
		return fmt.Sprintf("it uses only %d distinct characters", len(distinct))
	}
	return ""
}
