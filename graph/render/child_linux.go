package render

import (
	"os/exec"
	"runtime"
	"syscall"
)

// runChild runs cmd (a render worker or a native dot) so that it dies with
// this process: the kernel sends it SIGKILL when its parent goes away, even
// by kill -9, which no deferred cleanup survives (docs/architecture.md,
// "Rendering").
//
// Linux ties the parent-death signal (PR_SET_PDEATHSIG) to the parent
// THREAD, not the process: the child is killed when the OS thread that
// forked it exits. The Go runtime may end an OS thread while the process
// lives on (a goroutine that exits while locked to its thread takes the
// thread with it), so an unlocked fork could kill a healthy render at
// random. The child is therefore started and waited for on a goroutine
// locked to its thread for the child's whole life: that thread does nothing
// else and cannot end before the child has been reaped.
//
// The child also runs at a lower scheduling priority ([ChildNice]): on a
// small machine a layout would otherwise take the cores from the server
// that started it, and /healthz and cached pages would wait behind it
// (docs/performance.md "Under hostile load").
func runChild(cmd *exec.Cmd) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			done <- err
			return
		}
		// Best effort: a child we may not renice still renders.
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, ChildNice)
		done <- cmd.Wait()
	}()
	return <-done
}
