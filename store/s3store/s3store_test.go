package s3store_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sgmap/sgmap/internal/s3test"
	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/s3store"
)

// srv is the package's versitygw, started once by TestMain; the process
// environment aims the SDK's default configuration at it.
var srv *s3test.Server

func TestMain(m *testing.M) {
	if child := os.Getenv(childEnv); child != "" {
		os.Exit(runChild(child))
	}
	os.Exit(s3test.Main(m, &srv, true))
}

// newBackend returns a backend on a new bucket, under prefix.
func newBackend(t *testing.T, prefix string, opts ...s3store.Option) (*s3store.Backend, string) {
	t.Helper()
	s3test.Need(t, srv)
	bucket := srv.Bucket(t)
	return openBackend(t, "s3://"+bucket+"/"+prefix, opts...), bucket
}

// openBackend opens url through the default configuration.
func openBackend(t *testing.T, url string, opts ...s3store.Option) *s3store.Backend {
	t.Helper()
	b, err := s3store.New(s3test.Context(t), url, opts...)
	if err != nil {
		t.Fatalf("New(%s): %v", url, err)
	}
	return b
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ in, bucket, prefix, err string }{
		{in: "s3://my-bucket/sgmap", bucket: "my-bucket", prefix: "sgmap/"},
		{in: "s3://my-bucket", bucket: "my-bucket", prefix: ""},
		{in: "s3://my-bucket/", bucket: "my-bucket", prefix: ""},
		{in: "s3://b.example.com/team/prod/", bucket: "b.example.com", prefix: "team/prod/"},
		{in: "s3://", err: "has no bucket"},
		{in: "s3:///prefix", err: "has no bucket"},
		{in: "s3:bucket", err: "is not an S3 URL"},
		{in: "s3:", err: "has no bucket"},
		{in: "gs://bucket/x", err: "is not an S3 URL"},
		{in: "s3://Upper/x", err: "is not a bucket name"},
		{in: "s3://ab/x", err: "is not a bucket name"},
		{in: "s3://bucket-/x", err: "is not a bucket name"},
		{in: "s3://bucket:9000/x", err: "no user, port"},
		{in: "s3://u@bucket/x", err: "no user, port"},
		{in: "s3://bucket/x?versionId=1", err: "no user, port"},
		{in: "s3://bucket/a//b", err: "the prefix may only"},
		{in: "s3://bucket/a/../b", err: "the prefix may only"},
		{in: "s3://bucket/a b", err: "the prefix may only"},
	} {
		bucket, prefix, err := s3store.ParseURL(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseURL(%q) = %v, want error containing %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || bucket != c.bucket || prefix != c.prefix {
			t.Errorf("ParseURL(%q) = %q, %q, %v; want %q, %q", c.in, bucket, prefix, err, c.bucket, c.prefix)
		}
	}
}

func TestBackend_String(t *testing.T) {
	b, bucket := newBackend(t, "team/prod")
	if got, want := b.String(), "s3://"+bucket+"/team/prod"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestGetPut_Conditions(t *testing.T) {
	b, _ := newBackend(t, "p")
	ctx := s3test.Context(t)
	if _, _, err := b.Get(ctx, "a.json", 100); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of a missing object: %v, want ErrNotFound", err)
	}
	v1, err := b.Put(ctx, "a.json", []byte(`{"n":1}`), store.Cond{IfAbsent: true})
	if err != nil || v1 == "" {
		t.Fatalf("first Put IfAbsent = %q, %v", v1, err)
	}
	if _, err := b.Put(ctx, "a.json", []byte(`{"n":9}`), store.Cond{IfAbsent: true}); !errors.Is(err, store.ErrPrecondition) {
		t.Fatalf("second Put IfAbsent: %v, want ErrPrecondition", err)
	}
	data, v, err := b.Get(ctx, "a.json", 100)
	if err != nil || string(data) != `{"n":1}` || v != v1 {
		t.Fatalf("Get = %q, %q, %v; want the first bytes and version %q", data, v, err, v1)
	}
	v2, err := b.Put(ctx, "a.json", []byte(`{"n":2}`), store.Cond{IfVersion: v1})
	if err != nil || v2 == v1 {
		t.Fatalf("Put IfVersion(current) = %q, %v; want a new version", v2, err)
	}
	if _, err := b.Put(ctx, "a.json", []byte(`{"n":3}`), store.Cond{IfVersion: v1}); !errors.Is(err, store.ErrPrecondition) {
		t.Fatalf("Put IfVersion(stale): %v, want ErrPrecondition", err)
	}
	if _, err := b.Put(ctx, "missing.json", []byte(`x`), store.Cond{IfVersion: v2}); !errors.Is(err, store.ErrPrecondition) {
		t.Fatalf("Put IfVersion on a missing object: %v, want ErrPrecondition", err)
	}
	if _, _, err := b.Get(ctx, "missing.json", 100); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a failed conditional Put created the object: %v", err)
	}
	if data, _, _ := b.Get(ctx, "a.json", 100); string(data) != `{"n":2}` {
		t.Fatalf("after the failed Puts the object is %q, want the second bytes", data)
	}
	v4, err := b.Put(ctx, "a.json", []byte(`{"n":4}`), store.Cond{})
	if err != nil || v4 == v2 {
		t.Fatalf("unconditional Put = %q, %v", v4, err)
	}
}

func TestGet_TooLarge(t *testing.T) {
	b, _ := newBackend(t, "p")
	ctx := s3test.Context(t)
	payload := bytes.Repeat([]byte("x"), 4096)
	if _, err := b.Put(ctx, "big", payload, store.Cond{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Get(ctx, "big", 4095); !errors.Is(err, store.ErrTooLarge) {
		t.Fatalf("Get(max=size-1): %v, want ErrTooLarge", err)
	}
	data, _, err := b.Get(ctx, "big", 4096)
	if err != nil || !bytes.Equal(data, payload) {
		t.Fatalf("Get(max=size) = %d bytes, %v", len(data), err)
	}
	if _, err := b.Put(ctx, "empty", nil, store.Cond{IfAbsent: true}); err != nil {
		t.Fatal(err)
	}
	if data, _, err := b.Get(ctx, "empty", 0); err != nil || len(data) != 0 {
		t.Fatalf("Get of an empty object = %q, %v", data, err)
	}
}

func TestListDelete(t *testing.T) {
	b, bucket := newBackend(t, "team")
	other := openBackend(t, "s3://"+bucket+"/team2") // a neighbouring prefix
	ctx := s3test.Context(t)
	if _, err := other.Put(ctx, "snapshots/z.json", []byte("other"), store.Cond{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, name := range []string{"snapshots/b.json", "snapshots/a.json", "index.json", "snapshots/c-2.json"} {
		v, err := b.Put(ctx, name, []byte(name), store.Cond{IfAbsent: true})
		if err != nil {
			t.Fatal(err)
		}
		want[name] = v
	}
	infos, err := b.List(ctx, "snapshots/")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range infos {
		names = append(names, in.Name)
		if in.Size != int64(len(in.Name)) || in.Version != want[in.Name] || in.Modified.IsZero() {
			t.Errorf("List gave %+v; want size %d, version %q and a time", in, len(in.Name), want[in.Name])
		}
	}
	if got := strings.Join(names, " "); got != "snapshots/a.json snapshots/b.json snapshots/c-2.json" {
		t.Errorf("List(snapshots/) = %s", got)
	}
	if all, _ := b.List(ctx, ""); len(all) != 4 {
		t.Errorf("List(\"\") = %d objects, want 4 (not the other prefix's)", len(all))
	}
	if err := b.Delete(ctx, "snapshots/a.json"); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, "snapshots/a.json"); err != nil {
		t.Errorf("Delete of a missing object: %v", err)
	}
	if _, _, err := b.Get(ctx, "snapshots/a.json", 100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if infos, _ := b.List(ctx, "snapshots/"); len(infos) != 2 {
		t.Errorf("List after Delete = %d objects, want 2", len(infos))
	}
}

func TestList_Pages(t *testing.T) {
	const pageSize, n = 7, 60
	b, _ := newBackend(t, "p", s3store.WithPageSize(pageSize))
	ctx := s3test.Context(t)
	for i := range n {
		if _, err := b.Put(ctx, fmt.Sprintf("s/%03d", i), nil, store.Cond{}); err != nil {
			t.Fatal(err)
		}
	}
	infos, err := b.List(ctx, "s/")
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != n {
		t.Fatalf("List with %d keys a page = %d objects, want %d", pageSize, len(infos), n)
	}
	for i, in := range infos {
		if want := fmt.Sprintf("s/%03d", i); in.Name != want {
			t.Fatalf("List[%d] = %s, want %s", i, in.Name, want)
		}
	}
}

// TestList_Over1000 lists more keys than one page of the server's default
// size (1000), without WithPageSize.
func TestList_Over1000(t *testing.T) {
	if testing.Short() {
		t.Skip("1,001 uploads; runs without -short")
	}
	b, _ := newBackend(t, "p")
	ctx := s3test.Context(t)
	const n = 1001
	for i := range n {
		if _, err := b.Put(ctx, fmt.Sprintf("k%04d", i), nil, store.Cond{}); err != nil {
			t.Fatal(err)
		}
	}
	infos, err := b.List(ctx, "")
	if err != nil || len(infos) != n || infos[n-1].Name != "k1000" {
		t.Fatalf("List = %d objects, %v; want %d ending in k1000", len(infos), err, n)
	}
}

func TestBadNames(t *testing.T) {
	b, _ := newBackend(t, "p")
	ctx := s3test.Context(t)
	for _, name := range []string{"", "/abs", "a/../b", "a//b", "sp ace", "a\x00b", strings.Repeat("x", 513)} {
		if _, err := b.Put(ctx, name, nil, store.Cond{}); err == nil {
			t.Errorf("Put(%q) succeeded", name)
		}
		if _, _, err := b.Get(ctx, name, 10); err == nil || errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(%q) = %v, want an invalid-name error", name, err)
		}
	}
}

// TestPut_LostAnswer: the server applies a conditional Put but its answer
// is lost (the connection drops). Retried, it would fail its condition
// because of its own write, and a read-modify-write caller would apply
// its change twice; so it is not retried, and its error says the outcome
// is unknown, never that another writer won.
func TestPut_LostAnswer(t *testing.T) {
	for _, tc := range []struct {
		name string
		cond func(v1 string) store.Cond
	}{
		{"IfAbsent", func(string) store.Cond { return store.Cond{IfAbsent: true} }},
		{"IfVersion", func(v1 string) store.Cond { return store.Cond{IfVersion: v1} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lossy := &losingTransport{}
			b, bucket := newBackend(t, "p")
			ctx := s3test.Context(t)
			var v1 string
			if tc.name == "IfVersion" {
				var err error
				if v1, err = b.Put(ctx, "x", []byte("one"), store.Cond{IfAbsent: true}); err != nil {
					t.Fatal(err)
				}
			}
			c := openBackend(t, "s3://"+bucket+"/p", s3store.WithS3Options(func(o *s3.Options) {
				o.HTTPClient = &http.Client{Transport: lossy}
			}))
			_, err := c.Put(ctx, "x", []byte("two"), tc.cond(v1))
			if !errors.Is(err, s3store.ErrUnavailable) || errors.Is(err, store.ErrPrecondition) || !strings.Contains(err.Error(), "may or may not have happened") {
				t.Fatalf("Put whose answer was lost: %v; want an error saying the outcome is unknown", err)
			}
			if n := lossy.puts.Load(); n != 1 {
				t.Errorf("the Put was sent %d times, want once", n)
			}
			if data, _, err := b.Get(ctx, "x", 10); err != nil || string(data) != "two" {
				t.Errorf("the server has %q, %v; want the write it applied (the test did not test)", data, err)
			}
		})
	}
}

// losingTransport delivers every PUT to the server, then drops the answer
// as a reset connection would.
type losingTransport struct{ puts atomic.Int32 }

func (l *losingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.Method == http.MethodPut {
		l.puts.Add(1)
		resp.Body.Close()
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return resp, err
}
