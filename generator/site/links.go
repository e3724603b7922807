package site

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/markdown"
)

// Linker rewrites internal links while documents are parsed. It needs only
// the set of page keys, known from file names before any page is parsed, so
// each document can be rendered and its syntax tree dropped at once.
// Anchors in other pages are checked later, by Assemble.
type Linker struct {
	keys  map[string]bool
	langs []string
}

// NewLinker indexes the pages the sources make.
func NewLinker(srcs []*content.Source, langs []string) *Linker {
	lk := &Linker{keys: map[string]bool{"_index": true}, langs: langs}
	for _, s := range srcs {
		lk.keys[s.Key] = true
	}
	return lk
}

// Resolve rewrites doc's internal links, written as relative paths to
// source files, into relative URLs, and reports links to missing pages and
// to missing headings of the same page. Every problem is reported.
func (lk *Linker) Resolve(src *content.Source, doc *markdown.Doc) diag.List {
	var diags diag.List
	for _, l := range doc.Links {
		if l.Image {
			continue
		}
		u, err := url.Parse(l.Dest)
		if err != nil {
			diags.Errorf(l.Pos, "link", "link %q is not a valid URL: %v", l.Dest, err)
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			continue
		}
		if u.Path == "" {
			if u.Fragment != "" && !doc.HasAnchor(u.Fragment) {
				diags.Add(diag.Diagnostic{Pos: l.Pos, Severity: diag.Error, Code: "anchor",
					Message: fmt.Sprintf("link to #%s: no such heading on this page", u.Fragment), Hint: anchorHint(doc, u.Fragment)})
			}
			continue
		}
		if strings.HasPrefix(u.Path, "/") {
			diags.Errorf(l.Pos, "link", "link %q is absolute; write internal links as relative paths to the .md file (e.g. ../rights/minimum-wage.md) so they work in every language and from disk", l.Dest)
			continue
		}
		key, ok := lk.linkKey(src, u.Path)
		if !ok {
			diags.Add(diag.Diagnostic{Pos: l.Pos, Severity: diag.Error, Code: "link",
				Message: fmt.Sprintf("link to %s: no such page", l.Dest), Hint: lk.pageHint(src, u.Path)})
			continue
		}
		dest := RelKey(src.Key, key)
		if u.Fragment != "" {
			dest += "#" + u.Fragment
		}
		l.Target, l.Fragment = key, u.Fragment
		l.SetDest(dest)
	}
	return diags
}

// linkKey turns a relative link path written in src into a page key.
func (lk *Linker) linkKey(src *content.Source, p string) (string, bool) {
	dir := path.Dir(strings.TrimPrefix(src.Path, "content/"))
	target := path.Clean(path.Join(dir, p))
	if strings.HasPrefix(target, "..") {
		return "", false
	}
	if strings.HasSuffix(p, "/") || !strings.Contains(path.Base(target), ".") {
		target = path.Join(target, "_index.md")
	}
	if !strings.HasSuffix(target, ".md") {
		return "", false
	}
	target = strings.TrimSuffix(target, ".md")
	// A link may name a language file (wages.km.md); it still means the
	// page in the reader's language.
	if i := strings.LastIndex(path.Base(target), "."); i >= 0 {
		if slices.Contains(lk.langs, path.Base(target)[i+1:]) {
			target = target[:len(target)-len(path.Base(target))+i]
		}
	}
	target = strings.TrimPrefix(target, "./")
	if target == "." {
		target = "_index"
	}
	return target, lk.keys[target]
}

func (lk *Linker) pageHint(src *content.Source, p string) string {
	base := strings.TrimSuffix(path.Base(p), ".md")
	if i := strings.Index(base, "."); i >= 0 {
		base = base[:i]
	}
	dir := path.Dir(strings.TrimPrefix(src.Path, "content/"))
	// A section's page is its folder's _index: a link to a renamed
	// section is told apart by the folder's name, not by _index, which
	// every section (and the home page) shares.
	name := func(key string) string { return path.Base(key) }
	if base == "_index" {
		base = path.Base(path.Dir(p))
		name = func(key string) string {
			if path.Base(key) != "_index" {
				return "" // a page, not a section
			}
			return path.Base(path.Dir(key))
		}
	}
	best, bestD := "", max(2, min(3, len(base)/3))+1
	for key := range lk.keys {
		n := name(key)
		if n == "" {
			continue
		}
		if d := diag.Distance(base, n); d < bestD || (d == bestD && key < best) {
			best, bestD = key, d
		}
	}
	if best == "" {
		return "link to the .md file of the page, relative to this file"
	}
	return "did you mean " + relPath(dir, best+".md") + "?"
}
