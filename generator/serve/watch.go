package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"spean/generator/paths"
)

// Batch is a set of changed paths (slash-separated, from the site root)
// after a quiet moment. All means a rebuild of everything: the watcher lost
// events, so it cannot say what changed.
type Batch struct {
	Paths []string
	All   bool
}

// watcher reports changes under the watched folders of the site root, and
// to the config file, in batches.
type watcher struct {
	root   string
	config string   // slash path of the config file from root
	dirs   []string // top folders watched recursively
	w      *fsnotify.Watcher
	// may reports whether the site may read a resolved path: inside the
	// site, or in a folder config.yaml's read_roots lists (paths.Site).
	may func(real string) bool
	// links maps where each symbolic link in the watched folders leads
	// (resolved) to the links' own paths in the site. A watch on a folder
	// reports changes to its own entries, not to what a link among them
	// leads to, so the folder or file a link leads to is watched itself,
	// and what happens there is reported under the links' names.
	links map[string][]string
}

// watchedDirs are the folders whose files make the site.
var watchedDirs = []string{"content", "themes", "i18n"}

func newWatcher(root, config string, may func(real string) bool) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	w := &watcher{root: root, config: config, dirs: watchedDirs, w: fw, may: may, links: map[string][]string{}}
	// The root itself, not recursively: editors replace config.yaml by
	// renaming a new file over it, which a watch on the file would lose,
	// and content/ may be created after serve starts.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	if dir := filepath.Dir(filepath.Join(root, filepath.FromSlash(config))); dir != root {
		_ = fw.Add(dir)
	}
	for _, d := range w.dirs {
		w.addTree(filepath.Join(root, d), nil)
	}
	return w, nil
}

// addTree watches dir and every folder under it. Files found are added to
// found: a folder created by moving or unpacking arrives with its files in
// it, and no event will ever report those.
func (w *watcher) addTree(dir string, found func(string)) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // .git and editors' folders
			}
			_ = w.w.Add(p)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			w.follow(p, found)
		}
		if found != nil {
			found(p)
		}
		return nil
	})
}

// follow watches what the link at p leads to, if the site may read it
// (inside the site, or in a read_roots folder; the build refuses the
// rest, and says why) and it is not watched already (in content/,
// themes/ or i18n/): a folder as a tree, a file by its folder. A folder
// that holds the site is not followed (that would watch the site under
// the link's name), and each place is followed once, which ends loops;
// a second link to it adds its name.
func (w *watcher) follow(p string, found func(string)) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil || w.may == nil || !w.may(real) || paths.Within(w.root, real) || w.watched(real) {
		return
	}
	st, err := os.Stat(real)
	if err != nil {
		return
	}
	old, seen := w.links[real]
	for _, n := range w.inSite(p) {
		if !slices.Contains(old, n) {
			w.links[real] = append(w.links[real], n)
		}
	}
	if seen {
		return
	}
	if !st.IsDir() {
		_ = w.w.Add(filepath.Dir(real))
		return
	}
	w.addTree(real, found)
}

// watched reports whether real is in a folder watched as it is.
func (w *watcher) watched(real string) bool {
	for _, d := range w.dirs {
		if paths.Within(real, filepath.Join(w.root, d)) {
			return true
		}
	}
	return false
}

// inSite is the site's names for p, a path that may be where links lead
// (links): each link's path and what follows it, for every link whose
// place holds p; p itself when no link leads there.
func (w *watcher) inSite(p string) []string {
	var out []string
	for real, names := range w.links {
		if paths.Within(p, real) {
			for _, n := range names {
				out = append(out, n+p[len(real):])
			}
		}
	}
	if len(out) == 0 {
		return []string{p}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// rels are p's names relative to the root, slash-separated, that the
// site is made from: its own path, or where links lead, the links'.
func (w *watcher) rels(p string) []string {
	var out []string
	for _, n := range w.inSite(p) {
		if r, ok := w.rel(n, filepath.Base(p)); ok {
			out = append(out, r)
		}
	}
	return out
}

// rel is p relative to the root, slash-separated, and whether it is a
// file the site is made from; base is the name of the file on disk.
func (w *watcher) rel(p, base string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	r = filepath.ToSlash(r)
	if r == w.config {
		return r, true
	}
	top, _, _ := strings.Cut(r, "/")
	inTree := false
	for _, d := range w.dirs {
		if top == d {
			inTree = true
		}
	}
	if !inTree || scratch(base) {
		return "", false
	}
	return r, true
}

// scratch reports the names of editors' temporary and backup files: vim's
// .swp and 4913 probe, emacs's #autosave# and .#lock, backups ending in ~,
// JetBrains' safe write (x.md___jb_tmp___, x.md___jb_old___), sed -i's
// sedXXXXXX, and any dot-file. A save through one of them ends with an
// event on the real name, which is what gets rebuilt; each of these made
// a full rebuild.
func scratch(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") || name == "4913" ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		len(name) == 9 && strings.HasPrefix(name, "sed") && !strings.Contains(name, ".")
}

// run sends batches until ctx ends. A batch is ready once no event has
// come for quiet, or maxWait after its first event if events keep coming;
// while the receiver is busy building, ready batches merge into one.
func (w *watcher) run(ctx context.Context, quiet, maxWait time.Duration, out chan<- Batch) {
	defer w.w.Close()
	pending := map[string]bool{}
	all := false
	var timer, deadline <-chan time.Time
	ready := map[string]bool{}
	readyAll := false
	var send chan<- Batch
	arm := func() {
		if deadline == nil {
			deadline = time.After(maxWait)
		}
		timer = time.After(quiet)
	}
	add := func(p string) {
		for _, r := range w.rels(p) {
			pending[r] = true
			arm()
		}
	}
	// moved says the batch renamed or removed something, perhaps a
	// folder. A folder renamed arrives as a Create of its new name, whose
	// watch is the folder's old one (the same inode), and then the old
	// name's removal, with which fsnotify drops that watch: the renamed
	// folder went unwatched until serve restarted. Watching every folder
	// again once the batch is quiet puts it back (Add of a folder watched
	// already changes nothing).
	moved := false
	flush := func() {
		if moved {
			w.links = map[string][]string{} // found again, with what moved
			for _, d := range w.dirs {
				w.addTree(filepath.Join(w.root, d), nil)
			}
			moved = false
		}
		for p := range pending {
			ready[p] = true
		}
		readyAll = readyAll || all
		pending, all, timer, deadline = map[string]bool{}, false, nil, nil
		if len(ready) > 0 || readyAll {
			send = out
		}
	}
	for {
		b := Batch{All: readyAll}
		if send != nil {
			b.Paths = slices.Sorted(maps.Keys(ready))
		}
		select {
		case <-ctx.Done():
			return
		case send <- b:
			ready, readyAll, send = map[string]bool{}, false, nil
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && (st.IsDir() || st.Mode()&fs.ModeSymlink != 0) {
					if len(w.rels(filepath.Join(ev.Name, "x"))) > 0 {
						// A folder (moved or unpacked with its files in
						// it), or a link made while serving.
						w.addTree(ev.Name, add)
					}
				}
			}
			if (ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove)) && len(w.rels(ev.Name)) > 0 {
				moved = true
			}
			add(ev.Name)
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all = true
				arm()
			}
		case <-timer:
			flush()
		case <-deadline:
			flush()
		}
	}
}
