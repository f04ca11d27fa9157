package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignals_ExitCodes runs this test binary as sgmap (TestMain) on a
// command blocked reading standard input, a read no context interrupts,
// and checks SIGINT and SIGTERM end it with 130 and 143 (a second signal
// at once; one alone after signalGrace) instead of hanging (issue 8 item 7).
func TestSignals_ExitCodes(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		want int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		cmd := exec.Command(exe, "render", "-snapshot", "-", "-o", filepath.Join(t.TempDir(), "x.svg"))
		cmd.Env = append(os.Environ(), "SGMAP_TEST_MAIN=1")
		stdin, err := cmd.StdinPipe() // never written to
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if !waitReadingStdin(cmd.Process.Pid) {
			cmd.Process.Kill()
			t.Fatal("the child never blocked reading standard input")
		}
		cmd.Process.Signal(tt.sig)
		time.Sleep(100 * time.Millisecond)
		cmd.Process.Signal(tt.sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tt.want {
				t.Errorf("after %s: %v, want exit %d", tt.sig, err, tt.want)
			}
			if !strings.Contains(stderr.String(), "stopped by") {
				t.Errorf("stderr %q does not say it was stopped", stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("sgmap ignored %s: still running 10 s later", tt.sig)
		}
		stdin.Close()
	}
}

// waitReadingStdin waits up to 10 s for one of pid's threads to be in
// read(2) on file descriptor 0 (/proc/PID/task/*/syscall "0 0x0 …" on
// Linux x86-64 and arm64 alike: read is 0 on x86-64, 63 on arm64). By
// then the signal handler is installed.
func waitReadingStdin(pid int) bool {
	for range 500 {
		tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "syscall"))
		for _, task := range tasks {
			b, _ := os.ReadFile(task)
			if f := strings.Fields(string(b)); len(f) > 1 && (f[0] == "0" || f[0] == "63") && f[1] == "0x0" {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
