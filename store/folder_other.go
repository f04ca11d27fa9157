//go:build !unix

package store

import (
	"fmt"
	"io/fs"
	"sync"
)

// noFollow: Get checks the file after opening it.
const noFollow = 0

// folderMu stands in for flock(2) where the system has none: conditional
// writes are a compare-and-swap within one process only.
var folderMu sync.Mutex

// locked runs fn holding the process-wide folder lock.
func (f *Folder) locked(fn func() error) error {
	folderMu.Lock()
	defer folderMu.Unlock()
	return fn()
}

// fileVersion is a file's version: its size and modification time.
func fileVersion(fi fs.FileInfo) string {
	return fmt.Sprintf("%x-%x", fi.Size(), fi.ModTime().UnixNano())
}
