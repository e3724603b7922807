//go:build linux

package publish

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"spean/generator/paths"
)

// tree reads every file and link under dir: a file as its bytes, a link
// as "-> target", a folder as "/".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			m[rel] = "-> " + target
			return err
		case e.IsDir():
			m[rel] = "/"
		default:
			b, err := os.ReadFile(p)
			m[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var firstSite = map[string]string{
	"index.html":          "home 1",
	"en/a/index.html":     "a 1",
	"en/b/index.html":     "b 1",
	"en/gone/index.html":  "gone",
	"en/gone/x/y.html":    "gone too",
	"en/c":                "c was a file",
	"en/d/index.html":     "d was a folder",
	"km/old/index.html":   "only old",
	"km/ស្ពាន/index.html": "Khmer",
	"en/a b/\"q\".html":   "quoted",
}

// A build over the previous site publishes in place: what it wrote
// replaces the old file, what it reused stays the same file, what it did
// not make again goes (a folder at once), a file becomes a folder and a
// folder a file, and a link or a stray file a user put at the top goes
// without anything behind the link being touched.
func TestOverlayCommit(t *testing.T) {
	dest := overlaySite(t, firstSite)
	outside := filepath.Join(filepath.Dir(dest), "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "f"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"link": outside, "es": outside} {
		if err := os.Symlink(target, filepath.Join(dest, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dest, "CNAME"), []byte("stray"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A stray file inside where the build writes one the previous build
	// did not make: replaced, not a reason to fail.
	if err := os.WriteFile(filepath.Join(dest, "en/a/new.html"), []byte("stray"), 0o644); err != nil {
		t.Fatal(err)
	}
	keptBefore, _ := idOf(filepath.Join(dest, "en/b/index.html"))

	d, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	if !d.over {
		t.Fatal("a build over a site the same generator made does not publish in place")
	}
	for _, n := range []string{"en/b/index.html", "km/ស្ពាន/index.html"} {
		if err := d.Reuse(n); err != nil {
			t.Fatal(err)
		}
	}
	if b, ok := d.Get("en/b/index.html"); !ok || string(b) != "b 1" {
		t.Errorf("a kept file reads back %q, %v", b, ok)
	}
	for n, v := range map[string]string{
		"index.html":          "home 2",
		"en/a/index.html":     "a 2",
		"en/c/index.html":     "c is a folder",
		"en/d":                "d is a file",
		"en/new/z/index.html": "new",
		"en/a/new.html":       "made",
		"es/index.html":       "not behind the link",
	} {
		if err := d.Write(n, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	marker := got[paths.Marker]
	delete(got, paths.Marker)
	want := map[string]string{
		"index.html": "home 2",
		"en":         "/", "en/a": "/", "en/b": "/", "en/c": "/", "en/new": "/", "en/new/z": "/", "es": "/",
		"en/a/index.html": "a 2", "en/a/new.html": "made", "en/b/index.html": "b 1", "en/c/index.html": "c is a folder", "en/d": "d is a file",
		"en/new/z/index.html": "new", "es/index.html": "not behind the link",
		"km": "/", "km/ស្ពាន": "/", "km/ស្ពាន/index.html": "Khmer",
	}
	if !maps.Equal(got, want) {
		t.Errorf("published\n%v\nwant\n%v", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "f")); string(b) != "outside" {
		t.Errorf("the file behind the planted link became %q", b)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("the build wrote behind the planted link: %v", entries)
	}
	if id, _ := idOf(filepath.Join(dest, "en/b/index.html")); id != keptBefore {
		t.Error("a file published again is not the same file")
	}
	_, names, ok := parseMarker(marker, "gen-1")
	if wantNames := []string{"en/a/index.html", "en/a/new.html", "en/b/index.html", "en/c/index.html", "en/d", "en/new/z/index.html", "es/index.html", "index.html", "km/ស្ពាន/index.html"}; !ok || !slices.Equal(names, wantNames) {
		t.Errorf("the marker lists %v (%v), want %v", names, ok, wantNames)
	}
	// Nothing is left beside the site.
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 2 {
		t.Errorf("beside the site: %v", entries)
	}
}

// A commit that fails while files move puts everything back: the previous
// site is byte-identical, its marker too, and nothing is left beside it.
// While files move, the marker vouches for no cache, so a build after a
// crash there builds everything anew.
func TestOverlayCommitFails(t *testing.T) {
	for _, failAt := range []string{"en/a/index.html", "en/new/z/index.html", "index.html", "en/a/new.html", "en/c/index.html"} {
		t.Run(failAt, func(t *testing.T) {
			dest := overlaySite(t, firstSite)
			if err := os.WriteFile(filepath.Join(dest, "CNAME"), []byte("stray"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dest, "en/a/new.html"), []byte("stray"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := tree(t, dest)
			d, err := NewDir(dest, "gen-1")
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Reuse("en/b/index.html"); err != nil {
				t.Fatal(err)
			}
			for n, v := range map[string]string{"index.html": "home 2", "en/a/index.html": "a 2", "en/a/new.html": "made", "en/c/index.html": "c", "en/d": "d", "en/new/z/index.html": "new"} {
				if err := d.Write(n, []byte(v)); err != nil {
					t.Fatal(err)
				}
			}
			fault := errors.New("disk gone")
			placeFault = func(name string) error {
				if name == paths.Marker {
					return nil
				}
				if m, _ := os.ReadFile(filepath.Join(dest, paths.Marker)); string(m) != paths.MarkerText {
					t.Errorf("while files move the marker is %.80q, not one that vouches for no cache", m)
				}
				if name == failAt {
					return fault
				}
				return nil
			}
			defer func() { placeFault = nil }()
			if err := d.Commit(); !errors.Is(err, fault) {
				t.Fatalf("Commit = %v, want the fault", err)
			}
			if after := tree(t, dest); !maps.Equal(after, before) {
				t.Errorf("after a failed commit\n%v\nbefore\n%v", after, before)
			}
			if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
				t.Errorf("beside the site: %v", entries)
			}
		})
	}
}

// A build whose site another build replaced meanwhile does not publish
// over it: the files it kept are no longer the ones it read.
func TestOverlayAnotherBuildPublished(t *testing.T) {
	dest := overlaySite(t, firstSite)
	slow, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := slow.Reuse("en/a/index.html"); err != nil {
		t.Fatal(err)
	}
	if err := slow.Write("index.html", []byte("slow")); err != nil {
		t.Fatal(err)
	}
	fast, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := fast.Write("en/a/index.html", []byte("fast")); err != nil {
		t.Fatal(err)
	}
	if err := fast.Commit(); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dest)
	if err := slow.Commit(); err == nil || !strings.Contains(err.Error(), "build again") {
		t.Errorf("Commit over a site another build replaced = %v", err)
	}
	if after := tree(t, dest); !maps.Equal(after, before) {
		t.Errorf("the slower build changed the site: %v", after)
	}
}

// A site made before the marker listed its files, or by another
// generator, is replaced whole, as before.
func TestOverlayNeedsAList(t *testing.T) {
	dest := overlaySite(t, firstSite)
	m := filepath.Join(dest, paths.Marker)
	b, _ := os.ReadFile(m)
	head, _, _ := strings.Cut(string(b), "files\n")
	if err := os.WriteFile(m, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if _, ok := d.Recall("x"); d.over || d.prev == "" || ok {
		t.Errorf("over=%v prev=%q: a marker without a list of files", d.over, d.prev)
	}
}

// crashSite is what the crashing build of TestOverlayCrash publishes.
var crashSite = map[string]string{"index.html": "home 2", "en/a/index.html": "a 2", "en/new/index.html": "new"}

// A build killed while its files move (SIGKILL: nothing undone) leaves a
// marker that vouches for no cache: the next build publishes everything
// anew into a fresh folder, whatever mix the killed one left, and removes
// the killed build's folders beside the site.
func TestOverlayCrash(t *testing.T) {
	if dest := os.Getenv("SPEAN_TEST_CRASH_DEST"); dest != "" {
		d, err := NewDir(dest, "gen-1")
		if err != nil || !d.over {
			os.Exit(3)
		}
		for n, v := range crashSite {
			if err := d.Write(n, []byte(v)); err != nil {
				os.Exit(4)
			}
		}
		placeFault = func(name string) error {
			if name == "index.html" {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
			return nil
		}
		d.Commit()
		os.Exit(5) // not killed
	}
	dest := overlaySite(t, firstSite)
	cmd := exec.Command(os.Args[0], "-test.run=^TestOverlayCrash$")
	cmd.Env = append(os.Environ(), "SPEAN_TEST_CRASH_DEST="+dest)
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the build was not killed while publishing: %v", err)
	}
	if m, _ := os.ReadFile(filepath.Join(dest, paths.Marker)); string(m) != paths.MarkerText {
		t.Fatalf("after the crash the marker is %.80q, not one that vouches for no cache", m)
	}
	d, err := NewDir(dest, "gen-1")
	if err != nil {
		t.Fatal(err)
	}
	if d.over || d.prev != "" {
		t.Fatal("the build after a crash trusts the mix the crash left")
	}
	for n, v := range crashSite {
		if err := d.Write(n, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	delete(got, paths.Marker)
	want := map[string]string{"en": "/", "en/a": "/", "en/new": "/", "index.html": "home 2", "en/a/index.html": "a 2", "en/new/index.html": "new"}
	if !maps.Equal(got, want) {
		t.Errorf("after the crash and a build: %v, want %v", got, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("beside the site: %v", entries)
	}
}

// Errors that say a lock or an exchange is not supported are told from
// real failures: the commit does without, rather than failing the build.
func TestUnsupported(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{syscall.EINVAL, true}, {syscall.ENOSYS, true}, {syscall.EOPNOTSUPP, true}, {syscall.ENOLCK, true},
		{&os.PathError{Op: "rename", Path: "x", Err: syscall.ENOSYS}, true},
		{syscall.EACCES, false}, {syscall.ENOSPC, false}, {syscall.EXDEV, false}, {errors.New("other"), false},
	} {
		if got := unsupported(c.err); got != c.want {
			t.Errorf("unsupported(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
