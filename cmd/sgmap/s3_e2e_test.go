package main

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap/internal/s3test"
)

// s3srv is the package's versitygw (see TestMain), nil when it could not
// start; s3test.Need says why.
var s3srv *s3test.Server

// TestCollect_S3MissingBucket: collect checks the bucket before it
// collects, and says what is wrong.
func TestCollect_S3MissingBucket(t *testing.T) {
	s3test.Need(t, s3srv)
	s3srv.Setenv(t)
	r := mustRun(t, nil, "collect", "-region", "eu-west-1", "-data", "s3://no-such-bucket-sgmap/x")
	if r.code != exitError || !strings.Contains(r.stderr, "the bucket no-such-bucket-sgmap does not exist") {
		t.Errorf("collect -data s3://no-such-bucket-sgmap/x: exit %d, %q", r.code, r.stderr)
	}
}
