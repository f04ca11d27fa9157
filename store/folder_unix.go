//go:build unix

package store

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// noFollow are the flags of Get's open: a link is refused (ELOOP), and a
// named pipe does not block the open.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// locked runs fn holding the folder's exclusive lock: flock(2) on the file
// .sgmap-lock, which serialises the compare-and-swap of every process sharing
// the folder (goroutines of one process too: each call opens its own file
// description).
func (f *Folder) locked(fn func() error) error {
	lf, err := os.OpenFile(filepath.Join(f.dir, lockName), os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if err != nil {
		return fmt.Errorf("open lock: %w", err)
	}
	defer lf.Close()
	for {
		err = syscall.Flock(int(lf.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("lock %s: %w", lf.Name(), err)
	}
	defer syscall.Flock(int(lf.Fd()), syscall.LOCK_UN)
	return fn()
}

// fileVersion is a file's version: inode, size and modification time. A
// replaced file has a new inode; one rewritten in place a new time.
func fileVersion(fi fs.FileInfo) string {
	var ino uint64
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino = uint64(st.Ino)
	}
	return fmt.Sprintf("%x-%x-%x", ino, fi.Size(), fi.ModTime().UnixNano())
}
