package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap/demo"
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

// TestStoreCommand_S3: sgmap store list, prune and rm act on a bucket as
// on a folder.
func TestStoreCommand_S3(t *testing.T) {
	s3test.Need(t, s3srv)
	s3srv.Setenv(t)
	data := "s3://" + s3srv.Bucket(t) + "/team"
	st, err := openStore(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 3 {
		s, _ := demo.Get("article")
		s.ID, s.Source = "", "collect"
		s.TakenAt = time.Date(2026, 12, 1+i, 0, 0, 0, 0, time.UTC)
		s.Groups[0].Rules[0].Description = fmt.Sprint("edit ", i)
		saved, err := st.Record(s)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, saved.ID)
	}
	r := mustRun(t, nil, "store", "list", "-data", data)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 4 || !strings.Contains(r.stdout, ids[2]) {
		t.Errorf("store list -data %s: exit %d\n%s%s", data, r.code, r.stdout, r.stderr)
	}
	if r := mustRun(t, nil, "store", "prune", "-data", data, "-keep-last", "2"); r.code != 0 || !strings.Contains(r.stderr, "deleted 1 snapshots") {
		t.Errorf("store prune: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := mustRun(t, nil, "store", "-data", data, "rm", ids[1]); r.code != 0 || !strings.Contains(r.stderr, "deleted "+ids[1]) {
		t.Errorf("store rm: exit %d\n%s", r.code, r.stderr)
	}
	other, err := openStore(t.Context(), data) // as another replica sees it
	if err != nil {
		t.Fatal(err)
	}
	if metas, err := other.List(); err != nil || len(metas) != 1 || metas[0].ID != ids[2] {
		t.Errorf("after prune and rm the bucket lists %+v, %v; want only %s", metas, err, ids[2])
	}
}
