//go:build linux

package publish

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/sys/unix"

	"spean/generator/paths"
)

// A build over the previous site (Dir.over) publishes in place, as Hugo
// does, rather than into a fresh folder swapped with the old one: after
// one edit of the 10,000-page site, hard-linking the 20,000 unchanged
// files into the fresh folder and removing the old one took about 1.1 of
// the rebuild's 4 seconds (issue 13). The previous site still stays
// byte-identical until Commit, which:
//
//  1. takes an exclusive lock on Dest and checks that no other build
//     published since this one read the marker;
//  2. replaces the marker with one that vouches for no cache, so that a
//     build after a crash in the steps below builds everything anew;
//  3. moves aside what this build did not make again: the files the old
//     marker lists, folders whose files all went, and anything else at the
//     top of Dest;
//  4. moves each file written into place, exchanging it with the old one
//     (renameat2 RENAME_EXCHANGE): a reader of the site meets the old file
//     or the new one, never none;
//  5. renames the new marker into place: the commit.
//
// Every step before 5 is journalled in memory; an error puts everything
// back, so a failed publish still leaves the previous site as it was.
// Folders of Dest are opened without following links: a link planted in
// the output folder is moved aside, never written through.
const canOverlay = true

// movingMarker is the marker's name in the temporary folder while it
// stands in for the marker during the moves (step 2).
const movingMarker = paths.Marker + ".moving"

// fileID identifies a file: one replaced by a rename is another.
type fileID struct{ dev, ino uint64 }

// idOf is the identity of the file name, not following a link.
func idOf(name string) (fileID, bool) {
	var st unix.Stat_t
	if err := unix.Lstat(name, &st); err != nil {
		return fileID{}, false
	}
	return fileID{st.Dev, st.Ino}, true
}

// lockDest takes an exclusive lock on the folder dest, if it exists, for
// as long as a build publishes into it: two builds of one site may run at
// once, and one must not move files into a site the other is replacing.
func lockDest(dest string) (unlock func(), err error) {
	fd, err := unix.Open(dest, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return func() {}, nil // no site there yet
	}
	if err := unix.Flock(fd, unix.LOCK_EX); err != nil && !unsupported(err) {
		unix.Close(fd)
		return nil, fmt.Errorf("lock %s: %w", dest, err)
	}
	return func() { unix.Close(fd) }, nil
}

// unsupported reports an error that says the file system or the system
// does not do what was asked (a lock on a network file system, an
// exchange of files in a sandbox that filters system calls): the commit
// then does without the lock, or exchanges in two renames.
func unsupported(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.ENOLCK)
}

// What a step of the commit did, to be undone.
const (
	exchanged = iota // the file written and the old one swapped places
	moved            // the file written moved to where none was
	stashed          // an old file or folder moved aside, into the stash
	made             // a folder made
)

type step struct {
	kind int
	name string // in Dest
	k    int    // stashed: its name in the stash
}

// committer publishes one Dir in place.
type committer struct {
	d                 *Dir
	dest, tmp, stashd int            // open folders; stashd < 0 until needed
	dirs              map[string]int // open folders of Dest, by name
	journal           []step
}

// commitOver publishes a build made over the previous site in place (see
// canOverlay).
func (d *Dir) commitOver() (err error) {
	c := &committer{d: d, dest: -1, tmp: -1, stashd: -1, dirs: map[string]int{}}
	defer c.close()
	if c.dest, err = unix.Open(d.Dest, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0); err != nil {
		d.Abort()
		return fmt.Errorf("open %s: %w", d.Dest, err)
	}
	if err := unix.Flock(c.dest, unix.LOCK_EX); err != nil && !unsupported(err) {
		d.Abort()
		return fmt.Errorf("lock %s: %w", d.Dest, err)
	}
	if !c.unchanged() {
		d.Abort()
		return fmt.Errorf("%s changed while this build ran (another build published there); build again", d.Dest)
	}
	if c.tmp, err = unix.Open(d.tmp, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err != nil {
		d.Abort()
		return fmt.Errorf("open %s: %w", d.tmp, err)
	}
	defer func() {
		if err == nil {
			return
		}
		if uerr := c.undo(); uerr != nil {
			err = fmt.Errorf("%w; putting the previous site back failed too (%v): delete %s and build again", err, uerr, d.Dest)
		}
		d.Abort()
		os.RemoveAll(c.stashName())
	}()
	names := d.names()

	// 2. A marker that vouches for no cache while files move.
	if err := os.WriteFile(filepath.Join(d.tmp, movingMarker), []byte(paths.MarkerText), 0o644); err != nil {
		return err
	}
	if err := c.place(movingMarker, paths.Marker); err != nil {
		return err
	}
	// 3. Aside: what this build did not make again.
	if err := c.clear(names); err != nil {
		return err
	}
	// 4. The files written, in place.
	for _, n := range names {
		if d.kept[n] {
			continue
		}
		if err := c.place(n, n); err != nil {
			return err
		}
	}
	// 5. The commit.
	marker := markerText(d.cache, d.Notes(), names)
	if err := os.WriteFile(filepath.Join(d.tmp, paths.Marker), []byte(marker), 0o644); err != nil {
		return err
	}
	if err := unix.Renameat(c.tmp, paths.Marker, c.dest, paths.Marker); err != nil {
		return &os.PathError{Op: "rename", Path: filepath.Join(d.Dest, paths.Marker), Err: err}
	}
	// The old files and the temporary folder go; the site is published.
	// On every core (removeAll): a file's pages are freed as it is
	// removed, and the old files that this build replaced (after a Lao
	// edit of the 1,000-page site its index's cache, pack and zip and
	// the documents cache, 25 MB) took 4 ms at the end of a rebuild on
	// one core.
	return errors.Join(removeAll(d.tmp), removeAll(c.stashName()))
}

// unchanged reports whether Dest is the folder, and its marker the file,
// that NewDir found: another build that published meanwhile replaced one
// or the other.
func (c *committer) unchanged() bool {
	var st unix.Stat_t
	if unix.Fstat(c.dest, &st) != nil {
		return false
	}
	here, ok := idOf(c.d.Dest)
	marker, mok := idOf(filepath.Join(c.d.Dest, paths.Marker))
	return ok && mok && here == (fileID{st.Dev, st.Ino}) && marker == c.d.marker
}

// clear moves aside every file the previous marker lists that this build
// did not make again (names, sorted), taking a whole folder at once when
// nothing of this build goes in it, and whatever else is at the top of
// Dest: the files a user put there.
func (c *committer) clear(names []string) error {
	d := c.d
	isName := func(n string) bool {
		_, ok := slices.BinarySearch(names, n)
		return ok
	}
	needed := map[string]bool{".": true}
	for _, n := range names {
		for dir := path.Dir(n); !needed[dir]; dir = path.Dir(dir) {
			needed[dir] = true
		}
	}
	gone := map[string]bool{} // folders moved aside
	for _, n := range d.prevNames {
		if isName(n) {
			continue
		}
		// The top folder above n that this build puts nothing in.
		top, under := n, false
		for dir := path.Dir(n); !needed[dir]; dir = path.Dir(dir) {
			top = dir
		}
		for dir := path.Dir(n); dir != "."; dir = path.Dir(dir) {
			if gone[dir] {
				under = true
				break
			}
		}
		if under {
			continue
		}
		if top != n {
			gone[top] = true
		}
		if err := c.stash(top); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(d.Dest)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if n == paths.Marker || isName(n) || needed[n] && e.IsDir() || gone[n] {
			continue
		}
		if err := c.stash(n); err != nil {
			return err
		}
	}
	return nil
}

// placeFault, when set (by tests), is called before each file is placed
// and fails the commit there with its error.
var placeFault func(name string) error

// place moves the temporary folder's file from to name in Dest, swapping
// it with the file there, if any.
func (c *committer) place(from, name string) error {
	if placeFault != nil {
		if err := placeFault(name); err != nil {
			return err
		}
	}
	dir, base := path.Dir(name), path.Base(name)
	pfd, err := c.dirFD(dir, true)
	if err != nil {
		return err
	}
	if _, was := slices.BinarySearch(c.d.prevNames, name); !was {
		// A file the previous build did not make is most likely new
		// (a search index's files, named by its version: 735 of them
		// after an English edit of the 1,000-page site), and an
		// exchange with nothing fails first: moved in at once, unless
		// something is there after all, which is then exchanged.
		switch err := unix.Renameat2(c.tmp, from, pfd, base, unix.RENAME_NOREPLACE); {
		case err == nil:
			c.journal = append(c.journal, step{kind: moved, name: name})
			return nil
		case !errors.Is(err, unix.EEXIST) && !unsupported(err):
			return &os.PathError{Op: "rename", Path: filepath.Join(c.d.Dest, name), Err: err}
		}
	}
	err = unix.Renameat2(c.tmp, from, pfd, base, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		c.journal = append(c.journal, step{kind: exchanged, name: name})
		return nil
	case unsupported(err):
		// A file system that cannot exchange: the old file aside first.
		if err := c.stash(name); err != nil {
			return err
		}
	case !errors.Is(err, unix.ENOENT):
		return &os.PathError{Op: "rename", Path: filepath.Join(c.d.Dest, name), Err: err}
	}
	if err := unix.Renameat(c.tmp, from, pfd, base); err != nil {
		return &os.PathError{Op: "rename", Path: filepath.Join(c.d.Dest, name), Err: err}
	}
	c.journal = append(c.journal, step{kind: moved, name: name})
	return nil
}

// stashName is the folder old files are moved into, beside the temporary
// folder and removed with it (removeStale clears it after a crash).
func (c *committer) stashName() string { return c.d.tmp + ".old" }

// stash moves name of Dest (a file, a link or a folder) into the stash;
// nothing there, or no folder above it, leaves nothing to move.
func (c *committer) stash(name string) error {
	pfd, err := c.dirFD(path.Dir(name), false)
	if err != nil {
		if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ELOOP) {
			return nil
		}
		return err
	}
	if c.stashd < 0 {
		if err := os.Mkdir(c.stashName(), 0o700); err != nil {
			return err
		}
		if c.stashd, err = unix.Open(c.stashName(), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err != nil {
			return err
		}
	}
	k := len(c.journal)
	if err := unix.Renameat(pfd, path.Base(name), c.stashd, strconv.Itoa(k)); err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		return &os.PathError{Op: "move aside", Path: filepath.Join(c.d.Dest, name), Err: err}
	}
	c.forget(name)
	c.journal = append(c.journal, step{kind: stashed, name: name, k: k})
	return nil
}

// maxOpenDirs bounds the folders of Dest held open at once.
const maxOpenDirs = 256

// dirFD opens the folder dir of Dest, each folder on the way opened
// without following a link. With create, a missing folder is made, and a
// file or link where it should be is moved aside first.
func (c *committer) dirFD(dir string, create bool) (int, error) {
	if dir == "." {
		return c.dest, nil
	}
	if fd, ok := c.dirs[dir]; ok {
		return fd, nil
	}
	pfd, err := c.dirFD(path.Dir(dir), create)
	if err != nil {
		return -1, err
	}
	base := path.Base(dir)
	open := func() (int, error) {
		return unix.Openat(pfd, base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	}
	fd, err := open()
	if create && (errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ELOOP)) {
		if err = c.stash(dir); err == nil {
			err = unix.ENOENT
		}
	}
	if create && errors.Is(err, unix.ENOENT) {
		if err = unix.Mkdirat(pfd, base, 0o755); err == nil {
			c.journal = append(c.journal, step{kind: made, name: dir})
			fd, err = open()
		}
	}
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: filepath.Join(c.d.Dest, dir), Err: err}
	}
	if len(c.dirs) >= maxOpenDirs {
		c.closeDirs()
	}
	c.dirs[dir] = fd
	return fd, nil
}

// forget closes the open folders at or under name, which moved.
func (c *committer) forget(name string) {
	for dir, fd := range c.dirs {
		if dir == name || len(dir) > len(name) && dir[:len(name)] == name && dir[len(name)] == '/' {
			unix.Close(fd)
			delete(c.dirs, dir)
		}
	}
}

func (c *committer) closeDirs() {
	for dir, fd := range c.dirs {
		unix.Close(fd)
		delete(c.dirs, dir)
	}
}

// undo puts back what the journal says was done, last first.
func (c *committer) undo() error {
	var errs []error
	for i := len(c.journal) - 1; i >= 0; i-- {
		s := c.journal[i]
		from := s.name
		if s.name == paths.Marker {
			from = movingMarker
		}
		pfd, err := c.dirFD(path.Dir(s.name), false)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		base := path.Base(s.name)
		switch s.kind {
		case exchanged:
			err = unix.Renameat2(c.tmp, from, pfd, base, unix.RENAME_EXCHANGE)
		case moved:
			err = unix.Renameat(pfd, base, c.tmp, from)
		case stashed:
			err = unix.Renameat(c.stashd, strconv.Itoa(s.k), pfd, base)
		case made:
			c.forget(s.name)
			err = unix.Unlinkat(pfd, base, unix.AT_REMOVEDIR)
		}
		if err != nil {
			errs = append(errs, &os.PathError{Op: "restore", Path: filepath.Join(c.d.Dest, s.name), Err: err})
		}
	}
	return errors.Join(errs...)
}

func (c *committer) close() {
	c.closeDirs()
	for _, fd := range []int{c.dest, c.tmp, c.stashd} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
}
