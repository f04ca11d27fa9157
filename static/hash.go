package static

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"
)

// Hash is a short hash (12 hex digits) of every embedded file's path and
// content. Pages add it to asset URLs (?v=), which are cached as immutable:
// a build with any changed stylesheet or script gets new URLs, so browsers
// never keep an old script after an upgrade, and a rebuild with the same
// files keeps the cache.
func Hash() string { return hashOnce() }

var hashOnce = sync.OnceValue(func() string { return hashFS(FS) })

// hashFS hashes the regular files of fsys in walk (lexical) order. An
// unreadable file still changes the hash, through its path.
func hashFS(fsys fs.FS) string {
	h := sha256.New()
	_ = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		h.Write([]byte(path))
		h.Write([]byte{0})
		b, _ := fs.ReadFile(fsys, path)
		h.Write(b)
		h.Write([]byte{0})
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}
