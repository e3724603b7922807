package paths

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site makes a site folder with content, themes, i18n, .git and a config,
// and returns it opened.
func site(t *testing.T) *Site {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"config.yaml", "content/a.en.md", "themes/default/layouts/page.html", "i18n/en.yaml", ".git/HEAD"} {
		p := filepath.Join(dir, "site", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(filepath.Join(dir, "site"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOutput(t *testing.T) {
	s := site(t)
	parent := filepath.Dir(s.Root)
	mustMkdir := func(p string, files ...string) {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(p, f), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustMkdir(filepath.Join(parent, "other"), "notes.txt")
	mustMkdir(filepath.Join(parent, "empty"))
	mustMkdir(filepath.Join(s.Root, "old"), Marker, "index.html")
	if err := os.Symlink(filepath.Join(parent, "empty"), filepath.Join(s.Root, "linked")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		value string
		ok    bool
		want  string // part of the error
	}{
		{"public", true, ""},
		{"./public/", true, ""},
		{"out/site", true, ""},
		{filepath.Join(parent, "new"), true, ""},
		{filepath.Join(parent, "empty"), true, ""},
		{"old", true, ""}, // an earlier build's, with the marker
		{"", false, "empty"},
		{".", false, "site folder itself"},
		{"./", false, "site folder itself"},
		{"public/..", false, "site folder itself"},
		{s.Root, false, "site folder itself"},
		{"..", false, "holds the site folder"},
		{"a/../..", false, "holds the site folder"},
		{"/", false, "holds the site folder"},
		{"content", false, "content itself"},
		{"content/x", false, "inside content"},
		{"themes", false, "themes itself"},
		{"i18n", false, "i18n itself"},
		{".git", false, ".git itself"},
		{"config.yaml", false, "config.yaml itself"},
		{filepath.Join(parent, "other"), false, "an earlier spean build did not make it"},
		{"linked", false, "is a link"},
		{"bad\x00name", false, "control characters"},
	} {
		got, err := s.Output(c.value, "--dest", "config.yaml")
		if (err == nil) != c.ok || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("Output(%q) = %q, %v; want ok=%v, error with %q", c.value, got, err, c.ok, c.want)
			continue
		}
		if err == nil && !filepath.IsAbs(got) {
			t.Errorf("Output(%q) = %q, not absolute", c.value, got)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "--dest ") {
			t.Errorf("Output(%q): %v does not name the setting", c.value, err)
		}
	}
}

func TestFSRefusesLinksOutside(t *testing.T) {
	s := site(t)
	outside := filepath.Join(filepath.Dir(s.Root), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"content/leak.en.md":            outside,
		"themes/default/static/env.txt": "/proc/self/environ",
		"content/inside.en.md":          filepath.Join(s.Root, "content/a.en.md"),
		"content/loop.en.md":            filepath.Join(s.Root, "content/loop.en.md"),
		"content/dir":                   filepath.Dir(s.Root),
	}
	for link, target := range links {
		p := filepath.Join(s.Root, link)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	fsys := s.FS()
	for _, name := range []string{"content/leak.en.md", "themes/default/static/env.txt", "content/dir/secret.txt"} {
		_, err := fs.ReadFile(fsys, name)
		var out *OutsideError
		if !errors.As(err, &out) {
			t.Errorf("read %s: %v, want an OutsideError", name, err)
			continue
		}
		if !strings.Contains(err.Error(), "outside the site folder") {
			t.Errorf("read %s: %v", name, err)
		}
	}
	if b, err := fs.ReadFile(fsys, "content/inside.en.md"); err != nil || string(b) != "x\n" {
		t.Errorf("a link inside the site: %q, %v", b, err)
	}
	if _, err := fs.ReadFile(fsys, "content/loop.en.md"); err == nil || !strings.Contains(err.Error(), "cannot be followed") {
		t.Errorf("a link loop: %v", err)
	}
	if _, err := fs.ReadFile(fsys, "../secret.txt"); err == nil {
		t.Error("read ../secret.txt")
	}
	// A read root lets the link through.
	if err := s.Allow([]string{filepath.Dir(outside)}); err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(fsys, "content/leak.en.md"); err != nil || string(b) != "secret" {
		t.Errorf("with read_roots: %q, %v", b, err)
	}
	// The configuration read again without it (serve reads it at every
	// build): the link is refused again, read or watched.
	if err := s.Allow(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(fsys, "content/leak.en.md"); !errors.As(err, new(*OutsideError)) {
		t.Errorf("read_roots removed: reading the link gives %v, want an OutsideError", err)
	}
	if real, _ := filepath.EvalSymlinks(outside); s.MayRead(real) {
		t.Errorf("read_roots removed: MayRead(%s)", real)
	}
}

func TestFSSizeLimit(t *testing.T) {
	s := site(t)
	s.MaxFileSize = 10
	big := filepath.Join(s.Root, "content/big.en.md")
	if err := os.WriteFile(big, []byte(strings.Repeat("a", 11)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := fs.ReadFile(s.FS(), "content/big.en.md")
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 11 {
		t.Fatalf("err = %v", err)
	}
	if _, err := fs.ReadFile(s.FS(), "content/a.en.md"); err != nil {
		t.Fatal(err)
	}
}

func TestWriteContent(t *testing.T) {
	s := site(t)
	outside := filepath.Join(filepath.Dir(s.Root), "victim.md")
	os.WriteFile(outside, []byte("keep"), 0o644)
	os.Symlink(outside, filepath.Join(s.Root, "content/link.en.md"))
	os.Symlink(filepath.Dir(s.Root), filepath.Join(s.Root, "content/up"))
	for _, c := range []struct {
		name   string
		create bool
		want   string
	}{
		{"content/link.en.md", false, "symbolic link"},
		{"content/up/victim.md", false, "symbolic link"},
		{"content/up/new.md", true, "symbolic link"},
		{"content/a.en.md", true, "already exists"},
		{"config.yaml", false, "only files inside content/"},
		{"content/../config.yaml", false, "only files inside content/"},
		{"content/missing.en.md", false, "no such file"},
	} {
		if err := s.WriteContent(c.name, []byte("new"), c.create); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteContent(%q, create=%v) = %v, want %q", c.name, c.create, err, c.want)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep" {
		t.Fatalf("the file outside was changed: %q", b)
	}
	if err := s.WriteContent("content/new/page.en.md", []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(s.Root, "content/a.en.md"), 0o600)
	if err := s.WriteContent("content/a.en.md", []byte("changed"), false); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(filepath.Join(s.Root, "content/a.en.md"))
	if b, _ := os.ReadFile(filepath.Join(s.Root, "content/a.en.md")); string(b) != "changed" || info.Mode().Perm() != 0o600 {
		t.Errorf("replaced file: %q, mode %v", b, info.Mode())
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct {
		name, in, out string
		errs          []string
	}{
		{"plain", "a\nb\n", "a\nb\n", nil},
		{"bom", "\ufeffa\n", "a\n", nil},
		{"crlf", "a\r\nb\r\n", "a\nb\n", nil},
		{"cr", "a\rb\r", "a\nb\n", nil},
		{"khmer", "ស្ពាន\tx\n", "ស្ពាន\tx\n", nil},
		{"nul", "ab\n\x00c\n", "", []string{"f:2:1: control character U+0000"}},
		{"escape after khmer", "ស្ពាន\x1b\n", "", []string{"f:1:6: control character U+001B"}},
		{"latin-1", "caf\xe9\n", "", []string{"f:1:4: invalid UTF-8 (byte 0xE9)"}},
		{"utf-16", "\xff\xfea\x00", "", []string{"f:1:1: the file is saved as UTF-16"}},
		{"many", strings.Repeat("\x01", 9), "", []string{"f:1:1:", "f:1:2:", "f:1:3:", "f:1:4:", "f:1:5:", "f: 4 more encoding problems"}},
	} {
		out, diags := Text("f", []byte(c.in))
		if string(out) != c.out || len(diags) != len(c.errs) {
			t.Errorf("%s: %q, %v", c.name, out, diags)
			continue
		}
		for i, w := range c.errs {
			if !strings.HasPrefix(diags[i].String(), w) {
				t.Errorf("%s: %s, want %s", c.name, diags[i], w)
			}
		}
	}
}
