package main

import (
	"os"
	"strings"
	"testing"
)

// TestData_UnknownSchemeRefused: a -data value that is a URL sgmap does not
// know, or a malformed s3 one, is a usage error naming it, for every
// command that takes -data, and no folder named after it appears.
func TestData_UnknownSchemeRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct{ data, want string }{
		{"gs://bucket/prefix", `does not know the scheme "gs:"`},
		{"http://example.com/data", `does not know the scheme "http:"`},
		{"file:///var/lib/sgmap", `does not know the scheme "file:"`},
		{"S3A://bucket/x", `does not know the scheme "s3a:"`},
		{"s3:", "has no bucket"},
		{"s3:bucket/x", "is not an S3 URL"},
		{"s3:///prefix", "has no bucket"},
		{"s3://Bucket_Name/x", "is not a bucket name"},
		{"s3://bucket:9000/x", "no user, port"},
	} {
		for _, args := range [][]string{
			{"serve", "-addr", "127.0.0.1:0", "-data", c.data},
			{"collect", "-data", c.data},
		} {
			r := mustRun(t, nil, args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "-data") {
				t.Errorf("%s: exit %d, %q; want exit %d and %q", strings.Join(args, " "), r.code, r.stderr, exitUsage, c.want)
			}
		}
	}
	if names, _ := os.ReadDir("."); len(names) != 0 {
		t.Errorf("refused -data values left %v in the working folder", names)
	}
}

func TestDataScheme(t *testing.T) {
	for _, c := range []struct {
		in, scheme string
		url        bool
	}{
		{"s3://b/p", "s3", true},
		{"S3://b/p", "s3", true},
		{"gs://b", "gs", true},
		{"s3:", "s3", true},
		{"/var/lib/sgmap", "", false},
		{"data", "", false},
		{"./a:b", "", false},
		{`C:\sgmap`, "", false}, // a Windows drive, not a scheme
		{"", "", false},
	} {
		scheme, url := dataScheme(c.in)
		if scheme != c.scheme || url != c.url {
			t.Errorf("dataScheme(%q) = %q, %v; want %q, %v", c.in, scheme, url, c.scheme, c.url)
		}
	}
}

// TestData_ColonFolderHint: a folder name that only looks like a scheme
// gets the way to write it.
func TestData_ColonFolderHint(t *testing.T) {
	t.Chdir(t.TempDir())
	r := mustRun(t, nil, "collect", "-data", "backup:2026")
	if r.code != exitUsage || !strings.Contains(r.stderr, "write ./backup:2026") {
		t.Errorf("collect -data backup:2026: exit %d, %q", r.code, r.stderr)
	}
}
