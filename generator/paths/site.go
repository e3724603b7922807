// Package paths is the one owner of the files Spean touches on disk: which
// files may be read (only inside the site folder, symbolic links
// included), which folder the build may replace (never the site, its
// parent or an input), and how content files are written by the commands
// that edit them (new, stamp, check --fix-zawgyi). Every other package
// reads through the fs.FS a Site gives and writes through publish or
// WriteContent, so the rules are kept in one place.
//
// In: the site folder on disk. Out: a confined fs.FS, a checked output
// folder, and safe writes of content files.
package paths

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Site is the site folder on disk.
type Site struct {
	// Root is the site folder: absolute, cleaned, symbolic links resolved.
	Root string
	// allowed are other folders (absolute, resolved) that links inside the
	// site may point into, from config.yaml's read_roots.
	allowed []string
	// MaxFileSize is the largest file the site may read, in bytes; 0 means
	// no limit. A 50 MB markdown file is a mistake or an attack, and the
	// build would hold it in memory many times over.
	MaxFileSize int64

	mu sync.Mutex
	// inside caches directories (relative, slash-separated) already
	// resolved to a place inside the site, so reading 10,000 files does not
	// resolve every parent folder 10,000 times.
	inside map[string]bool
}

// Open returns the site folder dir, which must exist.
func Open(dir string) (*Site, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("site folder %s: %w", dir, err)
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, fmt.Errorf("site folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("site folder %s is not a folder", dir)
	}
	return &Site{Root: real, inside: map[string]bool{".": true}}, nil
}

// Allow lets links inside the site point into the given folders too
// (config.yaml's read_roots), relative to the site folder or absolute,
// in place of those allowed before: serve calls it at every reading of
// the configuration, while its watcher asks MayRead.
func (s *Site) Allow(dirs []string) error {
	var allowed []string
	for _, d := range dirs {
		if !filepath.IsAbs(d) {
			d = filepath.Join(s.Root, d)
		}
		real, err := filepath.EvalSymlinks(d)
		if err != nil {
			return fmt.Errorf("read_roots: %w", err)
		}
		allowed = append(allowed, real)
	}
	s.mu.Lock()
	s.allowed = allowed
	s.inside = map[string]bool{".": true}
	s.mu.Unlock()
	return nil
}

// Within reports whether path p (absolute, cleaned) is dir or inside it.
func Within(p, dir string) bool {
	if p == dir {
		return true
	}
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// OutsideError is the error for a file whose symbolic link leads out of
// the site folder: publishing it could leak anything the build can read
// (/proc/self/environ holds CI secrets).
type OutsideError struct {
	// Link is the link inside the site (slash-separated, from the site
	// folder) and Target where it resolves to.
	Link, Target string
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("%s is a link to %s, outside the site folder (replace the link with the file itself, or list that folder under read_roots in config.yaml)", e.Link, e.Target)
}

// TooLargeError is the error for a file over Site.MaxFileSize.
type TooLargeError struct {
	Name      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is %s, over the limit of %s (split it, or raise limits.max_file_size in config.yaml)", e.Name, FormatSize(e.Size), FormatSize(e.Max))
}

// FormatSize writes a byte count for people: 512 B, 1.5 KB, 50.0 MB.
func FormatSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// FS returns the site folder as a read-only file system that refuses
// anything outside it: names with .. (fs.ValidPath), and links that
// resolve elsewhere (OutsideError), loops included.
func (s *Site) FS() fs.FS { return (*siteFS)(s) }

type siteFS Site

// resolve returns the real path of name inside the site, or an error
// naming the link that leads out.
func (f *siteFS) resolve(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	s := (*Site)(f)
	full := filepath.Join(s.Root, filepath.FromSlash(name))
	dir := path.Dir(name)
	s.mu.Lock()
	known := s.inside[dir]
	s.mu.Unlock()
	if known {
		// The folder is inside; only the last element can be a link.
		info, err := os.Lstat(full)
		if err != nil {
			return "", &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return full, nil
		}
	}
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		if link := s.firstLink(name); link != "" && !errors.Is(err, fs.ErrNotExist) {
			return "", &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%s is a link that cannot be followed (a loop, or its target is missing): %w", link, unwrapPath(err))}
		}
		return "", &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
	}
	if !s.allowedPath(real) {
		link := s.firstLink(name)
		if link == "" {
			link = name
		}
		return "", &fs.PathError{Op: op, Path: name, Err: &OutsideError{Link: link, Target: real}}
	}
	if !known && Within(real, s.Root) {
		if realDir, err := filepath.EvalSymlinks(filepath.Dir(full)); err == nil && realDir == filepath.Join(s.Root, filepath.FromSlash(dir)) {
			s.mu.Lock()
			s.inside[dir] = true
			s.mu.Unlock()
		}
	}
	return real, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// MayRead reports whether the site may read the file or folder at real,
// an absolute path with its links resolved: inside the site folder, or
// in one of the folders Allow lets links lead into. (serve watches only
// what it may read.)
func (s *Site) MayRead(real string) bool { return s.allowedPath(real) }

func (s *Site) allowedPath(real string) bool {
	if Within(real, s.Root) {
		return true
	}
	s.mu.Lock()
	allowed := s.allowed
	s.mu.Unlock()
	for _, a := range allowed {
		if Within(real, a) {
			return true
		}
	}
	return false
}

// firstLink returns the first element of name (slash-separated, from the
// site folder) that is a symbolic link, or "".
func (s *Site) firstLink(name string) string {
	cur := s.Root
	parts := strings.Split(name, "/")
	for i, p := range parts {
		cur = filepath.Join(cur, p)
		info, err := os.Lstat(cur)
		if err != nil {
			return ""
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return strings.Join(parts[:i+1], "/")
		}
	}
	return ""
}

func (f *siteFS) Open(name string) (fs.File, error) {
	real, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	return os.Open(real)
}

// ReadFile reads a whole file, refusing one over the size limit before
// reading it.
func (f *siteFS) ReadFile(name string) ([]byte, error) {
	real, err := f.resolve("read", name)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(real)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrapPath(err)}
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if max := f.MaxFileSize; max > 0 && info.Size() > max {
		return nil, &TooLargeError{Name: name, Size: info.Size(), Max: max}
	}
	b := make([]byte, 0, info.Size()+1)
	for {
		n, err := file.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if len(b) == cap(b) {
			// The file grew while being read; keep the limit.
			if max := f.MaxFileSize; max > 0 && int64(len(b)) > max {
				return nil, &TooLargeError{Name: name, Size: int64(len(b)), Max: max}
			}
			b = append(b, 0)[:len(b)]
		}
	}
}

func (f *siteFS) Stat(name string) (fs.FileInfo, error) {
	real, err := f.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	return os.Stat(real)
}

func (f *siteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	real, err := f.resolve("readdir", name)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: unwrapPath(err)}
	}
	return entries, nil
}
