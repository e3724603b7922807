package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"spean/generator/paths"
)

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{
		"index.html": true, "en/rights/index.html": true,
		"": false, "/etc/passwd": false, "../x": false, "a/../../x": false, "a//b": false, "a\\b": false, "./a": false,
	} {
		if err := CheckName(name); (err == nil) != ok {
			t.Errorf("CheckName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

func TestMemory(t *testing.T) {
	m := NewMemory()
	if err := m.Write("a/b.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := m.Write("a/b.html", []byte("y")); err == nil || !strings.Contains(err.Error(), "two outputs for a/b.html") {
		t.Errorf("second write: %v", err)
	}
	if b, ok := m.Get("a/b.html"); !ok || string(b) != "x" {
		t.Errorf("Get = %q, %v", b, ok)
	}
}

func TestDir(t *testing.T) {
	modes := withUmask(t, 0o022)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	// A killed build's folder, whose process is gone, is cleared; one
	// of a running build is not.
	stale := filepath.Join(parent, ".public.building-999999999-dead")
	live := filepath.Join(parent, ".public.building-"+strconv.Itoa(os.Getpid())+"-live")
	for _, d := range []string{stale, live} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	d, err := NewDir(dest, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the stale temporary folder is still there")
	}
	if _, err := os.Stat(live); err != nil {
		t.Error("the folder of a running build was removed")
	}
	os.Remove(live)
	rec := NewRecorder(d)
	if err := rec.Write("en/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, ok := rec.Get("en/index.html"); !ok || string(b) != "new" {
		t.Errorf("read back %q, %v", b, ok)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("the destination exists before the commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for name, mode := range map[string]os.FileMode{"public": 0o755, "public/en": 0o755, "public/en/index.html": 0o644, "public/" + paths.Marker: 0o644} {
		info, err := os.Stat(filepath.Join(parent, name))
		if err != nil || modes && info.Mode().Perm() != mode {
			t.Errorf("%s: %v %v, want mode %o", name, info.Mode(), err, mode)
		}
	}
	// An aborted build leaves the published folder as it was.
	d2, err := NewDir(dest, "")
	if err != nil {
		t.Fatal(err)
	}
	d2.Write("en/index.html", []byte("newer"))
	d2.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "en/index.html")); string(b) != "new" {
		t.Errorf("after an abort: %q", b)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestReuse: a build over a site the same generator made can publish that
// site's files again by hard link; a site another generator made, or a
// file reached through a planted link, is not reused; an aborted build
// leaves the previous site byte-identical.
func TestReuse(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	first, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"en/index.html": "page", "en/index.html.gz": "gz", "secret": "kept"} {
		if err := first.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "outside"), filepath.Join(dest, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(parent, "outside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "outside", "f"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}

	other, err := NewDir(dest, "gen-2")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := other.Previous("en/index.html"); ok {
		t.Error("a site made by another generator is reused")
	}
	other.Abort()

	d, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder(d)
	if b, ok := rec.Previous("en/index.html"); !ok || string(b) != "page" {
		t.Errorf("Previous = %q, %v", b, ok)
	}
	if _, ok := rec.Previous("link/f"); ok {
		t.Error("a file behind a planted link is read")
	}
	// MapPrevious offers the same files, and no more.
	if b, release, ok := d.MapPrevious("en/index.html"); !ok || string(b) != "page" {
		t.Errorf("MapPrevious = %q, %v", b, ok)
	} else {
		release()
	}
	if _, _, ok := d.MapPrevious("link/f"); ok {
		t.Error("a file behind a planted link is mapped")
	}
	if _, _, ok := d.MapPrevious("none.html"); ok {
		t.Error("a file the previous build did not make is mapped")
	}
	if err := rec.Reuse("link/f"); err == nil {
		t.Error("a file behind a planted link is published")
	}
	for _, tc := range []struct {
		name string
		size int64
	}{{"en/index.html", 5}, {"link/f", 7}, {"none.html", 0}} {
		if ok, err := rec.ReuseIfSize(tc.name, tc.size); ok || err != nil {
			t.Errorf("ReuseIfSize(%s, %d) = %v, %v: published a copy of another size, behind a link, or none", tc.name, tc.size, ok, err)
		}
	}
	if ok, err := rec.ReuseIfSize("en/index.html.gz", 2); !ok || err != nil {
		t.Fatalf("ReuseIfSize of the previous copy's size = %v, %v", ok, err)
	}
	if err := rec.Write("en/index.html.gz", []byte("x")); err == nil {
		t.Error("a reused file can be written again")
	}
	if b, ok := rec.Get("en/index.html.gz"); !ok || string(b) != "gz" {
		t.Errorf("reused file reads %q, %v", b, ok)
	}
	if !slices.Equal(rec.Names(), []string{"en/index.html.gz"}) {
		t.Errorf("recorded %v", rec.Names())
	}
	// Sums: taken as a file is written, read once for a reused one.
	if err := rec.Write("en/new.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	checkSums(t, rec, map[string]string{"en/new.html": "new", "en/index.html.gz": "gz"}, "en/index.html")
	for _, n := range []int{0, 2, 3, 10} {
		if b, ok := rec.Head("en/new.html", n); !ok || string(b) != "new"[:min(n, 3)] {
			t.Errorf("Head(en/new.html, %d) = %q, %v", n, b, ok)
		}
	}
	if _, ok := rec.Head("en/index.html", 4); ok {
		t.Error("the head of a file this build did not publish")
	}
	d.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "en/index.html.gz")); string(b) != "gz" {
		t.Errorf("after an aborted build the previous site has %q", b)
	}

	d, err = NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Reuse("en/index.html.gz"); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "en/index.html.gz")); string(b) != "gz" {
		t.Errorf("after the commit: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "secret")); !os.IsNotExist(err) {
		t.Error("a file the new build did not make survived it")
	}
}

// overlaySite publishes a first site into parent/public and returns it.
func overlaySite(t *testing.T, files map[string]string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range slices.Sorted(maps.Keys(files)) {
		if err := d.Write(n, []byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return dest
}

// TestReuseAllAs: a Recorder over a Dir publishes a set of the previous
// build's files again, each as noted, only when every one is there with
// its noted size; else none (a link planted in the output, a file
// missing, one of another size).
func TestReuseAllAs(t *testing.T) {
	files := map[string]string{"lo/search/a.js": "aaa", "lo/search/b.js": "bb", "lo/search/c.js": "c"}
	dest := overlaySite(t, files)
	if err := os.Symlink(filepath.Join(dest, "lo/search/a.js"), filepath.Join(dest, "lo/search/link.js")); err != nil {
		t.Fatal(err)
	}
	names := []string{"lo/search/a.js", "lo/search/b.js", "lo/search/c.js"}
	noted := func(names ...string) []Noted {
		var out []Noted
		for _, n := range names {
			data, ok := files[n]
			if !ok {
				data = "aaa" // the link's target
			}
			out = append(out, NotedOf([]byte(data)))
		}
		return out
	}
	for _, tc := range []struct {
		why   string
		names []string
		noted []Noted
	}{
		{"one missing", append(slices.Clone(names), "lo/search/none.js"), append(noted(names...), NotedOf([]byte("x")))},
		{"one of another size", names, append(noted(names[:2]...), NotedOf([]byte("cc")))},
		{"one behind a link", append(slices.Clone(names), "lo/search/link.js"), noted(append(slices.Clone(names), "lo/search/link.js")...)},
		{"a note short", names, noted(names[:2]...)},
	} {
		d, err := NewDir(dest, "gen-1")
		if err != nil {
			t.Fatal(err)
		}
		rec := NewRecorder(d)
		if ok, err := rec.ReuseAllAs(tc.names, tc.noted); ok || err != nil {
			t.Errorf("%s: ReuseAllAs = %v, %v", tc.why, ok, err)
		}
		if got := rec.Names(); len(got) != 0 {
			t.Errorf("%s: published %v", tc.why, got)
		}
		d.Abort()
	}
	d, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder(d)
	if ok, err := rec.ReuseAllAs(names, noted(names...)); !ok || err != nil {
		t.Fatalf("ReuseAllAs = %v, %v", ok, err)
	}
	if !slices.Equal(rec.Names(), names) {
		t.Errorf("recorded %v", rec.Names())
	}
	for _, n := range names {
		if !rec.Reused(n) {
			t.Errorf("%s not marked reused", n)
		}
		if got, ok := rec.Noted(n); !ok || got != NotedOf([]byte(files[n])) {
			t.Errorf("%s noted %v, %v", n, got, ok)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if b, _ := os.ReadFile(filepath.Join(dest, n)); string(b) != files[n] {
			t.Errorf("after the commit %s is %q", n, b)
		}
	}
}

// TestNotes: a note a step leaves reaches the next build by the same
// generator, and no other; a marker edited out of shape vouches for
// nothing.
func TestNotes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build := func(gen string, notes map[string]string) *Dir {
		t.Helper()
		d, err := NewDir(dest, gen)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Write("index.html", []byte("x")); err != nil {
			t.Fatal(err)
		}
		for k, v := range notes {
			if err := d.Note(k, v); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	d := build("gen-1", map[string]string{"search/en": "abc 1 2", "zips": "z"})
	for _, bad := range [][2]string{{"a b", "x"}, {"", "x"}, {"k", ""}, {"k", "two\nlines"}, {"k", "ກ"}} {
		if err := d.Note(bad[0], bad[1]); err == nil {
			t.Errorf("Note(%q, %q) accepted", bad[0], bad[1])
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if v, ok := build("gen-1", nil).Recall("search/en"); !ok || v != "abc 1 2" {
		t.Errorf("same generator: Recall = %q, %v", v, ok)
	}
	if v, ok := build("gen-2", nil).Recall("search/en"); ok {
		t.Errorf("another generator recalled %q", v)
	}
	m := filepath.Join(dest, paths.Marker)
	b, _ := os.ReadFile(m)
	if err := os.WriteFile(m, append(b, "garbage\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := build("gen-1", nil).Recall("search/en"); ok {
		t.Error("a garbled marker was trusted")
	}
}

// TestLazySums: a recorder that does not hash as it writes gives the same
// sums, read back when asked, and for files added with Add.
func TestLazySums(t *testing.T) {
	for _, lazy := range []bool{false, true} {
		t.Run(fmt.Sprintf("lazy=%v", lazy), func(t *testing.T) {
			r := NewRecorder(NewMemory())
			if lazy {
				r.LazySums()
			}
			if err := r.Write("a.html", []byte("page")); err != nil {
				t.Fatal(err)
			}
			if err := r.Add("b.html", []byte("kept apart")); err != nil {
				t.Fatal(err)
			}
			checkSums(t, r, map[string]string{"a.html": "page", "b.html": "kept apart"}, "c.html")
		})
	}
}

// checkSums checks that r gives the SHA-256 of each file's text in want,
// and no sum for absent, which it did not publish.
func checkSums(t *testing.T, r *Recorder, want map[string]string, absent string) {
	t.Helper()
	for name, text := range want {
		if sum, ok := r.Sum(name); !ok || sum != SumOf([]byte(text)) {
			t.Errorf("Sum(%s) = %x, %v; want the sum of %q", name, sum, ok, text)
		}
	}
	if _, ok := r.Sum(absent); ok {
		t.Errorf("a sum of %s, which was not published", absent)
	}
}

// TestConcurrentWritesInNewFolder: files written at once into a folder no
// one created yet all land. The folder was marked made before it was, and
// a second writer could find it missing.
func TestConcurrentWritesInNewFolder(t *testing.T) {
	for round := 0; round < 20; round++ {
		d, err := NewDir(filepath.Join(t.TempDir(), "public"), "")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 16)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = d.Write(fmt.Sprintf("a/b/c/%d.html", i), []byte("x"))
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, file %d: %v", round, i, err)
			}
		}
		d.Abort()
	}
}

// Names is kept between files recorded, and no longer once one is.
func TestNamesFollowWrites(t *testing.T) {
	rec := NewRecorder(NewMemory())
	want := []string{}
	for _, n := range []string{"b.html", "a.html", "c/d.html"} {
		if err := rec.Write(n, []byte(n)); err != nil {
			t.Fatal(err)
		}
		want = append(want, n)
		slices.Sort(want)
		if got := rec.Names(); !slices.Equal(got, want) {
			t.Errorf("after %s: %v, want %v", n, got, want)
		}
	}
	names := rec.Names()
	names[0] = "changed by a caller"
	if err := rec.Add("0.html", nil); err != nil {
		t.Fatal(err)
	}
	if got := rec.Names(); !slices.Equal(got, []string{"0.html", "a.html", "b.html", "c/d.html"}) {
		t.Errorf("after Add: %v", got)
	}
}

// TestWriteSameBytesKeepsTime: a file written with the bytes the previous
// build published keeps that file's modification time, which servers
// make ETag and Last-Modified from; other bytes get the time of writing.
func TestWriteSameBytesKeepsTime(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build := func(files map[string]string) {
		t.Helper()
		d, err := NewDir(dest, "gen-1")
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if err := d.Write(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	mtime := func(name string) time.Time {
		t.Helper()
		fi, err := os.Stat(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return fi.ModTime()
	}
	names := []string{"sw.js", "en/index.html", "js/a.js"}
	build(map[string]string{"sw.js": "worker", "en/index.html": "page", "js/a.js": "script"})
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, name := range names {
		if err := os.Chtimes(filepath.Join(dest, filepath.FromSlash(name)), past, past); err != nil {
			t.Fatal(err)
		}
	}
	build(map[string]string{"sw.js": "worker", "en/index.html": "page, edited", "js/a.js": "scrip+"})
	if got := mtime("sw.js"); !got.Equal(past) {
		t.Errorf("sw.js written with the same bytes: time %v, want the previous %v", got, past)
	}
	for _, name := range names[1:] { // another size; the same size, other bytes
		if mtime(name).Equal(past) {
			t.Errorf("%s written with other bytes kept the previous time", name)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "js", "a.js")); string(b) != "scrip+" {
		t.Errorf("js/a.js = %q", b)
	}
}

// TestWrittenNoted: the Noted of a file just written is the one NotedOf
// gives, whether a Recorder's sum is taken (lazy or not) or the data are
// hashed (another writer, a name the Recorder never wrote).
func TestWrittenNoted(t *testing.T) {
	data := []byte("ស្ពាន bridge")
	want := NotedOf(data)
	eager, lazy := NewRecorder(NewMemory()), NewRecorder(NewMemory())
	lazy.LazySums()
	for _, r := range []*Recorder{eager, lazy} {
		if err := r.Write("a/b.zip", data); err != nil {
			t.Fatal(err)
		}
	}
	for name, w := range map[string]any{"eager": eager, "lazy": lazy, "memory": NewMemory(), "unwritten": NewRecorder(NewMemory())} {
		if got := WrittenNoted(w, "a/b.zip", data); got != want {
			t.Errorf("%s: WrittenNoted = %v, want %v", name, got, want)
		}
	}
	// A Recorder's sum is taken, not the data hashed again.
	if got := WrittenNoted(eager, "a/b.zip", []byte("other bytes!")); got.Sum != want.Sum {
		t.Errorf("WrittenNoted hashed the data again rather than taking the sum the write took")
	}
}

// writerOnly is a Sink that neither gives files back nor says whether it
// holds them.
type writerOnly struct{}

func (writerOnly) Write(string, []byte) error { return nil }

// Only a sink known to write each file out lets a caller use the same
// buffer again; one that holds files, or does not say, does not.
func TestHoldsData(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, c := range []struct {
		name string
		sink Sink
		want bool
	}{
		{"a folder", d, false},
		{"memory", NewMemory(), true},
		{"a recorder over a folder", NewRecorder(d), false},
		{"a recorder over memory", NewRecorder(NewMemory()), true},
		{"a recorder over a sink that cannot give files back", NewRecorder(writerOnly{}), true},
		{"a sink that does not say", writerOnly{}, true},
	} {
		if got := HoldsData(c.sink); got != c.want {
			t.Errorf("%s: HoldsData = %v, want %v", c.name, got, c.want)
		}
	}
}

// AppendFile gives what Get gives, after what the buffer held, from a
// folder (read into the buffer, of any size) and from memory; a file not
// written leaves the buffer as it was.
func TestAppendFile(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	big := strings.Repeat("ស្ពាន ", 5000) // past one read and past 4 KB
	for _, sink := range []Sink{d, NewMemory()} {
		rec := NewRecorder(sink)
		for name, data := range map[string]string{"a.html": "x", "big.html": big, "empty.txt": ""} {
			if err := rec.Write(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
			for _, buf := range [][]byte{nil, []byte("kept:"), make([]byte, 3, 3)} {
				before := string(buf)
				got, ok := rec.AppendFile(buf, name)
				if !ok || string(got) != before+data {
					t.Errorf("%T %s after %q: %d bytes, %v; want %d", sink, name, before, len(got), ok, len(before)+len(data))
				}
			}
		}
		got, ok := rec.AppendFile([]byte("kept"), "missing.html")
		if ok || string(got) != "kept" {
			t.Errorf("%T: a file not written gave %q, %v", sink, got, ok)
		}
	}
}

// discardSink takes files and keeps nothing: no Getter, no Streamer.
type discardSink struct{}

func (discardSink) Write(string, []byte) error { return nil }

// TestStreamNoted: a file written as a stream (a zip) arrives whole in
// every kind of sink, and is noted with the hash and size of what was
// written; a Recorder records it as Write would, and gives it back; an
// error in the writing is the write's error.
func TestStreamNoted(t *testing.T) {
	data := []byte(strings.Repeat("zip bytes ", 300_000)) // over the folder's 1 MB buffer
	write := func(w io.Writer) error {
		for b := data; len(b) > 0; b = b[min(len(b), 70_000):] {
			if _, err := w.Write(b[:min(len(b), 70_000)]); err != nil {
				return err
			}
		}
		return nil
	}
	want := NotedOf(data)
	newDir := func(t *testing.T) (Sink, func() []byte) {
		d, err := NewDir(filepath.Join(t.TempDir(), "public"), "")
		if err != nil {
			t.Fatal(err)
		}
		return d, func() []byte {
			b, err := os.ReadFile(filepath.Join(d.tmp, "downloads", "a.zip"))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	for _, tc := range []struct {
		name string
		sink func(t *testing.T) (Sink, func() []byte)
	}{
		{"folder", newDir},
		{"memory", func(*testing.T) (Sink, func() []byte) {
			m := NewMemory()
			return m, func() []byte { b, _ := m.Get("downloads/a.zip"); return b }
		}},
		{"recorder over a folder", func(t *testing.T) (Sink, func() []byte) {
			s, _ := newDir(t)
			r := NewRecorder(s)
			return r, func() []byte { b, _ := r.Get("downloads/a.zip"); return b }
		}},
		{"recorder over memory", func(*testing.T) (Sink, func() []byte) {
			r := NewRecorder(NewMemory())
			return r, func() []byte { b, _ := r.Get("downloads/a.zip"); return b }
		}},
		{"recorder over a sink that keeps nothing", func(*testing.T) (Sink, func() []byte) {
			r := NewRecorder(discardSink{})
			return r, func() []byte { b, _ := r.Get("downloads/a.zip"); return b }
		}},
		{"a sink that keeps nothing", func(*testing.T) (Sink, func() []byte) { return discardSink{}, func() []byte { return data } }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink, got := tc.sink(t)
			n, err := StreamNoted(sink, "downloads/a.zip", write)
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("noted %v, want %v", n, want)
			}
			if b := got(); !bytes.Equal(b, data) {
				t.Errorf("the file holds %d bytes, want the %d written", len(b), len(data))
			}
			if r, ok := sink.(*Recorder); ok {
				if rn, ok := r.Noted("downloads/a.zip"); !ok || rn != want {
					t.Errorf("recorded %v %v, want %v", rn, ok, want)
				}
			}
			failed := errors.New("deflate failed")
			if _, err := StreamNoted(sink, "downloads/b.zip", func(io.Writer) error { return failed }); !errors.Is(err, failed) {
				t.Errorf("a failing write: %v", err)
			}
		})
	}
}
