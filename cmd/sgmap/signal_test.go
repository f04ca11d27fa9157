package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignals_ExitCodes runs this test binary as sgmap (TestMain) on a
// command blocked reading a named pipe, a read no context can interrupt,
// and checks SIGINT and SIGTERM end it with 130 and 143 (a second signal
// at once; one alone after signalGrace) instead of hanging (issue 8 item 7).
func TestSignals_ExitCodes(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(t.TempDir(), "snap.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		want int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		cmd := exec.Command(exe, "render", "-snapshot", fifo, "-o", filepath.Join(t.TempDir(), "x.svg"))
		cmd.Env = append(os.Environ(), "SGMAP_TEST_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Once the child has the pipe open for reading, a non-blocking
		// writer can open it too: the child then waits in read(2), which
		// no context interrupts, with its signal handler installed.
		var w *os.File
		for range 500 {
			if w, err = os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if w == nil {
			cmd.Process.Kill()
			t.Fatalf("the child never opened the pipe: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
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
			w.Close()
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("sgmap ignored %s: still running 10 s later", tt.sig)
		}
	}
}
