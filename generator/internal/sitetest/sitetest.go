// Package sitetest helps tests build small sites with the repository's real
// theme and UI strings, so fixtures hold only config and content and every
// test also proves the shipped layouts work.
package sitetest

import (
	stdhtml "html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
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

var telDigitsRE = regexp.MustCompile(`^\+?[0-9]+$`)

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "data": true}

// Inert says what in an HTML fragment could run or mislead, or "" when
// nothing does: an inline script, an event attribute, a javascript:,
// vbscript: or data: URL, or a tel: link that is not digits only. Tests
// and fuzz targets of every stage that writes HTML hold it to this.
//
// It reads the markup with an HTML lexer, as a browser would, rather than
// with patterns: text that merely looks like an attribute inside an
// escaped attribute value (content="&#34; onload=") is not one, and the
// lexer says so where a regular expression cannot.
func Inert(page string) string {
	l := html.NewLexer(parse.NewInputString(page))
	tag, src := "", false
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.SVGToken, html.MathToken, html.XMLToken:
			// The lexer hands foreign content over whole; read inside it
			// too, renamed so that it is not handed over again.
			if msg := Inert("<x-" + string(data[1:])); msg != "" {
				return msg
			}
		case html.StartTagToken:
			tag, src = string(l.Text()), false
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if tag == "script" && !src {
				return "an inline script"
			}
		case html.AttributeToken:
			key := strings.ToLower(string(l.AttrKey()))
			val := attrValue(l.AttrVal())
			switch {
			case strings.HasPrefix(key, "on"):
				return "an event attribute: <" + tag + " " + string(data)
			case key == "src":
				src = true
			}
			if !urlAttrs[key] {
				continue
			}
			scheme := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1 // browsers drop these inside a scheme
				}
				return r
			}, val))
			for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
				if strings.HasPrefix(scheme, bad) {
					return "a script or data URL: <" + tag + " " + string(data)
				}
			}
			if tel, ok := strings.CutPrefix(val, "tel:"); ok && key == "href" && !telDigitsRE.MatchString(tel) {
				return "a tel: link that is not only digits: " + string(data)
			}
		}
	}
}

// attrValue is an attribute's value as the browser sees it: quotes
// removed, character references decoded.
func attrValue(raw []byte) string {
	v := string(raw)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return stdhtml.UnescapeString(v)
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
