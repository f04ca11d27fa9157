package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowDOT is a graph within DefaultLimits whose layout takes several
// seconds even on a fast machine (about 12 s on the 2-core test box).
func slowDOT() []byte { return clusteredDOT(600, 7, 8000) }

// orphanParent is the test binary as a server: it renders slowDOT through
// a Pool whose worker (this binary again) writes its PID into dir, and
// waits to be killed.
func orphanParent(dir string) {
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	p := NewPool(PoolOptions{
		Command: []string{exe},
		Env:     append(os.Environ(), workerEnv+"=pid:"+dir),
		Timeout: time.Minute, // far past the test's bound: only the parent's death may stop the worker
	})
	_, err = p.SVG(context.Background(), slowDOT())
	fmt.Fprintln(os.Stderr, "parent: render ended before the parent was killed:", err)
	os.Exit(2)
}

// writePID records this worker's PID in dir/worker.pid, then the worker
// goes on as the real one.
func writePID(dir string) {
	tmp := filepath.Join(dir, "worker.pid.tmp")
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		panic(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "worker.pid")); err != nil {
		panic(err)
	}
}

// TestPool_WorkerDiesWithKilledParent reproduces issue 8 item 6: a server
// killed with SIGKILL left its render worker running for the rest of its
// layout. The worker must be gone within a second or two of its parent.
func TestPool_WorkerDiesWithKilledParent(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the parent-death signal is Linux-only; elsewhere the worker's own time limit applies")
	}
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	parent := exec.Command(exe, "-test.run=^$")
	parent.Env = append(os.Environ(), workerEnv+"=parent:"+dir)
	var stderr bytes.Buffer
	parent.Stderr = &stderr
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	defer parent.Process.Kill() // the parent we started, if the test fails early

	pid := waitForPID(t, filepath.Join(dir, "worker.pid"), parent, &stderr)
	defer syscall.Kill(pid, syscall.SIGKILL) // the worker, by its id, if it survived
	time.Sleep(300 * time.Millisecond)       // let it get into the layout
	if !alive(pid) {
		t.Fatalf("worker %d ended before its parent was killed; stderr: %s", pid, stderr.String())
	}
	if err := parent.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	_ = parent.Wait()
	const bound = 3 * time.Second
	for alive(pid) {
		if time.Since(killed) > bound {
			t.Fatalf("render worker %d still running %v after its parent was killed with SIGKILL", pid, bound)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("worker gone %v after its parent was killed", time.Since(killed).Round(time.Millisecond))
}

// waitForPID waits for the worker to write its PID into path.
func waitForPID(t *testing.T, path string, parent *exec.Cmd, stderr *bytes.Buffer) int {
	t.Helper()
	for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil {
			t.Fatalf("worker.pid: %v", err)
		}
		return pid
	}
	t.Fatalf("no worker started within 30 s; parent stderr: %s", stderr.String())
	return 0
}

// alive reports whether process pid exists and is not a zombie (an orphan
// re-parented to a PID 1 that does not reap it has still stopped).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses: "pid (comm) S …".
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || i+2 >= len(b) || b[i+2] != 'Z' && b[i+2] != 'X'
}

// TestWorkerMain_EnforcesItsOwnTimeLimit: a worker given a time limit in
// SGMAP_RENDER_TIMEOUT stops by itself in the middle of a layout, with
// the EUNAVAILABLE code, so it cannot outlive its limit even when nobody
// is left to kill it.
func TestWorkerMain_EnforcesItsOwnTimeLimit(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), workerEnv+"=render", TimeoutEnv+"=500ms")
	cmd.Stdin = bytes.NewReader(slowDOT())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUnavailable {
		t.Fatalf("worker: err = %v, want exit status %d; stderr: %s", err, exitUnavailable, stderr.String())
	}
	if elapsed > 3*time.Second {
		t.Errorf("worker with a 500ms limit ran %v", elapsed)
	}
	got := errorFromWorker(exit.ExitCode(), stdout.Bytes(), stderr.String())
	if !strings.Contains(err.Error()+got.Error(), "longer than 500ms") {
		t.Errorf("error = %v, want it to name the 500ms limit", got)
	}

	cmd = exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), workerEnv+"=render", TimeoutEnv+"=soon")
	cmd.Stdin = strings.NewReader("digraph { a }")
	stderr.Reset()
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), `SGMAP_RENDER_TIMEOUT="soon"`) {
		t.Errorf("bad limit: err = %v, stderr %q; want a refusal naming the variable", err, stderr.String())
	}
}

// writeNice records this worker's niceness in dir/nice, then the worker
// goes on as the real one. The parent renices it just after starting it,
// so it waits (up to 2 s) while its niceness is still the parent's.
func writeNice(dir string) {
	parent := niceOf(strconv.Itoa(os.Getppid()))
	nice := niceOf("self")
	for start := time.Now(); nice == parent && time.Since(start) < 2*time.Second; nice = niceOf("self") {
		time.Sleep(5 * time.Millisecond)
	}
	if err := os.WriteFile(filepath.Join(dir, "nice"), []byte(nice), 0o600); err != nil {
		panic(err)
	}
}

// niceOf is field 19 of /proc/<pid>/stat, the niceness.
func niceOf(pid string) string {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		panic(err)
	}
	return strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))[16]
}

// TestPool_WorkerRunsBelowTheServer: render workers run at ChildNice, so
// that a render flood cannot take the cores from the server's request
// handling (issue 8: /healthz waited behind the layouts).
func TestPool_WorkerRunsBelowTheServer(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("worker priority is set on Linux only")
	}
	dir := t.TempDir()
	p := testPool(t, "nice:"+dir, PoolOptions{Timeout: 30 * time.Second})
	if _, err := p.SVG(context.Background(), []byte("digraph { a -> b }")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "nice"))
	if err != nil {
		t.Fatal(err)
	}
	self, _ := syscall.Getpriority(syscall.PRIO_PROCESS, 0) // 20 - nice on Linux
	if got, want := string(b), strconv.Itoa(min(20-self+ChildNice, 19)); got != want {
		t.Errorf("worker niceness %s, want %s (this process's + ChildNice)", got, want)
	}
}
