//go:build !linux

package render

import "os/exec"

// runChild runs cmd. Only Linux has a parent-death signal; elsewhere a
// render worker still stops at the deadline it is given (see
// [WorkerMain]), but a native dot outlives a killed parent.
func runChild(cmd *exec.Cmd) error { return cmd.Run() }
