// Package publish is the only stage that writes files. Renderers write their
// outputs to a Sink; a Dir sink builds into a temporary folder beside the
// destination and moves it into place only when the whole build succeeded,
// so a failed build leaves the previous site byte-identical: the folder
// whole, or over the previous site its files one by one (overlay_linux.go).
package publish

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"spean/generator/paths"
	"spean/generator/workers"
)

// Sink receives the built site's files. Paths are slash-separated and
// relative to the output root. Implementations are safe for concurrent use.
type Sink interface {
	Write(name string, data []byte) error
}

// Streamer is a Sink that takes a file as write writes it, not whole: a
// language's zip, 30-50 MB, was put together in memory only to be written
// out, and the new memory alone (zeroed, then faulted in page by page)
// cost a rebuild after one edit of the 10,000-page site 50 ms a zip.
type Streamer interface {
	WriteStream(name string, write func(io.Writer) error) error
}

// StreamNoted writes the file name, as write writes it, to sink (as a
// stream where sink is a Streamer, else whole once written), and returns it
// as noted: its sum (SumOf) and size, which a Recorder takes as it writes and
// anything else is given by hashing the stream on its way.
func StreamNoted(sink Sink, name string, write func(io.Writer) error) (Noted, error) {
	if r, ok := sink.(*Recorder); ok && !r.lazy {
		if err := r.WriteStream(name, write); err != nil {
			return Noted{}, err
		}
		if n, ok := r.Noted(name); ok {
			return n, nil
		}
		return Noted{}, fmt.Errorf("%s: written, but not recorded", name)
	}
	h := NewSum()
	n, err := writeStream(sink, name, write, h)
	if err != nil {
		return Noted{}, err
	}
	return Noted{Sum: [SumSize]byte(h.Sum(nil)), Size: n}, nil
}

// writeStream writes name to sink as a stream where it takes one, else
// whole, and to also on the way; it returns the bytes written.
func writeStream(sink Sink, name string, write func(io.Writer) error, also ...io.Writer) (int64, error) {
	var n int64
	through := func(w io.Writer) error {
		cw := &countWriter{w: io.MultiWriter(append([]io.Writer{w}, also...)...)}
		err := write(cw)
		n = cw.n
		return err
	}
	if st, ok := sink.(Streamer); ok {
		return n, st.WriteStream(name, through)
	}
	var b bytes.Buffer
	if err := through(&b); err != nil {
		return n, err
	}
	return n, sink.Write(name, b.Bytes())
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Holder is a Sink that says whether it holds on to the data Write gives
// it (Memory does, to give the files back without a copy). A caller may
// use the same buffer for the next file only when the sink does not
// (HoldsData): the pages step renders each core's pages into one buffer
// when writing to a folder.
type Holder interface {
	HoldsData() bool
}

// HoldsData reports whether s may hold on to what it is given: true for
// a sink that does not say (Holder).
func HoldsData(s Sink) bool {
	h, ok := s.(Holder)
	return !ok || h.HoldsData()
}

// HoldsData implements Holder: Memory holds the files it is given.
func (m *Memory) HoldsData() bool { return true }

// HoldsData implements Holder: Dir writes each file out before Write
// returns.
func (d *Dir) HoldsData() bool { return false }

// CheckName refuses a path that would land outside the output folder.
func CheckName(name string) error {
	if name == "" || !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, "\\") || path.Clean(name) != name {
		return fmt.Errorf("output path %q is not inside the output folder", name)
	}
	return nil
}

// Memory is a Sink that keeps files in memory, for serve and for tests.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
	// prev and the notebook's are the build this one follows, when made
	// with NewMemoryOver.
	prev map[string][]byte
	notebook
}

// NewMemory returns an empty Memory sink.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// NewMemoryOver returns an empty Memory sink that offers the files and
// notes of a previous build in memory for reuse (Reuser), as a Dir does
// those of the site it replaces: serve keeps its last build's outputs and
// notes. Neither map is changed.
func NewMemoryOver(prev map[string][]byte, notes map[string]string) *Memory {
	return &Memory{files: map[string][]byte{}, prev: prev, notebook: notebook{prev: notes, next: map[string]string{}}}
}

// Previous implements Reuser.
func (m *Memory) Previous(name string) ([]byte, bool) {
	b, ok := m.prev[name]
	return b, ok
}

// MapPrevious implements Reuser: the bytes are Previous's, with nothing to
// release.
func (m *Memory) MapPrevious(name string) (data []byte, release func(), ok bool) {
	data, ok = m.Previous(name)
	return data, noRelease, ok
}

// PreviousSize implements Reuser.
func (m *Memory) PreviousSize(name string) (int64, bool) {
	b, ok := m.prev[name]
	return int64(len(b)), ok
}

// ReuseIfSize implements Reuser.
func (m *Memory) ReuseIfSize(name string, size int64) (bool, error) {
	if b, ok := m.prev[name]; !ok || int64(len(b)) != size {
		return false, nil
	}
	return true, m.Reuse(name)
}

// Reuse implements Reuser: the previous build's bytes, which no one
// changes, become this build's.
func (m *Memory) Reuse(name string) error {
	b, ok := m.prev[name]
	if !ok {
		return fmt.Errorf("reuse %s: not in the previous build", name)
	}
	return m.Write(name, b)
}

// notebook keeps the one-line notes steps leave for the next build
// (Reuser's Recall and Note): those the previous build left, and this
// build's. Dir keeps them in its marker, Memory for serve's next build.
type notebook struct {
	mu         sync.Mutex
	prev, next map[string]string
}

// Recall implements Reuser.
func (n *notebook) Recall(key string) (string, bool) {
	v, ok := n.prev[key]
	return v, ok
}

// Note implements Reuser. A notebook without a next build to give notes
// to (a sink made by NewMemory) drops them.
func (n *notebook) Note(key, value string) error {
	if !validNote(key, value) {
		return fmt.Errorf("note %q: a key without spaces and one line of printable ASCII", key)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.next != nil {
		n.next[key] = value
	}
	return nil
}

// Notes returns the notes this build left.
func (n *notebook) Notes() map[string]string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return maps.Clone(n.next)
}

// Write implements Sink. A second write to the same path is an error: two
// renderers claiming one URL is a bug the build must not hide.
func (m *Memory) Write(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[name]; dup {
		return fmt.Errorf("two outputs for %s", name)
	}
	m.files[name] = data
	return nil
}

// Get returns a file's bytes.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[name]
	return b, ok
}

// Names lists every file, sorted.
func (m *Memory) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Dir is a Sink that writes into a temporary folder next to Dest.
type Dir struct {
	Dest string
	tmp  string
	// cache names the generator; prev is Dest when the site there was
	// made by the same generator and may be reused (Previous), else "".
	cache, prev string

	mu   sync.Mutex
	seen map[string]bool
	dirs map[string]*mkdir
	// prevDirs caches whether a folder of the previous site is a real
	// folder all the way down (prevFile).
	prevDirs map[string]bool
	// notebook has the notes the previous build left (Recall) and this
	// build's (Note), written into the marker by Commit.
	notebook

	// over says this build publishes over the previous site in place
	// (overlay_linux.go): a file published again (Reuse) stays where it is,
	// kept names it, and Commit moves only the files written into Dest
	// and removes those of prevNames that this build did not make.
	// Without it, every file is in the temporary folder, the reused ones
	// hard-linked, and Commit swaps the folders.
	over      bool
	kept      map[string]bool
	prevNames []string
	// marker is the previous marker's identity, which Commit finds
	// unchanged unless another build published meanwhile.
	marker fileID
}

// NewDir creates the temporary folder for a build into dest, beside it.
// dest must have been checked by paths.Output. Temporary folders that
// killed builds left beside dest are removed first.
//
// cache names the generator that builds (see Previous): the site already
// in dest serves as a cache of this build only when the same generator
// made it, since a different one (another compressor version, another
// encoding) would make different bytes from the same input. "" uses no
// cache.
func NewDir(dest, cache string) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	removeStale(parent, filepath.Base(dest))
	tmp, err := makeTemp(parent, tempPrefix(filepath.Base(dest)))
	if err != nil {
		return nil, fmt.Errorf("create a temporary build folder beside %s: %w", dest, err)
	}
	d := &Dir{Dest: dest, tmp: tmp, cache: cache, seen: map[string]bool{}, dirs: map[string]*mkdir{}, prevDirs: map[string]bool{}, notebook: notebook{next: map[string]string{}}, kept: map[string]bool{}}
	if cache != "" {
		markerFile := filepath.Join(dest, paths.Marker)
		if m, err := os.ReadFile(markerFile); err == nil {
			if notes, names, ok := parseMarker(string(m), cache); ok {
				d.prev, d.notebook.prev = dest, notes
				id, idOK := idOf(markerFile)
				if canOverlay && names != nil && idOK {
					d.over, d.prevNames, d.marker = true, names, id
				}
			}
		}
	}
	return d, nil
}

// markerText is the marker a build with the given cache name writes: the
// text for people, then the cache name on its own line, then the notes
// steps left for the next build (Note), one a line, sorted, then the line
// "files" and the name of every file the build made, one a line, sorted:
// what a build over this one removes if it does not make them again
// (overlay_linux.go). A name outside printable ASCII, or with a space or a
// leading quote, is written as a Go string literal (strconv.QuoteToASCII),
// so that each stays one line of ASCII.
func markerText(cache string, notes map[string]string, names []string) string {
	if cache == "" {
		return paths.MarkerText
	}
	var b strings.Builder
	b.WriteString(paths.MarkerText + "cache: " + cache + "\n")
	for _, k := range slices.Sorted(maps.Keys(notes)) {
		b.WriteString("note " + k + " " + notes[k] + "\n")
	}
	if names != nil {
		b.WriteString("files\n")
		for _, n := range names {
			if validNote(n, "x") && n[0] != '"' {
				b.WriteString(n)
			} else {
				b.WriteString(strconv.QuoteToASCII(n))
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// parseMarker reads the notes and file names of a marker written with
// cache; ok is false when another generator (or none) wrote it, or it is
// not a marker markerText makes. names is nil when the marker lists no
// files (one an earlier version wrote).
func parseMarker(m, cache string) (notes map[string]string, names []string, ok bool) {
	rest, ok := strings.CutPrefix(m, markerText(cache, nil, nil))
	if !ok {
		return nil, nil, false
	}
	notes = map[string]string{}
	listed := false
	for rest != "" {
		line, after, found := strings.Cut(rest, "\n")
		if !found {
			return nil, nil, false
		}
		if line == "files" {
			rest, listed = after, true
			break
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "note "), " ")
		if !ok || !strings.HasPrefix(line, "note ") || !validNote(k, v) {
			return nil, nil, false
		}
		notes[k] = v
		rest = after
	}
	if !listed {
		return notes, nil, true
	}
	names = make([]string, 0, strings.Count(rest, "\n"))
	for rest != "" {
		line, after, found := strings.Cut(rest, "\n")
		if !found {
			return nil, nil, false
		}
		name := line
		if strings.HasPrefix(line, "\"") {
			var err error
			if name, err = strconv.Unquote(line); err != nil {
				return nil, nil, false
			}
		}
		if CheckName(name) != nil || len(names) > 0 && names[len(names)-1] >= name {
			return nil, nil, false
		}
		names = append(names, name)
		rest = after
	}
	return notes, names, true
}

// validNote accepts a step's note: a key without spaces and a value, each
// one line of printable ASCII, so the marker stays a text file of lines.
func validNote(key, value string) bool {
	printable := func(s string, space bool) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < ' ' || c > '~' || c == ' ' && !space {
				return false
			}
		}
		return s != ""
	}
	return printable(key, false) && printable(value, true)
}

// tempPrefix starts the names of a build's temporary folders:
// .public.building-<pid>-<random>, and the same with .old for the site
// being replaced.
func tempPrefix(base string) string { return "." + base + ".building-" }

// makeTemp creates a folder named prefix<pid>-<random> with mode 0755 less
// the umask (os.MkdirTemp would make it 0700, and a web server running as
// another user could not read the published site).
func makeTemp(parent, prefix string) (string, error) {
	for range 100 {
		var r [4]byte
		_, _ = rand.Read(r[:])
		name := filepath.Join(parent, fmt.Sprintf("%s%d-%x", prefix, os.Getpid(), r))
		err := os.Mkdir(name, 0o755)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", errors.New("no free temporary name")
}

// removeStale deletes the temporary folders of builds of dest that are no
// longer running (killed, or the machine restarted), which would otherwise
// stay beside the site forever. A folder whose process still runs is left
// alone: two builds may run at once.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err == nil && pid > 0 && running(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}

// Write implements Sink.
func (d *Dir) Write(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	full, err := d.claim(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	// A file the previous build wrote with these very bytes keeps its
	// modification time: servers make ETag and Last-Modified from it (and
	// aws s3 sync compares it), and a new time on each rebuild made
	// readers' phones fetch sw.js, the offline summaries and the search
	// pages again after every deploy, and hosts take them again. Only a
	// file of the same size, and at most sameFileMax, is read to compare:
	// a large output (a zip, a search pack) is reused by its step's own
	// cache when unchanged.
	if prev, fi, ok := d.prevFile(name); ok && fi.Size() == int64(len(data)) && fi.Size() <= sameFileMax && sameFile(prev, data) {
		return os.Chtimes(full, fi.ModTime(), fi.ModTime())
	}
	return nil
}

// WriteStream implements Streamer: the file is written through a buffer
// of a megabyte as write writes it. Unlike Write, it never keeps the
// previous build's modification time: a stream is a large output (a zip),
// which its step's own cache publishes again when unchanged (sameFileMax).
func (d *Dir) WriteStream(name string, write func(io.Writer) error) error {
	if err := CheckName(name); err != nil {
		return err
	}
	full, err := d.claim(name)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameFileMax is the largest file Write compares with the previous
// build's.
const sameFileMax = 1 << 20

// sameFile reports whether the file full holds exactly data.
func sameFile(full string, data []byte) bool {
	b, err := os.ReadFile(full)
	return err == nil && bytes.Equal(b, data)
}

// claim records name as written, refusing a second output of the same
// name, creates its folder, and returns its path in the build folder.
func (d *Dir) claim(name string) (string, error) {
	if err := d.record(name, false); err != nil {
		return "", err
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return "", err
	}
	return filepath.Join(d.tmp, filepath.FromSlash(name)), nil
}

// mkdir makes the folder dir of the build, and those above it, each once:
// whoever claims a file in a folder first creates it, the others wait
// until it exists. Each is made knowing its parent is there, with one
// system call (os.MkdirAll asks for the folder and its parent first: two
// more for each of the 10,000-page site's page folders).
func (d *Dir) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	d.mu.Lock()
	mk := d.dirs[dir]
	if mk == nil {
		mk = &mkdir{}
		d.dirs[dir] = mk
	}
	d.mu.Unlock()
	mk.once.Do(func() {
		if mk.err = d.mkdir(path.Dir(dir)); mk.err == nil {
			full := filepath.Join(d.tmp, filepath.FromSlash(dir))
			if mk.err = os.Mkdir(full, 0o755); errors.Is(mk.err, fs.ErrExist) {
				// Made another way (CreateKept): a folder will do.
				if fi, err := os.Lstat(full); err == nil && fi.IsDir() {
					mk.err = nil
				}
			}
		}
	})
	return mk.err
}

// mkdir is one folder of the build being created, once.
type mkdir struct {
	once sync.Once
	err  error
}

// Abort removes the temporary folder and leaves Dest as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// Commit publishes the build. A build over the previous site (over) moves
// what it wrote into place (commitOver); any other swaps the temporary
// folder into place: the old site is renamed aside, the new one renamed
// in, then the old one removed. Each rename is atomic; if the second
// fails, the old site is put back. The marker file says the folder is
// Spean's to replace next time (paths.Output), and lists its files.
func (d *Dir) Commit() error {
	if d.over {
		return d.commitOver()
	}
	unlock, err := lockDest(d.Dest)
	if err != nil {
		d.Abort()
		return err
	}
	defer unlock()
	marker := markerText(d.cache, d.Notes(), d.names())
	if err := os.WriteFile(filepath.Join(d.tmp, paths.Marker), []byte(marker), 0o644); err != nil {
		d.Abort()
		return fmt.Errorf("write %s: %w", paths.Marker, err)
	}
	old := ""
	if _, err := os.Lstat(d.Dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.Dest, old); err != nil {
			d.Abort()
			return fmt.Errorf("move old %s aside: %w", d.Dest, err)
		}
	}
	if err := os.Rename(d.tmp, d.Dest); err != nil {
		if old != "" {
			_ = os.Rename(old, d.Dest)
		}
		d.Abort()
		return fmt.Errorf("move new site into %s: %w", d.Dest, err)
	}
	if old != "" {
		return removeAll(old)
	}
	return nil
}

// names lists every file of the build, sorted, for the marker.
func (d *Dir) names() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Sorted(maps.Keys(d.seen))
}

// CreateKept creates a file the build keeps for the next one, such as the
// marker: in the output folder, but none of the site's files (no Recorder
// sees it, so no zip, list or header names it). The next build reads it
// with Previous.
func (d *Dir) CreateKept(name string) (io.WriteCloser, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	full, err := d.claim(name)
	if err != nil {
		return nil, err
	}
	return os.Create(full)
}

// Keeper is a build's output folder seen as the place it keeps files for
// the next build, beside the site (Dir): CreateKept writes one, Previous
// reads the previous build's (PreviousSize says whether it has one;
// MapPrevious maps a large one), and Reuse keeps the previous build's as
// it is (a hard link), none of them a file of the site.
type Keeper interface {
	CreateKept(name string) (io.WriteCloser, error)
	Previous(name string) ([]byte, bool)
	MapPrevious(name string) (data []byte, release func(), ok bool)
	PreviousSize(name string) (int64, bool)
	Reuse(name string) error
}

var _ Keeper = (*Dir)(nil)

// removeAll is os.RemoveAll, with the folders at the top removed in
// parallel: removing the 10,000-page site's 20,000 files took half a
// second of a rebuild on one core, a system call each.
func removeAll(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	workers.Each(context.Background(), len(entries), 0, func(i int) {
		errs[i] = os.RemoveAll(filepath.Join(dir, entries[i].Name()))
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.Remove(dir)
}

// Reuser is a Sink that builds over the previous build and can publish
// its files again without their bytes passing through the build: a step
// whose output would equal the previous build's (a compressed copy of an
// unchanged file, say) reuses it instead of making it again.
type Reuser interface {
	// Previous returns the previous build's copy of name.
	Previous(name string) ([]byte, bool)
	// MapPrevious is Previous for a large file a step reads once and
	// lets go of (release, never nil): its bytes may be mapped, not read
	// (Dir.MapPrevious).
	MapPrevious(name string) (data []byte, release func(), ok bool)
	// Reuse publishes the previous build's copy of name as this build's.
	Reuse(name string) error
	// ReuseIfSize is Reuse when the previous copy of name has size
	// bytes; it reports whether it did. One look at the previous copy,
	// not two (PreviousSize, then Reuse): the page cache publishes
	// thousands of files so after an edit.
	ReuseIfSize(name string, size int64) (bool, error)
	// PreviousSize is the size of the previous build's copy of name, and
	// whether it has one: a step that publishes several files again or
	// none asks of each before it publishes any.
	PreviousSize(name string) (int64, bool)
	// Recall returns the note a step of the previous build left under
	// key (Note): what it needs to know whether its output would be the
	// same, such as a hash of its input.
	Recall(key string) (string, bool)
	// Note leaves a note for the next build: a key without spaces and a
	// one-line value of printable ASCII.
	Note(key, value string) error
}

// Dir and Memory build over a previous build; a Recorder passes that on,
// which steps find by asking their sink for a Reuser.
var (
	_ Reuser = (*Dir)(nil)
	_ Reuser = (*Memory)(nil)
	_ Reuser = (*Recorder)(nil)
)

// OpenPrevious opens the previous site's copy of name, for a step that
// reads part of a large file (a zip's directory) rather than all of it.
func (d *Dir) OpenPrevious(name string) (*os.File, bool) {
	full, _, ok := d.prevFile(name)
	if !ok {
		return nil, false
	}
	f, err := os.Open(full)
	return f, err == nil
}

// PreviousSize implements Reuser.
func (d *Dir) PreviousSize(name string) (int64, bool) {
	_, fi, ok := d.prevFile(name)
	if !ok {
		return -1, false
	}
	return fi.Size(), true
}

// Previous returns the file name of the site this build replaces, when
// that site was made by the same generator (NewDir). Only regular files
// are read: the previous site holds nothing else that a build made.
func (d *Dir) Previous(name string) ([]byte, bool) {
	full, _, ok := d.prevFile(name)
	if !ok {
		return nil, false
	}
	b, err := os.ReadFile(full)
	return b, err == nil
}

// MapPrevious is Previous for a large file a step reads once and lets go
// of: its bytes may be the file's own, mapped (mapFile), valid until
// release is called, and never to be written to. release is never nil:
// calling it when there was no file does nothing.
func (d *Dir) MapPrevious(name string) (data []byte, release func(), ok bool) {
	full, _, ok := d.prevFile(name)
	if !ok {
		return nil, noRelease, false
	}
	return mapFile(full)
}

// noRelease is the release of bytes that need none.
func noRelease() {}

// readFile reads the file full as mapFile returns it, with nothing to
// release.
func readFile(full string) (data []byte, release func(), ok bool) {
	b, err := os.ReadFile(full)
	if err != nil {
		return nil, noRelease, false
	}
	return b, noRelease, true
}

// prevFile returns where name is in the previous site, if it is a regular
// file there reached through real folders: a symbolic link planted in the
// output folder must not make the build read, or publish, a file from
// elsewhere. fi is its status, so that no caller asks again.
func (d *Dir) prevFile(name string) (full string, fi os.FileInfo, ok bool) {
	if d.prev == "" || CheckName(name) != nil {
		return "", nil, false
	}
	ok = d.prevDir(path.Dir(name))
	if !ok {
		return "", nil, false
	}
	full = filepath.Join(d.prev, filepath.FromSlash(name))
	fi, err := os.Lstat(full)
	if err != nil || !fi.Mode().IsRegular() {
		return "", nil, false
	}
	return full, fi, true
}

// prevDir reports whether dir of the previous site is a real folder all
// the way down, asking the file system only of the folders not asked
// before: a site's pages are each in a folder of their own, under a few
// shared ones.
func (d *Dir) prevDir(dir string) bool {
	if dir == "." {
		return true
	}
	d.mu.Lock()
	ok, known := d.prevDirs[dir]
	d.mu.Unlock()
	if known {
		return ok
	}
	ok = d.prevDir(path.Dir(dir))
	if ok {
		fi, err := os.Lstat(filepath.Join(d.prev, filepath.FromSlash(dir)))
		ok = err == nil && fi.IsDir()
	}
	d.mu.Lock()
	d.prevDirs[dir] = ok
	d.mu.Unlock()
	return ok
}

// Reuse publishes the previous site's file name as this build's, where it
// is or by a hard link (link): nothing is copied, and the previous site
// stays as it was until Commit replaces it (a build never writes to a file
// it has published, so the shared file is never changed).
func (d *Dir) Reuse(name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	from, _, ok := d.prevFile(name)
	if !ok {
		return fmt.Errorf("reuse %s: not in the previous build", name)
	}
	return d.link(name, from)
}

// ReuseIfSize implements Reuser.
func (d *Dir) ReuseIfSize(name string, size int64) (bool, error) {
	from, fi, ok := d.prevFile(name)
	if !ok || fi.Size() != size {
		return false, nil
	}
	return true, d.link(name, from)
}

// ReuseAllIfSize publishes the previous site's copies of names again when
// each has its size in sizes, or none of them, and reports whether it
// did: one look at each (ReuseIfSize after PreviousSize is two), the looks
// on every core. A rebuild of the 1,000-page site publishes its English
// index (735 files) again so, in the plan step that every other waits
// for: 3 ms of it on one core, looking twice.
func (d *Dir) ReuseAllIfSize(names []string, sizes []int64) (bool, error) {
	if len(names) != len(sizes) {
		return false, nil
	}
	from := make([]string, len(names))
	var missing atomic.Bool
	workers.Each(context.Background(), len(names), 0, func(i int) {
		if missing.Load() {
			return
		}
		f, fi, ok := d.prevFile(names[i])
		if !ok || fi.Size() != sizes[i] {
			missing.Store(true)
			return
		}
		from[i] = f
	})
	if missing.Load() {
		return false, nil
	}
	for i, name := range names {
		if err := d.link(name, from[i]); err != nil {
			return false, err
		}
	}
	return true, nil
}

// link publishes the previous site's file from as this build's name: over
// the previous site, where it is (keep); else by a hard link into the
// temporary folder.
func (d *Dir) link(name, from string) error {
	if d.over {
		return d.keep(name)
	}
	full, err := d.claim(name)
	if err != nil {
		return err
	}
	if err := os.Link(from, full); err != nil {
		// A file system without hard links: copy.
		b, rerr := os.ReadFile(from)
		if rerr != nil {
			return rerr
		}
		return os.WriteFile(full, b, 0o644)
	}
	return nil
}

// Getter is a Sink that can give back what was written to it.
type Getter interface {
	Get(name string) ([]byte, bool)
}

// Get reads back a file written to the temporary folder, so finishing steps
// can use the finished site without the build keeping a copy in memory.
func (d *Dir) Get(name string) ([]byte, bool) {
	b, ok := d.AppendFile(nil, name)
	if !ok {
		return nil, false
	}
	return b, true
}

// AppendFile is Get appending the file's bytes to b, which the caller
// reuses from one file to the next: the zips read the finished site back
// (hundreds of megabytes on a large site), and a new buffer a file made
// most of that step's garbage. b is returned unchanged when the file is
// not there or cannot be read.
func (d *Dir) AppendFile(b []byte, name string) ([]byte, bool) {
	full, ok := d.written(name)
	if !ok {
		return b, false
	}
	f, err := os.Open(full)
	if err != nil {
		return b, false
	}
	defer f.Close()
	start := len(b)
	if info, err := f.Stat(); err == nil && info.Size() < 1<<30 {
		// One more byte than the file, so the first read after it
		// finds the end without growing b (as os.ReadFile does).
		b = slices.Grow(b, int(info.Size())+1)
	}
	for {
		if len(b) == cap(b) {
			b = slices.Grow(b, 4096)
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, true
		}
		if err != nil {
			return b[:start], false
		}
	}
}

// keep records name as published again where the previous site has it.
func (d *Dir) keep(name string) error { return d.record(name, true) }

// record records name as this build's, kept where the previous site has
// it or written, refusing a second output of the same name.
func (d *Dir) record(name string, kept bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[name] {
		return fmt.Errorf("two outputs for %s", name)
	}
	d.seen[name] = true
	if kept {
		d.kept[name] = true
	}
	return nil
}

// written returns where this build's name is, if it published it: in the
// temporary folder, or in Dest for a file kept there.
func (d *Dir) written(name string) (string, bool) {
	if CheckName(name) != nil {
		return "", false
	}
	d.mu.Lock()
	ok, kept := d.seen[name], d.kept[name]
	d.mu.Unlock()
	if kept {
		return filepath.Join(d.Dest, filepath.FromSlash(name)), true
	}
	return filepath.Join(d.tmp, filepath.FromSlash(name)), ok
}

// head reads at most the first n bytes of a file written to the
// temporary folder (Recorder.Head).
func (d *Dir) head(name string, n int) ([]byte, bool) {
	full, ok := d.written(name)
	if !ok {
		return nil, false
	}
	f, err := os.Open(full)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := io.ReadFull(f, b)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, false
	}
	return b[:k], true
}

// Recorder passes writes to another Sink and remembers their names, for
// finishing steps that need the finished site (zips, precompression). It
// reads files back from that sink when it can (Dir, Memory) and keeps a
// copy only of what an opaque sink was given: on a 10,000-page site a copy
// of everything cost gigabytes.
type Recorder struct {
	next  Sink
	mu    sync.RWMutex
	names map[string]bool
	// copies holds data only when next is not a Getter.
	copies map[string][]byte
	// sums holds the sum (SumOf) of every file written, taken while its
	// bytes are in memory anyway (Sum), unless lazy.
	sums map[string][SumSize]byte
	// sizes holds the size of every file written or reused; reused
	// names the files published again from the previous build.
	sizes  map[string]int64
	reused map[string]bool
	lazy   bool
	// sorted is Names, kept until the next file is recorded: the zips,
	// the service worker's plan and the hosts' headers each list the
	// site's 20,000 files, once a language.
	sorted []string
}

// LazySums makes Sum hash a file when asked, reading it back, instead of
// hashing every file as it is written: for builds whose steps never ask
// (serve's previews make no zips), so that a save does not pay for it.
func (r *Recorder) LazySums() { r.lazy = true }

// NewRecorder wraps next.
func NewRecorder(next Sink) *Recorder {
	return &Recorder{next: next, names: map[string]bool{}, copies: map[string][]byte{}, sums: map[string][SumSize]byte{}, sizes: map[string]int64{}, reused: map[string]bool{}}
}

// Write implements Sink.
func (r *Recorder) Write(name string, data []byte) error {
	var sum [SumSize]byte
	if !r.lazy {
		sum = SumOf(data)
	}
	return r.WriteSummed(name, data, sum)
}

// WriteSummed is Write for data whose sum (SumOf) the caller has taken:
// the search index hashes its pack's parts once, for its version and for
// the record, rather than twice.
func (r *Recorder) WriteSummed(name string, data []byte, sum [SumSize]byte) error {
	if err := r.next.Write(name, data); err != nil {
		return err
	}
	r.recorded(name, int64(len(data)), sum, data)
	return nil
}

// WriteStream implements Streamer: the stream goes on to r's sink (whole,
// when that takes no stream), hashed on its way, and copied only for a
// sink that cannot give it back.
func (r *Recorder) WriteStream(name string, write func(io.Writer) error) error {
	_, gives := r.next.(Getter)
	h := NewSum()
	var copied bytes.Buffer
	var also []io.Writer
	if !r.lazy {
		also = append(also, h)
	}
	if !gives {
		also = append(also, &copied)
	}
	n, err := writeStream(r.next, name, write, also...)
	if err != nil {
		return err
	}
	var sum [SumSize]byte
	if !r.lazy {
		sum = [SumSize]byte(h.Sum(nil))
	}
	r.recorded(name, n, sum, copied.Bytes())
	return nil
}

// recorded records name as written, size bytes, with sum (unless r is
// lazy) and data kept for a sink that cannot give it back.
func (r *Recorder) recorded(name string, size int64, sum [SumSize]byte, data []byte) {
	r.mu.Lock()
	r.names[name], r.sorted = true, nil
	r.sizes[name] = size
	if !r.lazy {
		r.sums[name] = sum
	}
	if _, ok := r.next.(Getter); !ok {
		r.copies[name] = data
	}
	r.mu.Unlock()
}

// HoldsData implements Holder: the Recorder holds what it passes on to a
// sink that cannot give it back, and its sink may hold it too.
func (r *Recorder) HoldsData() bool {
	_, gives := r.next.(Getter)
	return !gives || HoldsData(r.next)
}

// Sum returns the sum (SumOf) of a recorded file. A step that would make an
// output from many files again (a zip) compares their sums with the ones
// it noted last time (Note) instead of reading every file back: taken at
// Write, a sum costs about 0.3 CPU-seconds over the 10,000-page site's
// 850 MB, against seconds of reading it back. A file published again by
// Reuse is read once for its sum.
func (r *Recorder) Sum(name string) ([SumSize]byte, bool) {
	r.mu.RLock()
	sum, ok := r.sums[name]
	r.mu.RUnlock()
	if ok {
		return sum, true
	}
	data, ok := r.Get(name)
	if !ok {
		return sum, false
	}
	sum = SumOf(data)
	r.mu.Lock()
	r.sums[name] = sum
	r.mu.Unlock()
	return sum, true
}

// Get returns a recorded file's bytes.
func (r *Recorder) Get(name string) ([]byte, bool) {
	r.mu.RLock()
	ok := r.names[name]
	data, copied := r.copies[name]
	r.mu.RUnlock()
	switch {
	case !ok:
		return nil, false
	case copied:
		return data, true
	}
	return r.next.(Getter).Get(name)
}

// dir returns the folder r writes to (nil for another sink) and whether r
// recorded name, for the reads that go to the folder's file itself: a Dir
// is a Getter, so r keeps no copy of what it writes there.
func (r *Recorder) dir(name string) (d *Dir, recorded bool) {
	d, _ = r.next.(*Dir)
	if d != nil {
		r.mu.RLock()
		recorded = r.names[name]
		r.mu.RUnlock()
	}
	return d, recorded
}

// AppendFile appends a recorded file's bytes to b (see Dir.AppendFile);
// b is returned unchanged when the file is not recorded.
func (r *Recorder) AppendFile(b []byte, name string) ([]byte, bool) {
	// A folder reads the file into b; any other sink gives the bytes,
	// copied.
	if d, recorded := r.dir(name); d != nil {
		if !recorded {
			return b, false
		}
		return d.AppendFile(b, name)
	}
	data, ok := r.Get(name)
	if !ok {
		return b, false
	}
	return append(b, data...), true
}

// Head returns the first n bytes of a recorded file, or all of it when it
// is shorter: what a step that looks only at the top of every page needs
// (deploy's policy, in each page's <head>), without reading the site back
// whole.
func (r *Recorder) Head(name string, n int) ([]byte, bool) {
	// A folder can read the head alone; any other sink gives the whole
	// file, cut.
	if d, recorded := r.dir(name); d != nil {
		if !recorded {
			return nil, false
		}
		return d.head(name, n)
	}
	data, ok := r.Get(name)
	return data[:min(n, len(data))], ok
}

// Previous returns the previous build's copy of name when the sink builds
// over one (see Reuser).
func (r *Recorder) Previous(name string) ([]byte, bool) {
	if p, ok := r.next.(Reuser); ok {
		return p.Previous(name)
	}
	return nil, false
}

// MapPrevious is Dir.MapPrevious when the sink is a folder, and Previous
// with nothing to release otherwise.
func (r *Recorder) MapPrevious(name string) (data []byte, release func(), ok bool) {
	if d, ok := r.next.(*Dir); ok {
		return d.MapPrevious(name)
	}
	data, ok = r.Previous(name)
	return data, noRelease, ok
}

// Reuse publishes the previous build's copy of name, and records it.
func (r *Recorder) Reuse(name string) error {
	p, ok := r.next.(Reuser)
	if !ok {
		return fmt.Errorf("reuse %s: no previous build", name)
	}
	if err := p.Reuse(name); err != nil {
		return err
	}
	r.markReused(name)
	return nil
}

// markReused records name as published again from the previous build.
func (r *Recorder) markReused(name string) {
	r.mu.Lock()
	r.names[name], r.sorted = true, nil
	r.reused[name] = true
	r.mu.Unlock()
}

// Reused reports whether name was published again from the previous
// build (Reuse, ReuseAs) rather than written: its bytes are the previous
// build's, which a step can take as they were (a zip entry's deflated
// bytes) without comparing them.
func (r *Recorder) Reused(name string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.reused[name]
}

// Noted is a file as a step notes it for the next build (Note), so that
// the next build can publish it again without reading it back (ReuseAs):
// its sum (SumOf) and size, written "<sum>:<size>" (lower-case hex, the
// size in decimal). The page cache, the search index and the zips note
// their outputs so.
type Noted struct {
	Sum  [SumSize]byte
	Size int64
}

// NotedOf is data's Noted.
func NotedOf(data []byte) Noted { return Noted{SumOf(data), int64(len(data))} }

// WrittenNoted is the Noted of data, which w has just written as name:
// what a Recorder noted as it wrote the file (Recorder.Noted), when w is
// one, rather than a second pass over data (a language's zip or search
// pack is tens of megabytes); else data hashed.
func WrittenNoted(w any, name string, data []byte) Noted {
	if r, ok := w.(*Recorder); ok {
		if n, ok := r.Noted(name); ok {
			return n
		}
	}
	return NotedOf(data)
}

func (n Noted) String() string {
	return hex.EncodeToString(n.Sum[:]) + ":" + strconv.FormatInt(n.Size, 10)
}

// ParseNoted reads a Noted back from its String; ok is false for anything
// else (upper-case hex, a sign or leading zeros in the size).
func ParseNoted(s string) (n Noted, ok bool) {
	const sumEnd = 2 * SumSize
	if len(s) < sumEnd+2 || s[sumEnd] != ':' || !lowerHex(s[:sumEnd]) {
		return Noted{}, false
	}
	if _, err := hex.Decode(n.Sum[:], []byte(s[:sumEnd])); err != nil {
		return Noted{}, false
	}
	size, err := strconv.ParseInt(s[sumEnd+1:], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != s[sumEnd+1:] {
		return Noted{}, false
	}
	n.Size = size
	return n, true
}

// lowerHex reports whether s is made of lower-case hex digits only.
func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Noted returns name's Noted, from the sum and size recorded for it.
func (r *Recorder) Noted(name string) (Noted, bool) {
	sum, ok := r.Sum(name)
	size, known := r.Size(name)
	return Noted{sum, size}, ok && known
}

// ReuseAs publishes the previous build's copy of name again when it is
// still the file that build noted, by its size, and records the noted sum
// as its sum: the steps that read the finished site then need not read
// it back for its sum. It reports whether it did; when not (no previous
// copy, or one of another size), the caller makes the file anew. A step
// that notes what it wrote this way trusts the previous output as the
// previous build left it, as the zips and compressed copies do.
func (r *Recorder) ReuseAs(name string, n Noted) (bool, error) {
	ok, err := r.ReuseIfSize(name, n.Size)
	if !ok || err != nil {
		return false, err
	}
	r.noteAs(name, n)
	return true, nil
}

// noteAs records n as the sum and size of name, published again as the
// previous build noted it.
func (r *Recorder) noteAs(name string, n Noted) {
	r.mu.Lock()
	r.sums[name], r.sizes[name] = n.Sum, n.Size
	r.mu.Unlock()
}

// ReuseAllAs publishes the previous build's copies of names again, each
// as noted (ReuseAs), or none of them: each is asked for (PreviousSize)
// before any is published. ok is false when one is missing or of another
// size; an error means some were published and another then was not:
// the build cannot go on.
func (r *Recorder) ReuseAllAs(names []string, noted []Noted) (ok bool, err error) {
	if len(names) != len(noted) {
		return false, nil
	}
	if d, isDir := r.next.(*Dir); isDir {
		sizes := make([]int64, len(noted))
		for i, n := range noted {
			sizes[i] = n.Size
		}
		if ok, err := d.ReuseAllIfSize(names, sizes); !ok || err != nil {
			return false, err
		}
		for i, name := range names {
			r.markReused(name)
			r.noteAs(name, noted[i])
		}
		return true, nil
	}
	for i, name := range names {
		if size, ok := r.PreviousSize(name); !ok || size != noted[i].Size {
			return false, nil
		}
	}
	for i, name := range names {
		ok, err := r.ReuseAs(name, noted[i])
		if err == nil && !ok {
			err = fmt.Errorf("%s changed while it was published again", name)
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// ReuseIfSize publishes the previous build's copy of name again when it
// has size bytes, and reports whether it did.
func (r *Recorder) ReuseIfSize(name string, size int64) (bool, error) {
	p, ok := r.next.(Reuser)
	if !ok {
		return false, nil
	}
	if ok, err := p.ReuseIfSize(name, size); !ok || err != nil {
		return false, err
	}
	r.markReused(name)
	return true, nil
}

// Size returns the size of a file written, or reused with ReuseAs.
func (r *Recorder) Size(name string) (int64, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n, ok := r.sizes[name]
	return n, ok
}

// PreviousAt gives the previous build's copy of name to read parts of,
// with its size and a function that closes it: the file itself when the
// sink is a Dir, its bytes otherwise.
func (r *Recorder) PreviousAt(name string) (io.ReaderAt, int64, func() error, bool) {
	if d, ok := r.next.(*Dir); ok {
		f, ok := d.OpenPrevious(name)
		if !ok {
			return nil, 0, nil, false
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, false
		}
		return f, fi.Size(), f.Close, true
	}
	b, ok := r.Previous(name)
	if !ok {
		return nil, 0, nil, false
	}
	return bytes.NewReader(b), int64(len(b)), func() error { return nil }, true
}

// PreviousSize returns the size of the previous build's copy of name when
// the sink builds over one.
func (r *Recorder) PreviousSize(name string) (int64, bool) {
	if p, ok := r.next.(Reuser); ok {
		return p.PreviousSize(name)
	}
	return 0, false
}

// Recall returns the previous build's note under key, when the sink
// builds over one.
func (r *Recorder) Recall(key string) (string, bool) {
	if p, ok := r.next.(Reuser); ok {
		return p.Recall(key)
	}
	return "", false
}

// Note leaves a note for the next build, when the sink keeps them; a
// sink that builds over nothing (memory) drops it.
func (r *Recorder) Note(key, value string) error {
	if p, ok := r.next.(Reuser); ok {
		return p.Note(key, value)
	}
	return nil
}

// Names lists every recorded file, sorted.
func (r *Recorder) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sorted == nil {
		r.sorted = slices.Sorted(maps.Keys(r.names))
	}
	return slices.Clone(r.sorted)
}

// Add records a file that was written somewhere else, keeping a copy, so
// finishing steps see it without it being written to the sink again (serve
// keeps pages apart from the other outputs).
func (r *Recorder) Add(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		return fmt.Errorf("two outputs for %s", name)
	}
	r.names[name], r.sorted = true, nil
	r.copies[name] = data
	return nil
}
