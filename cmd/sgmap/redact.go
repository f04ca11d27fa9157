package main

import (
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"

	"github.com/sgmap/sgmap"
)

// redactSynopsis is the usage-line part of the flags [redactFlags] registers.
const redactSynopsis = "[-redact [-redact-key KEY]]"

// redactFlags are -redact and -redact-key, part of [sourceFlags]: the snapshot
// is redacted as it is loaded, so every output format is (docs/exports.md).
type redactFlags struct {
	on  bool
	key string
	raw []byte // the key in use, once apply has run
}

func (f *redactFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.on, "redact", false, "replace account ids, IP addresses, ids, names, descriptions and tags with stable keyed pseudonyms, to share the output (docs/exports.md)")
	fs.StringVar(&f.key, "redact-key", "", "with -redact: the pseudonym `key` (the same key gives the same pseudonyms); a random key, printed to standard error, when empty")
}

// apply redacts s when -redact is set.
func (f *redactFlags) apply(e env, s *sgmap.Snapshot) (*sgmap.Snapshot, error) {
	if !f.on {
		if f.key != "" {
			return nil, usagef("-redact-key needs -redact")
		}
		return s, nil
	}
	f.raw = []byte(f.key)
	if f.key == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("redaction key: %w", err)
		}
		f.raw = []byte(hex.EncodeToString(b))
		fmt.Fprintf(e.stderr, "sgmap: redaction key (pass -redact-key to reuse it): %s\n", f.raw)
	}
	return sgmap.Redact(s, f.raw), nil
}

// id maps an id given on the command line (-vpc) to its pseudonym when
// redacting, so the original id still picks the VPC.
func (f *redactFlags) id(id string) string {
	if !f.on || id == "" {
		return id
	}
	return sgmap.RedactID(id, f.raw)
}
