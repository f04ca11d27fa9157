package main

import (
	"context"
	"regexp"
	"strings"

	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/s3store"
)

// urlScheme matches what starts a URL: a scheme of two or more characters
// and a colon. (One letter and a colon is a Windows drive, C:\data.)
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// openStore opens the store that -data names, for every command that
// takes -data: s3://bucket/prefix is the S3 store (docs/deploy.md), any
// other scheme is refused, and everything else is a folder, created if
// missing. It never makes a folder named after a URL ("s3:", "gs:").
func openStore(ctx context.Context, data string, opts ...store.Option) (*store.Store, error) {
	scheme, ok := dataScheme(data)
	if !ok {
		return store.Open(data, opts...)
	}
	if scheme != "s3" {
		hint := ""
		if !strings.Contains(data, "://") {
			hint = " (for a folder whose name has a colon, write ./" + data + ")"
		}
		return nil, usagef("-data %q: sgmap does not know the scheme %q: give a folder or s3://bucket/prefix%s", data, scheme+":", hint)
	}
	if _, _, err := s3store.ParseURL(data); err != nil {
		return nil, usagef("-data: %s", err)
	}
	b, err := s3store.New(ctx, data)
	if err != nil {
		return nil, err
	}
	return store.New(b, opts...)
}

// dataScheme returns the lower-cased URL scheme of a -data value, and
// whether it has one.
func dataScheme(data string) (string, bool) {
	m := urlScheme.FindStringSubmatch(data)
	if m == nil {
		return "", false
	}
	return strings.ToLower(m[1]), true
}
