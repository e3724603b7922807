// Package sitetest helps tests build small sites with the repository's real
// theme and UI strings, so fixtures hold only config and content and every
// test also proves the shipped layouts work.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// AddRepoFiles copies themes/ and i18n/ from the repository at root (a path
// relative to the test's package folder, e.g. "../..") into fsys.
func AddRepoFiles(t testing.TB, fsys fstest.MapFS, root string) {
	t.Helper()
	for _, dir := range []string{"themes", "i18n"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// RepoRoot is the module root (the folder with go.mod), found from the
// test's working directory, so tests in any package can reach the
// repository's files and ../shared beside it.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

var (
	inlineScriptRE = regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>`)
	eventAttrRE    = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	scriptURLRE    = regexp.MustCompile(`(?i)(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|vbscript|data):`)
	telRE          = regexp.MustCompile(`href="tel:([^"]*)"`)
	telDigitsRE    = regexp.MustCompile(`^\+?[0-9]+$`)
)

// Inert says what in an HTML fragment could run or mislead, or "" when
// nothing does: an inline script, an event attribute, a javascript:,
// vbscript: or data: URL, or a tel: link that is not digits only. Tests
// and fuzz targets of every stage that writes HTML hold it to this.
func Inert(html string) string {
	switch {
	case eventAttrRE.MatchString(html):
		return "an event attribute: " + eventAttrRE.FindString(html)
	case scriptURLRE.MatchString(html):
		return "a script or data URL: " + scriptURLRE.FindString(html)
	}
	for _, tag := range inlineScriptRE.FindAllString(html, -1) {
		if !strings.Contains(tag, " src=") {
			return "an inline script: " + tag
		}
	}
	for _, m := range telRE.FindAllStringSubmatch(html, -1) {
		if !telDigitsRE.MatchString(m[1]) {
			return "a tel: link that is not only digits: " + m[0]
		}
	}
	return ""
}

// Page says what makes a built page unsafe (Inert, plus the
// Content-Security-Policy and the referrer policy every page carries), or "".
func Page(html string) string {
	switch {
	case !strings.Contains(html, `http-equiv="Content-Security-Policy"`):
		return "no Content-Security-Policy"
	case !strings.Contains(html, `<meta name="referrer" content="no-referrer">`):
		return "no referrer policy"
	}
	return Inert(html)
}
