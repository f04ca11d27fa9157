package server

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sgmap/sgmap/store"
)

// diskChildEnv makes the test binary the inside of
// TestUpload_RealFullAndReadOnlyDisk: root of its own user and mount
// namespace, where it may mount a small tmpfs.
const diskChildEnv = "SGMAP_SERVER_TEST_DISK_CHILD"

// TestUpload_RealFullAndReadOnlyDisk reproduces issue 8 item 9 on real
// file systems, not injected errors: an upload into a data folder on a
// full tmpfs gets 507 saying the disk is full, and one into a read-only
// tmpfs gets 503 saying it cannot be written (before: 500 "Internal
// error" with the cause only in the log). The mounts live in a user and
// mount namespace of the test binary's own (no privileges needed where
// the kernel allows unprivileged user namespaces); where it does not, the
// test is skipped with the reason, except under CI=true.
func TestUpload_RealFullAndReadOnlyDisk(t *testing.T) {
	if dir := os.Getenv(diskChildEnv); dir != "" {
		diskChild(t, dir)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestUpload_RealFullAndReadOnlyDisk$", "-test.v")
	cmd.Env = append(os.Environ(), diskChildEnv+"="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	out, err := cmd.CombinedOutput()
	if err != nil && !bytes.Contains(out, []byte("--- FAIL")) {
		// The namespace or the mount itself was refused.
		msg := "the kernel does not let this test mount a tmpfs in a user namespace: " + err.Error() + " " + firstLines(out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true, so this test must run")
		}
		t.Skip(msg)
	}
	if err != nil {
		t.Fatalf("inside the namespace:\n%s", out)
	}
	t.Logf("inside the namespace:\n%s", firstLines(out))
}

// diskChild runs inside the namespace: a full tmpfs, then a read-only one.
func diskChild(t *testing.T, dir string) {
	// Keep the mounts to this namespace whatever the parent's propagation.
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		t.Skipf("cannot make / private in the mount namespace: %v", err)
	}
	body := mustDemoJSON(t, "antipattern")
	for _, c := range []struct {
		name   string
		flags  uintptr
		opts   string
		status int
		says   string
	}{
		// Smaller than one snapshot file: the write itself hits ENOSPC.
		{"full", 0, "size=4k", http.StatusInsufficientStorage, "disk is full"},
		{"read-only", syscall.MS_RDONLY, "size=1m", http.StatusServiceUnavailable, "cannot be written"},
	} {
		mnt := filepath.Join(dir, c.name)
		if err := os.Mkdir(mnt, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", c.flags, c.opts); err != nil {
			t.Skipf("cannot mount a tmpfs (%s): %v", c.opts, err)
		}
		st, err := store.Open(mnt)
		if err != nil {
			t.Fatalf("%s: open store: %v", c.name, err)
		}
		s := mustServer(t, Config{Store: st})
		w := do(t, s, "POST", "/api/snapshots", bytes.NewReader(body), "Content-Type", "application/json")
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.says) {
			t.Errorf("upload into a %s tmpfs = %d %s; want %d saying %q", c.name, w.Code, w.Body, c.status, c.says)
		}
		// Nothing half-written is left behind.
		if des, _ := os.ReadDir(mnt); len(des) != 0 && c.name == "full" {
			var names []string
			for _, de := range des {
				names = append(names, de.Name())
			}
			t.Errorf("the full disk holds %v after the refused upload", names)
		}
		t.Logf("%s tmpfs: %d %s", c.name, w.Code, strings.TrimSpace(w.Body.String()))
		syscall.Unmount(mnt, 0)
	}
}

// firstLines is the first few lines of out, for messages.
func firstLines(out []byte) string {
	lines := strings.SplitN(string(out), "\n", 12)
	return strings.Join(lines[:min(len(lines), 11)], "\n")
}
