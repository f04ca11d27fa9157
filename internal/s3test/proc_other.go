//go:build !linux

package s3test

import "os/exec"

// dieWithParent does nothing where the kernel cannot tie the server's life
// to the test process; Stop still ends it.
func dieWithParent(*exec.Cmd) {}
