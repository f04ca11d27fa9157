package s3store_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sgmap/sgmap/internal/s3test"
	"github.com/sgmap/sgmap/store"
	"github.com/sgmap/sgmap/store/s3store"
)

// The test binary runs as a child process (another sgmap replica, as far
// as the bucket can tell) when childEnv names what it should do; the
// parent's environment aims it at the same server.
const (
	childEnv = "SGMAP_S3_CHILD"
	urlEnv   = "SGMAP_S3_URL"
	countEnv = "SGMAP_S3_COUNT"
)

// runChild is the child's whole life: "count" adds SGMAP_S3_COUNT to the
// counter object with compare-and-swap; "upload" starts two uploads that
// stall midway and waits to be killed.
func runChild(kind string) int {
	ctx := context.Background()
	var err error
	switch kind {
	case "count":
		var b *s3store.Backend
		if b, err = s3store.New(ctx, os.Getenv(urlEnv)); err == nil {
			n, _ := strconv.Atoi(os.Getenv(countEnv))
			err = addN(ctx, b, n)
		}
	case "upload":
		err = stalledUploads(ctx)
	default:
		err = fmt.Errorf("unknown child %q", kind)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

// addN adds 1 to the number in the object "counter", n times, each with a
// read and a conditional write, retrying when another writer won.
func addN(ctx context.Context, b store.Backend, n int) error {
	for range n {
		for {
			data, v, err := b.Get(ctx, "counter", 64)
			if err != nil {
				return err
			}
			c, err := strconv.Atoi(string(data))
			if err != nil {
				return err
			}
			_, err = b.Put(ctx, "counter", []byte(strconv.Itoa(c+1)), store.Cond{IfVersion: v})
			if err == nil {
				break
			}
			if !errors.Is(err, store.ErrPrecondition) {
				return err
			}
		}
	}
	return nil
}

// startCounter creates the counter object at 0 on a new bucket.
func startCounter(t *testing.T) (string, *s3store.Backend) {
	b, bucket := newBackend(t, "shared")
	if _, err := b.Put(s3test.Context(t), "counter", []byte("0"), store.Cond{IfAbsent: true}); err != nil {
		t.Fatal(err)
	}
	return "s3://" + bucket + "/shared", b
}

// wantCount checks the counter's final value: no increment was lost.
func wantCount(t *testing.T, b store.Backend, want int) {
	t.Helper()
	data, _, err := b.Get(s3test.Context(t), "counter", 64)
	if err != nil || string(data) != strconv.Itoa(want) {
		t.Fatalf("counter = %q, %v; want %d (a compare-and-swap let a write through)", data, err, want)
	}
}

// TestTwoClients_CompareAndSwap: two clients of one process, four writers
// each, all incrementing one object.
func TestTwoClients_CompareAndSwap(t *testing.T) {
	url, b := startCounter(t)
	clients := []store.Backend{b, openBackend(t, url)}
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for _, c := range clients {
		for range writers {
			wg.Go(func() { errs <- addN(s3test.Context(t), c, each) })
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	wantCount(t, b, 2*writers*each)
}

// TestTwoProcesses_CompareAndSwap: two child processes share the bucket.
func TestTwoProcesses_CompareAndSwap(t *testing.T) {
	url, b := startCounter(t)
	const each = 12
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for range 2 {
		cmd := child(t, "count", url, strconv.Itoa(each))
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v: %s", i, err, outs[i])
		}
	}
	wantCount(t, b, 2*each)
}

// child returns the command that runs this test binary as a child.
func child(t *testing.T, kind, url, count string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+kind, urlEnv+"="+url, countEnv+"="+count)
	return cmd
}

// TestKill9_MidUpload kills a process whose uploads are halfway through
// their bodies: the object that existed keeps its old bytes and version,
// the new one does not appear, and no part of either is listed.
func TestKill9_MidUpload(t *testing.T) {
	b, bucket := newBackend(t, "p")
	ctx := s3test.Context(t)
	oldV, err := b.Put(ctx, "old.json", []byte(`"old"`), store.Cond{})
	if err != nil {
		t.Fatal(err)
	}
	cmd := child(t, "upload", "s3://"+bucket+"/p", "")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for sending := 0; sending < 2; {
		if !lines.Scan() {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child stopped before both uploads were under way: %s", stderr.String())
		}
		if strings.HasPrefix(lines.Text(), "sending ") {
			sending++
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	// The server notices the dropped connections; give it a moment, then
	// check it published nothing.
	time.Sleep(200 * time.Millisecond)
	data, v, err := b.Get(ctx, "old.json", 1<<20)
	if err != nil || string(data) != `"old"` || v != oldV {
		t.Errorf("old.json after the kill = %d bytes, version %q, %v; want the old bytes and version %q", len(data), v, err, oldV)
	}
	if _, _, err := b.Get(ctx, "new.json", 1<<20); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("new.json after the kill: %v, want ErrNotFound", err)
	}
	infos, err := b.List(ctx, "")
	if err != nil || len(infos) != 1 || infos[0].Name != "old.json" {
		t.Errorf("List after the kill = %+v, %v; want old.json alone", infos, err)
	}
}

// uploadSize is the body of each stalled upload; the stall comes after
// stallAfter bytes.
const uploadSize, stallAfter = 1 << 20, 64 << 10

// stalledUploads replaces old.json and creates new.json, each with a body
// that stops after stallAfter bytes, printing "sending NAME" then, and
// waits (to be killed).
func stalledUploads(ctx context.Context) error {
	b, err := s3store.New(ctx, os.Getenv(urlEnv), s3store.WithS3Options(func(o *s3.Options) {
		o.HTTPClient = &http.Client{Transport: stallingTransport{}}
		o.RetryMaxAttempts = 1
	}))
	if err != nil {
		return err
	}
	body := bytes.Repeat([]byte("n"), uploadSize)
	errs := make(chan error, 2)
	for _, name := range []string{"old.json", "new.json"} {
		go func() {
			_, err := b.Put(ctx, name, body, store.Cond{})
			errs <- fmt.Errorf("put %s ended: %v", name, err)
		}()
	}
	return <-errs // only if an upload ended, which it must not
}

// stallingTransport sends each PUT body's first stallAfter bytes, says so
// on stdout with the key, then blocks forever.
type stallingTransport struct{}

func (stallingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPut && r.Body != nil {
		key := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		r = r.Clone(r.Context())
		r.Body = &stallingBody{r: r.Body, key: key}
	}
	return http.DefaultTransport.RoundTrip(r)
}

type stallingBody struct {
	r    io.ReadCloser
	key  string
	sent int
}

var stdoutMu sync.Mutex

func (s *stallingBody) Read(p []byte) (int, error) {
	if s.sent >= stallAfter {
		stdoutMu.Lock()
		fmt.Printf("sending %s\n", s.key)
		stdoutMu.Unlock()
		time.Sleep(time.Hour) // until killed (a bare select{} could trip the deadlock detector)
	}
	p = p[:min(len(p), stallAfter-s.sent)]
	n, err := s.r.Read(p)
	s.sent += n
	return n, err
}

func (s *stallingBody) Close() error { return s.r.Close() }
