// Package site assembles parsed sources into the site: one page per
// translation set and language (a missing translation is filled from the
// language's fallback chain, so every language tree has the same pages),
// URLs, sections, order, prev/next, and internal links resolved to relative
// URLs. The Site is immutable once Assemble returns; renderers only read it.
package site

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/hotline"
	"spean/generator/markdown"
	"spean/generator/terms"
)

// Kind is what a page is.
type Kind string

const (
	Home    Kind = "home"
	Section Kind = "section"
	Regular Kind = "page"
)

// Page is one page in one language tree.
type Page struct {
	Key  string
	Kind Kind
	// Lang is the language tree the page belongs to (its URL, navigation
	// and UI strings); Source.Lang is the language of the text shown,
	// which differs when Fallback is true.
	Lang     string
	Section  string
	Slug     string
	URL      string // from the site root, no leading slash: "km/rights/wages/"
	Source   *content.Source
	Doc      *markdown.Doc
	Fallback bool
	// Translations are the pages of the same key in other languages that
	// exist in their own language (not fallbacks), in configured order.
	Translations []*Page
	// All holds this key's page in every language, in configured order.
	All      []*Page
	Parent   *Page
	Children []*Page // sections and home: their pages and subsections
	Prev     *Page
	Next     *Page
	// Synthetic is true for a home page with no _index file.
	Synthetic bool
	// Target is, for a generated page, the page it is made from: the page
	// a leaflet prints, the section a booklet binds, the page an alias
	// redirects to.
	Target *Page
	order  int
	weight int
	// leaflet and booklet are the page's generated print pages; file is
	// an alias's output when it names one (/en/old.html).
	leaflet, booklet *Page
	file             string
}

// Title is the page's title in the language of its text.
func (p *Page) Title() string { return p.Source.Meta.Title }

// ContentLang is the language of the page's text.
func (p *Page) ContentLang() string { return p.Source.Lang }

// Ancestors lists the sections above p, home first.
func (p *Page) Ancestors() []*Page {
	var a []*Page
	for q := p.Parent; q != nil; q = q.Parent {
		a = append(a, q)
	}
	slices.Reverse(a)
	return a
}

// Site is the assembled site.
type Site struct {
	Config *config.Config
	Langs  []string
	// Pages holds every page, grouped by language in configured order, each
	// group in reading order (home, then sections depth-first).
	Pages  []*Page
	ByLang map[string][]*Page
	Home   map[string]*Page
	// Aliases are the redirect pages of every alias, by output.
	Aliases []*Page
	// Chooser, NotFound and Status are the site's generated pages outside
	// the language trees; each language's are SearchPage(lang) and the
	// others, and each page's Leaflet and Booklet.
	Chooser, NotFound, Status *Page
	generated                 map[Kind]map[string]*Page
	// Sources are all loaded sources, for checks.
	Sources []*content.Source
	// Hotlines is the hotline data file, for every renderer that prints
	// numbers (pages, leaflets, booklets).
	Hotlines *hotline.Data
	// Terms is the vocabulary (content/_data/terms.yaml).
	Terms *terms.Base
	byKey map[string]map[string]*Page
}

// Page returns the page for key in lang, or nil.
func (s *Site) Page(key, lang string) *Page { return s.byKey[key][lang] }

// Reviewed reports whether the text p shows has been checked: a page in
// the source language unless it says reviewed: false, a translation only
// when it says reviewed: true. A fallback page shows its original's text,
// and so its original's state. Every place that tells readers a text is
// unreviewed (the web page's notice, the print pages') asks here.
func (s *Site) Reviewed(p *Page) bool {
	return p.Source.Meta.IsReviewed(p.Source.Lang == s.Config.SourceLanguage)
}

// Outdated reports whether p is a translation not known to be made from
// its source-language page as that page is now: its source_hash is not
// the source's (content.SourceHash), or it records none. One recorded
// over the body alone by an older Spean, and still matching it, is not
// outdated: its body is current, and check asks to compare the rest. A
// reader is told (partials/notices.html), and it shows no review date of
// its source's (freshness.For), which would date old text with the
// source's new check. A page shown from a fallback language asks of the
// text shown; a page with no source-language text to compare, or whose
// text's hash is not known (a body neither read nor hashed at load), is
// not outdated.
func (s *Site) Outdated(p *Page) bool {
	if p.Synthetic || p.Source.Lang == s.Config.SourceLanguage {
		return false
	}
	orig := s.Page(p.Key, s.Config.SourceLanguage)
	if orig == nil || orig.Fallback || orig.Synthetic {
		return false
	}
	cur, bodyOnly := orig.Source.Hashes()
	rec := p.Source.Meta.SourceHash
	return cur != "" && rec != cur && rec != bodyOnly
}

// OutdatedFrom is the language of the page an outdated p was translated
// from (Outdated), which its notice names; "" when p is not outdated.
func (s *Site) OutdatedFrom(p *Page) string {
	if s.Outdated(p) {
		return s.Config.SourceLanguage
	}
	return ""
}

// Keys lists the translation-set keys in reading order.
func (s *Site) Keys() []string {
	var keys []string
	for _, p := range s.ByLang[s.Config.SourceLanguage] {
		keys = append(keys, p.Key)
	}
	return keys
}

// Data are the site's data files, which every renderer that prints them
// reads.
type Data struct {
	Hotlines *hotline.Data
	Terms    *terms.Base
}

// Assemble builds the site. docs holds the parsed body of each source;
// data the site's data files (zero for none).
func Assemble(cfg *config.Config, srcs []*content.Source, docs map[*content.Source]*markdown.Doc, data Data) (*Site, diag.List) {
	var diags diag.List
	hot := data.Hotlines
	if hot == nil {
		hot = &hotline.Data{}
	}
	tb := data.Terms
	if tb == nil {
		tb = &terms.Base{}
	}
	s := &Site{Config: cfg, Langs: cfg.Codes(), ByLang: map[string][]*Page{}, Home: map[string]*Page{},
		Sources: srcs, Hotlines: hot, Terms: tb, byKey: map[string]map[string]*Page{},
		generated: map[Kind]map[string]*Page{Search: {}, Offline: {}, LeafletsIndex: {}}}

	byKey := map[string]map[string]*content.Source{}
	for _, src := range srcs {
		if src.Lang == cfg.SourceLanguage {
			// Every translation is told outdated or not against it
			// (Outdated), on every page that renders it: hashed once
			// here when the load did not (a build's notes do).
			src.SetHashes()
		}
		if byKey[src.Key] == nil {
			byKey[src.Key] = map[string]*content.Source{}
		}
		byKey[src.Key][src.Lang] = src
	}
	// Every page starts in the source language: a translation without
	// one is most often a file named wrong, and would otherwise become a
	// page shown in its own language to every reader.
	var srcKeys []string
	for key, set := range byKey {
		if set[cfg.SourceLanguage] != nil {
			srcKeys = append(srcKeys, key)
		}
	}
	slices.Sort(srcKeys)
	for _, key := range slices.Sorted(maps.Keys(byKey)) {
		set := byKey[key]
		if set[cfg.SourceLanguage] != nil {
			continue
		}
		want := content.File(key, cfg.SourceLanguage)
		hint := "write the " + want + " page first (spean new " + key + "), or rename this file if its name is wrong"
		if near := diag.Closest(key, srcKeys, 3); near != "" {
			hint = "did you mean " + content.File(near, "<lang>") + "? (" + hint + ")"
		}
		for _, l := range s.Langs {
			if src := set[l]; src != nil {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: src.Path, Line: 1, Col: 1}, Severity: diag.Error, Code: "orphan",
					Message: fmt.Sprintf("translation of %s, which does not exist", want), Hint: hint})
			}
		}
		delete(byKey, key)
	}

	// Every folder holding pages is a section and needs an _index.
	for key, set := range byKey {
		if set == nil {
			continue
		}
		for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
			idx := dir + "/_index"
			if byKey[idx] == nil {
				diags.Errorf(diag.Pos{File: firstSource(set, s.Langs).Path}, "section", "section %q has no _index page (add content/%s/_index.%s.md with its title)", dir, dir, cfg.SourceLanguage)
				byKey[idx] = nil
			}
		}
	}
	if byKey["_index"] == nil {
		// The home page may have no text of its own: the theme lists the
		// sections. Its title is the site title of each language.
		home := map[string]*content.Source{}
		for _, l := range cfg.Languages {
			home[l.Code] = &content.Source{Path: "content/_index." + l.Code + ".md", Key: "_index", Slug: "_index", Lang: l.Code,
				Meta: content.Meta{Title: cmp.Or(l.Title, cfg.Title)}}
		}
		byKey["_index"] = home
	}

	keys := make([]string, 0, len(byKey))
	for k, v := range byKey {
		if v != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, key := range keys {
		set := byKey[key]
		s.byKey[key] = map[string]*Page{}
		order := orderSource(set, cfg)
		var all []*Page
		for _, lang := range s.Langs {
			src, fallback := pick(set, cfg, lang)
			p := &Page{Key: key, Lang: lang, Source: src, Doc: docs[src], Fallback: fallback, weight: order.Meta.Weight}
			p.Slug = path.Base(key)
			p.Section = strings.TrimSuffix(path.Dir(key), ".")
			p.URL = PageURL(lang, key)
			switch {
			case key == "_index":
				p.Kind, p.Section = Home, ""
				p.Synthetic = docs[src] == nil
			case p.Slug == "_index":
				p.Kind, p.Section = Section, path.Dir(key)
			default:
				p.Kind = Regular
			}
			s.byKey[key][lang] = p
			all = append(all, p)
		}
		for _, p := range all {
			p.All = all
			for _, q := range all {
				if q != p && !q.Fallback {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}

	// Sections and order, identical in every language: by the source
	// language's weight (unweighted last), then by key.
	for _, lang := range s.Langs {
		for _, key := range keys {
			p := s.byKey[key][lang]
			if p.Kind == Home {
				s.Home[lang] = p
				continue
			}
			// The parent of rights/wages and of rights/_index's subsection
			// a/b/_index is the _index of the folder above.
			parentKey := "_index"
			if dir := path.Dir(strings.TrimSuffix(key, "/_index")); dir != "." {
				parentKey = dir + "/_index"
			}
			if parent := s.byKey[parentKey][lang]; parent != nil {
				p.Parent = parent
				parent.Children = append(parent.Children, p)
			}
		}
		for _, key := range keys {
			p := s.byKey[key][lang]
			slices.SortFunc(p.Children, func(a, b *Page) int {
				return cmp.Or(cmp.Compare(weightKey(a.weight), weightKey(b.weight)), strings.Compare(a.Key, b.Key))
			})
			var prev *Page
			for _, c := range p.Children {
				if c.Kind != Regular {
					continue
				}
				if prev != nil {
					prev.Next, c.Prev = c, prev
				}
				prev = c
			}
		}
		var walk func(p *Page)
		walk = func(p *Page) {
			p.order = len(s.ByLang[lang])
			s.ByLang[lang] = append(s.ByLang[lang], p)
			for _, c := range p.Children {
				walk(c)
			}
		}
		if h := s.Home[lang]; h != nil {
			walk(h)
		}
		s.Pages = append(s.Pages, s.ByLang[lang]...)
	}

	diags = append(diags, s.checkURLs()...)
	diags = append(diags, s.checkAnchors(docs)...)
	diags = append(diags, s.generate()...)
	return s, diags
}

func weightKey(w int) int {
	if w == 0 {
		return int(^uint(0) >> 1)
	}
	return w
}

func firstSource(set map[string]*content.Source, langs []string) *content.Source {
	for _, l := range langs {
		if set[l] != nil {
			return set[l]
		}
	}
	return nil
}

// orderSource is the source whose weight orders the set in every language.
func orderSource(set map[string]*content.Source, cfg *config.Config) *content.Source {
	if s := set[cfg.SourceLanguage]; s != nil {
		return s
	}
	return firstSource(set, cfg.Codes())
}

// pick chooses the source shown in lang: its own, else the first of its
// fallback chain, else any.
func pick(set map[string]*content.Source, cfg *config.Config, lang string) (*content.Source, bool) {
	for _, l := range cfg.Chain(lang) {
		if s := set[l]; s != nil {
			return s, l != lang
		}
	}
	s := firstSource(set, cfg.Codes())
	return s, s.Lang != lang
}

// checkURLs reports two pages that would be written to the same URL, for
// example content/a/b.en.md and content/a/b/_index.en.md: one would
// silently replace the other.
func (s *Site) checkURLs() diag.List {
	var diags diag.List
	seen := map[string]*Page{}
	for _, p := range s.Pages {
		if p.Fallback || p.Synthetic {
			continue
		}
		if q, ok := seen[p.URL]; ok {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.Source.Path, Line: 1, Col: 1}, Severity: diag.Error, Code: "url-collision",
				Message: fmt.Sprintf("page would be published at /%s, the address of %s too", p.URL, q.Source.Path),
				Hint:    "rename one of the files or folders"})
			continue
		}
		seen[p.URL] = p
	}
	return diags
}

// checkAnchors reports links to headings of other pages that do not exist.
// It runs once every page is parsed; the links themselves were rewritten by
// a Linker while parsing.
func (s *Site) checkAnchors(docs map[*content.Source]*markdown.Doc) diag.List {
	var diags diag.List
	lost := map[string]bool{} // translation and id reported as lost
	for _, src := range s.Sources {
		doc := docs[src]
		if doc == nil {
			continue
		}
		for _, l := range doc.Links {
			if l.Target == "" || l.Fragment == "" {
				continue
			}
			to := s.byKey[l.Target][src.Lang]
			if to == nil {
				continue
			}
			if to.Doc == nil || !to.Doc.HasAnchor(l.Fragment) {
				hint := anchorHint(to.Doc, l.Fragment)
				// The usual cause: a translator dropped the {#id} its
				// source page gives a heading. Say so once, where the
				// fix goes, and point the links' errors there.
				if d, ok := lostID(s.byKey[l.Target][s.Config.SourceLanguage], to, l.Fragment); ok {
					hint = fmt.Sprintf("%s lost the heading id; see the error there", to.Source.Path)
					if k := to.Source.Path + "#" + l.Fragment; !lost[k] {
						lost[k] = true
						diags.Add(d)
					}
				}
				diags.Add(diag.Diagnostic{Pos: l.Pos, Severity: diag.Error, Code: "anchor",
					Message: fmt.Sprintf("link to %s: %s has no heading with id %q", l.Dest, to.Source.Path, l.Fragment),
					Hint:    hint})
			}
		}
	}
	return diags
}

// lostID reports a translation (to) that lacks the heading id its source
// page (orig, in the source language) gives a heading explicitly, as an
// error at the translation's heading in the same place among its headings
// (or its first line when they do not line up).
func lostID(orig, to *Page, id string) (diag.Diagnostic, bool) {
	if orig == nil || orig == to || orig.Doc == nil || to.Doc == nil {
		return diag.Diagnostic{}, false
	}
	for i, h := range orig.Doc.Headings {
		if h.ID != id || !h.Explicit {
			continue
		}
		pos := diag.Pos{File: to.Source.Path, Line: 1, Col: 1}
		if hs := to.Doc.Headings; len(hs) == len(orig.Doc.Headings) && hs[i].Level == h.Level {
			pos = hs[i].Pos
		}
		return diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "anchor",
			Message: fmt.Sprintf("this translation has no heading with id %q, which %s gives its heading at line %d and other pages link to", id, orig.Source.Path, h.Pos.Line),
			Hint:    fmt.Sprintf("add {#%s} at the end of the matching heading", id)}, true
	}
	return diag.Diagnostic{}, false
}

// relPath is the path from folder fromDir to file to, both under content/,
// as a writer would type it in a link.
func relPath(fromDir, to string) string {
	f := strings.Split(fromDir, "/")
	t := strings.Split(to, "/")
	if fromDir == "." {
		f = nil
	}
	i := 0
	for i < len(f) && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(f)-i) + strings.Join(t[i:], "/")
}

func anchorHint(doc *markdown.Doc, frag string) string {
	if doc == nil || len(doc.Headings) == 0 {
		return "the page has no headings"
	}
	best, bestD := "", 1<<30
	var ids []string
	for _, h := range doc.Headings {
		ids = append(ids, h.ID)
		if d := diag.Distance(frag, h.ID); d < bestD {
			best, bestD = h.ID, d
		}
	}
	if bestD <= 3 {
		return fmt.Sprintf("did you mean #%s?", best)
	}
	return "its headings are #" + strings.Join(ids, ", #") + "; give the target heading an explicit id like {#" + frag + "}"
}

// Retext puts each source of docs, with its document, in the place of the
// source of its path in every page that shows that one: its own page, the
// copies of it in languages that fall back to it, their print pages and
// aliases, and, for a home page, the pages made from it; sources are the
// site's sources with them in place. It does so only where Assemble would
// make the same site of them, and reports whether it did, changing nothing
// otherwise: each source has the key, language and front matter of the
// one it replaces, neither has a glossary (a terms block), and its
// document has the old one's heading ids and other anchors and links to
// no heading that does not exist. Such an edit of a page's text moves no
// page, breaks no link and heals none. serve, which rebuilds after every
// save, would spend most of a save of the 10,000-page site assembling it
// again. Nothing may read s meanwhile.
func (s *Site) Retext(sources []*content.Source, docs map[*content.Source]*markdown.Doc) bool {
	old := make(map[*content.Source]*content.Source, len(docs))  // the source each replaces, by it
	newDoc := make(map[*content.Source]*markdown.Doc, len(docs)) // the document of each replaced source's successor
	for src, doc := range docs {
		p := s.Page(src.Key, src.Lang)
		if doc == nil || p == nil || p.Source.Path != src.Path || p.Doc == nil || !reflect.DeepEqual(p.Source.Meta, src.Meta) ||
			p.Source.HasTerms() || src.HasTerms() || !sameAnchors(p.Doc, doc) {
			return false
		}
		old[src], newDoc[p.Source] = p.Source, doc
	}
	// The links to other pages' headings that checkAnchors would report.
	for src, doc := range docs {
		for _, l := range doc.Links {
			if l.Target == "" || l.Fragment == "" {
				continue
			}
			to := s.Page(l.Target, src.Lang)
			if to == nil {
				return false
			}
			d := to.Doc
			if nd, ok := newDoc[to.Source]; ok {
				d = nd
			}
			if d == nil || !d.HasAnchor(l.Fragment) {
				return false
			}
		}
	}
	successor := make(map[*content.Source]*content.Source, len(old))
	for src, was := range old {
		successor[was] = src
		if src.Lang == s.Config.SourceLanguage {
			src.SetHashes()
		}
	}
	swap := func(p *Page) {
		if src, ok := successor[p.Source]; ok {
			if p.Doc != nil {
				p.Doc = newDoc[p.Source]
			}
			p.Source = src
		}
	}
	for _, p := range s.Pages {
		swap(p)
	}
	for _, p := range s.Generated() {
		swap(p)
	}
	s.Sources = sources
	return true
}

// sameAnchors reports whether b has a's heading ids, at a's levels and as
// explicit, and a's other anchors, in the same order: what other pages'
// links and the checks of them read.
func sameAnchors(a, b *markdown.Doc) bool {
	return slices.EqualFunc(a.Headings, b.Headings, func(x, y markdown.Heading) bool {
		return x.ID == y.ID && x.Level == y.Level && x.Explicit == y.Explicit
	}) && slices.Equal(a.Anchors, b.Anchors)
}
