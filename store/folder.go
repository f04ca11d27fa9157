package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Folder is the [Backend] of a local folder (serve and collect -data DIR):
// an object is a regular file under the folder, named by its object name.
//
//   - Put writes a temporary file (created with O_EXCL, so never through a
//     link) and renames or links it into place: readers see the old file or
//     the new one, and kill -9 leaves at most a hidden temporary file, which
//     [Folder.CleanLeftovers] removes.
//   - Conditional Puts and Deletes run under an exclusive lock on the file
//     .sgmap-lock in the folder (flock(2), where the system has it), so they are a
//     compare-and-swap also between processes sharing the folder.
//   - Links and special files in the folder are never followed or read:
//     they are not listed and Get reports them as missing.
//   - A version is the file's inode, size and modification time: it changes
//     whenever the file is replaced or rewritten, and List reads it without
//     opening the file.
type Folder struct {
	dir string
}

// lockName is the folder's lock file; tmpMark marks temporary files.
const (
	lockName = ".sgmap-lock"
	tmpMark  = ".tmp-"
)

// NewFolder returns the backend of the folder dir, creating it if needed.
func NewFolder(dir string) (*Folder, error) {
	if dir == "" {
		return nil, errors.New("open store: empty folder name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return &Folder{dir: dir}, nil
}

// Dir returns the folder.
func (f *Folder) Dir() string { return f.dir }

// String implements [Backend]: the folder's path.
func (f *Folder) String() string { return f.dir }

// validName reports whether name is an object name [Backend] allows.
func validName(name string) bool {
	if name == "" || len(name) > 512 || name[0] == '/' || strings.Contains(name, "..") || strings.Contains(name, "//") || strings.HasSuffix(name, "/") {
		return false
	}
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '/':
		default:
			return false
		}
	}
	return true
}

// path returns the file of the object name.
func (f *Folder) path(name string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("invalid object name %q: %w", clip(name), ErrNotFound)
	}
	return filepath.Join(f.dir, filepath.FromSlash(name)), nil
}

// Get implements [Backend]. A link, a device or a folder at name is
// reported as missing, without opening what it points to.
func (f *Folder) Get(_ context.Context, name string, max int64) ([]byte, string, error) {
	p, err := f.path(name)
	if err != nil {
		return nil, "", err
	}
	file, err := os.OpenFile(p, os.O_RDONLY|noFollow, 0)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.ENOTDIR) {
			return nil, "", fmt.Errorf("get %s: %w", name, ErrNotFound)
		}
		return nil, "", fmt.Errorf("get %s: %w", name, err)
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("get %s: %w", name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, "", fmt.Errorf("get %s: not a regular file: %w", name, ErrNotFound)
	}
	if fi.Size() > max {
		return nil, "", fmt.Errorf("get %s: %d bytes: %w", name, fi.Size(), ErrTooLarge)
	}
	// Read at most max+1 bytes: a file that grows meanwhile cannot
	// exhaust memory.
	data, err := io.ReadAll(io.LimitReader(file, max+1))
	if err != nil {
		return nil, "", fmt.Errorf("get %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, "", fmt.Errorf("get %s: %w", name, ErrTooLarge)
	}
	// The version of what was read: a file rewritten in place while read
	// changes its modification time, so the next List shows a new version.
	return data, fileVersion(fi), nil
}

// Put implements [Backend].
func (f *Folder) Put(_ context.Context, name string, data []byte, cond Cond) (string, error) {
	p, err := f.path(name)
	if err != nil {
		return "", err
	}
	dir := filepath.Dir(p)
	if err := f.mkdirs(dir); err != nil {
		return "", fmt.Errorf("put %s: %w", name, err)
	}
	tmp, fi, err := writeTemp(dir, filepath.Base(p), data)
	if err != nil {
		return "", fmt.Errorf("put %s: %w", name, err)
	}
	defer os.Remove(tmp) // after a link, or a failure; a no-op after a rename
	err = f.locked(func() error {
		switch {
		case cond.IfAbsent:
			// link(2) fails on any existing name, a link included, and
			// never follows one.
			if err := os.Link(tmp, p); err != nil {
				if errors.Is(err, fs.ErrExist) {
					return fmt.Errorf("put %s: exists: %w", name, ErrPrecondition)
				}
				return err
			}
			return nil
		case cond.IfVersion != "":
			cur, err := os.Lstat(p)
			if err != nil || !cur.Mode().IsRegular() || fileVersion(cur) != cond.IfVersion {
				return fmt.Errorf("put %s: not at version %s: %w", name, cond.IfVersion, ErrPrecondition)
			}
		}
		// rename(2) replaces a link at p, never its target.
		return os.Rename(tmp, p)
	})
	if err != nil {
		if errors.Is(err, ErrPrecondition) {
			return "", err
		}
		return "", fmt.Errorf("put %s: %w", name, err)
	}
	syncDir(dir)
	return fileVersion(fi), nil
}

// mkdirs creates dir (inside the folder) and refuses a link on the way.
func (f *Folder) mkdirs(dir string) error {
	if dir == f.dir {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rel, err := filepath.Rel(f.dir, dir)
	if err != nil {
		return err
	}
	p := f.dir
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
			return fmt.Errorf("%s is not a folder", p)
		}
	}
	return nil
}

// writeTemp writes data to a new hidden temporary file in dir, synced to
// disk, and returns its path and final file info.
func writeTemp(dir, base string, data []byte) (string, fs.FileInfo, error) {
	// CreateTemp opens with O_EXCL: an existing name (a planted link
	// included) is never opened.
	t, err := os.CreateTemp(dir, "."+base+tmpMark+"*")
	if err != nil {
		return "", nil, err
	}
	ok := false
	defer func() {
		if !ok {
			t.Close()
			os.Remove(t.Name())
		}
	}()
	if _, err := t.Write(data); err != nil {
		return "", nil, err
	}
	if err := t.Chmod(0o644); err != nil {
		return "", nil, err
	}
	if err := t.Sync(); err != nil {
		return "", nil, err
	}
	fi, err := t.Stat()
	if err != nil {
		return "", nil, err
	}
	if err := t.Close(); err != nil {
		return "", nil, err
	}
	ok = true
	return t.Name(), fi, nil
}

// syncDir makes a rename in dir durable; errors are ignored (some systems
// cannot sync a folder, and the file is in place either way).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// List implements [Backend]: regular files only, no temporary files, not
// the lock file.
func (f *Folder) List(_ context.Context, prefix string) ([]Info, error) {
	root := f.dir
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		root = filepath.Join(f.dir, filepath.FromSlash(prefix[:i]))
	}
	var out []Info
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		rel, _ := filepath.Rel(f.dir, p)
		name := filepath.ToSlash(rel)
		if de.IsDir() {
			if p != root && !strings.HasPrefix(name+"/", prefix) && !strings.HasPrefix(prefix, name+"/") {
				return fs.SkipDir
			}
			return nil
		}
		base := de.Name()
		if !de.Type().IsRegular() || !strings.HasPrefix(name, prefix) || base == lockName || isTemp(base) {
			return nil
		}
		fi, err := de.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		out = append(out, Info{Name: name, Size: fi.Size(), Version: fileVersion(fi), Modified: fi.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", f.dir, err)
	}
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Stat returns the [Info] of one object, as List would, without reading a
// folder of them ([Store.Load] uses it when a backend has it).
func (f *Folder) Stat(_ context.Context, name string) (Info, error) {
	p, err := f.path(name)
	if err != nil {
		return Info{}, err
	}
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || isTemp(fi.Name()) || fi.Name() == lockName {
		return Info{}, fmt.Errorf("stat %s: %w", name, ErrNotFound)
	}
	return Info{Name: name, Size: fi.Size(), Version: fileVersion(fi), Modified: fi.ModTime()}, nil
}

// isTemp reports whether a file's base name is that of a temporary file
// of Put (or of the previous store's saves).
func isTemp(base string) bool {
	return strings.HasPrefix(base, ".") && strings.Contains(base, tmpMark)
}

// Delete implements [Backend]. It removes a link at name, never its target.
func (f *Folder) Delete(_ context.Context, name string) error {
	p, err := f.path(name)
	if err != nil {
		return nil // no such object can exist
	}
	err = f.locked(func() error { return os.Remove(p) })
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	syncDir(filepath.Dir(p))
	return nil
}

// tmpMaxAge is how old a temporary file must be before CleanLeftovers
// removes it: a younger one may be a Put of another process in progress.
const tmpMaxAge = 10 * time.Minute

// CleanLeftovers removes what an interrupted write leaves in the folder:
// temporary files older than tmpMaxAge and, from the previous store's
// saves, empty *.json files (names reserved before the write). It returns
// the removed names.
func (f *Folder) CleanLeftovers() ([]string, error) {
	des, err := os.ReadDir(f.dir)
	if err != nil {
		return nil, fmt.Errorf("clean data folder: %w", err)
	}
	var removed []string
	for _, de := range des {
		name := de.Name()
		fi, err := de.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		leftover := isTemp(name) && time.Since(fi.ModTime()) > tmpMaxAge ||
			strings.HasSuffix(name, ext) && !strings.HasPrefix(name, ".") && fi.Size() == 0
		if !leftover {
			continue
		}
		if err := os.Remove(filepath.Join(f.dir, name)); err == nil {
			removed = append(removed, name)
		}
	}
	return removed, nil
}

var _ Backend = (*Folder)(nil)
