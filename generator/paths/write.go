package paths

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ContentDir is the folder of the site that holds the pages and data.
const ContentDir = "content"

// WriteContent writes a file under content/ for the commands that edit the
// writer's files (new, stamp, check --fix-zawgyi). name is slash-separated
// from the site folder. With create, the file must not exist yet (new never
// overwrites a writer's work) and missing folders are made; otherwise it
// must exist and is replaced atomically, keeping its permissions.
//
// No element of the path may be a symbolic link: a link committed into
// content/ must not let a command write outside the site.
func (s *Site) WriteContent(name string, data []byte, create bool) error {
	if !fs.ValidPath(name) || !strings.HasPrefix(name, ContentDir+"/") {
		return fmt.Errorf("%s: spean writes only files inside %s/", name, ContentDir)
	}
	// Walk down from the site folder: every existing element must be a
	// real folder (or, last, a real file), never a link.
	cur := s.Root
	parts := strings.Split(name, "/")
	for i, p := range parts {
		cur = filepath.Join(cur, p)
		info, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			if !create {
				return fmt.Errorf("%s: no such file", name)
			}
			if i < len(parts)-1 {
				if err := os.Mkdir(cur, 0o755); err != nil {
					return fmt.Errorf("create %s: %w", path.Join(parts[:i+1]...), err)
				}
			}
			continue
		}
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s: %s is a symbolic link; spean does not write through links (replace it with a real file or folder)", name, path.Join(parts[:i+1]...))
		}
		if i < len(parts)-1 && !info.IsDir() {
			return fmt.Errorf("%s: %s is not a folder", name, path.Join(parts[:i+1]...))
		}
		if i == len(parts)-1 {
			if create {
				return fmt.Errorf("%s already exists; edit it instead", name)
			}
			if !info.Mode().IsRegular() {
				return fmt.Errorf("%s is not a regular file", name)
			}
		}
	}
	if create {
		f, err := os.OpenFile(cur, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s already exists; edit it instead", name)
			}
			return fmt.Errorf("create %s: %w", name, err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", name, err)
		}
		return f.Close()
	}
	info, err := os.Stat(cur)
	if err != nil {
		return err
	}
	// Replace atomically: an interrupted write must not leave half a page.
	tmp, err := os.CreateTemp(filepath.Dir(cur), "."+filepath.Base(cur)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), info.Mode().Perm())); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), cur); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
