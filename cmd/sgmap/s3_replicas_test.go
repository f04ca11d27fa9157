package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sgmap/sgmap/internal/s3test"
)

// replica is one `sgmap serve -data s3://…` process (this test binary
// acting as sgmap), as a dashboard replica on Fargate would be.
type replica struct {
	base   string
	stderr *syncBuffer
	stop   func()
}

// startReplica runs serve -data data in a child process until the test
// ends or stop is called (SIGTERM, as ECS stops a task).
func startReplica(t *testing.T, data string) *replica {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd := exec.Command(exe, "serve", "-addr", "127.0.0.1:0", "-data", data, "-no-demos")
	cmd.Env = append(append(os.Environ(), "SGMAP_TEST_MAIN=1"), s3srv.Env()...)
	cmd.Stdout, cmd.Stderr = io.Discard, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() { cmd.Wait(); done <- cmd.ProcessState.ExitCode() }()
	r := &replica{stderr: stderr}
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("serve -data %s exited %d after SIGTERM: %s", data, code, stderr.String())
				}
			case <-time.After(15 * time.Second):
				cmd.Process.Kill()
				t.Errorf("serve -data %s did not stop within 15 s of SIGTERM", data)
			}
		})
	}
	t.Cleanup(r.stop)
	r.base = waitForURL(t, stderr, done)
	return r
}

// ids lists the snapshot ids the replica serves.
func (r *replica) ids(t *testing.T) []string {
	t.Helper()
	resp, err := http.Get(r.base + "/api/snapshots")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatalf("GET /api/snapshots: %s: %v", resp.Status, err)
	}
	var ids []string
	for _, m := range list {
		ids = append(ids, m.ID)
	}
	return ids
}

// upload posts snapshot JSON and returns the id the replica gave it.
func (r *replica) upload(t *testing.T, body []byte) string {
	t.Helper()
	resp, err := http.Post(r.base+"/api/snapshots", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated || out.ID == "" {
		t.Fatalf("upload: %s, %v, id %q: %s", resp.Status, err, out.ID, r.stderr.String())
	}
	return out.ID
}

// waitListed polls the replica until it lists id, for at most limit.
func (r *replica) waitListed(t *testing.T, id string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if slices.Contains(r.ids(t), id) {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("%s does not list %s after %s; it lists %v", r.base, id, limit, r.ids(t))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestServe_S3TwoReplicas: two dashboard processes on one bucket. An
// upload through A is listed by B, one through B by A, and both survive a
// restart of every replica (a new one lists them from the bucket alone).
func TestServe_S3TwoReplicas(t *testing.T) {
	s3test.Need(t, s3srv)
	data := "s3://" + s3srv.Bucket(t) + "/team"
	a, b := startReplica(t, data), startReplica(t, data)
	snap := mustRun(t, nil, "demo", "article")
	if snap.code != 0 {
		t.Fatalf("demo article: %s", snap.stderr)
	}
	idA := a.upload(t, []byte(snap.stdout))
	took := b.waitListed(t, idA, 20*time.Second)
	t.Logf("replica B listed A's upload after %s", took)
	other := mustRun(t, nil, "demo", "antipattern")
	idB := b.upload(t, []byte(other.stdout))
	a.waitListed(t, idB, 20*time.Second)
	if idA == idB {
		t.Fatalf("both uploads got the id %s", idA)
	}
	a.stop()
	b.stop()
	c := startReplica(t, data)
	if got := c.ids(t); !slices.Contains(got, idA) || !slices.Contains(got, idB) {
		t.Errorf("after a restart the bucket's dashboard lists %v, want %s and %s", got, idA, idB)
	}
}

// TestServe_S3BucketGone: when the bucket disappears under a running
// dashboard, an upload answers 503 saying so (the store failed, not the
// client), and the dashboard keeps running.
func TestServe_S3BucketGone(t *testing.T) {
	s3test.Need(t, s3srv)
	bucket := s3srv.Bucket(t)
	a := startReplica(t, "s3://"+bucket+"/team")
	if err := os.RemoveAll(filepath.Join(s3srv.Root, bucket)); err != nil {
		t.Fatal(err)
	}
	snap := mustRun(t, nil, "demo", "article")
	resp, err := http.Post(a.base+"/api/snapshots", "application/json", strings.NewReader(snap.stdout))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "the bucket "+bucket+" does not exist") {
		t.Errorf("upload into a deleted bucket: %s %s", resp.Status, body)
	}
	if resp, err := http.Get(a.base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after the failed upload /healthz = %v, %v", resp, err)
	}
}
