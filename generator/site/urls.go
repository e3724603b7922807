package site

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"spean/generator/content"
	"spean/generator/diag"
)

// This file is the one owner of addresses: where every page is published
// (content pages and the pages the build generates), the relative URL from
// one page to another, and the name of every other file the build writes.
// Renderers and layouts ask here; none concatenates paths.

// Kinds of the pages the build generates. They are pages like any other
// (a URL, a language, a parent for breadcrumbs), made by Assemble so their
// addresses are known, and reserved, before anything renders.
const (
	// Search is a language's search page, lang/search/.
	Search Kind = "search"
	// Offline is what the service worker shows for a page not saved.
	Offline Kind = "offline"
	// LeafletsIndex lists a language's leaflets and booklets.
	LeafletsIndex Kind = "leaflets"
	// Leaflet is a content page's printable leaflet, page/leaflet/.
	Leaflet Kind = "leaflet"
	// Booklet is a section's printable booklet, section/booklet/.
	Booklet Kind = "booklet"
	// Chooser is the site root, where readers pick their language.
	Chooser Kind = "chooser"
	// NotFound is 404.html, shown by servers at any address.
	NotFound Kind = "404"
	// Alias redirects an old address to a page.
	Alias Kind = "alias"
	// Status is the translation status page, for coordinators.
	Status Kind = "status"
)

// Generated reports whether p is a page the build makes rather than one
// written in content/.
func (p *Page) Generated() bool {
	switch p.Kind {
	case Home, Section, Regular:
		return false
	}
	return true
}

// keyURL is the URL of a key inside a language tree: "" for the home,
// "rights/" for a section, "rights/wages/" for a page.
func keyURL(key string) string {
	switch {
	case key == "_index":
		return ""
	case strings.HasSuffix(key, "/_index"):
		return strings.TrimSuffix(key, "_index")
	}
	return key + "/"
}

// PageURL is the URL, from the site root, of key's page in lang.
func PageURL(lang, key string) string { return lang + "/" + keyURL(key) }

// RelKey is the relative URL from one key's page to another's in the same
// language tree, with index.html spelled out for file://.
func RelKey(from, to string) string {
	return strings.Repeat("../", strings.Count(keyURL(from), "/")) + keyURL(to) + "index.html"
}

// Output is the file a page is written to.
func (p *Page) Output() string {
	switch {
	case p.file != "":
		return p.file
	case p.Kind == NotFound:
		return "404.html"
	}
	return p.URL + "index.html"
}

// Rel is the relative URL from p to q, with index.html spelled out so links
// work when the site is opened from disk (file://) as well as on a server.
//
// Within one language tree the path does not pass through the language
// folder, so the same relative link is right in every tree: a body
// rendered once serves its fallback copies in other languages too.
//
// A print page and the page it prints link each other by the folder
// between them ("leaflet/index.html", "../index.html").
func (p *Page) Rel(q *Page) string {
	switch {
	case q.Target == p && strings.HasPrefix(q.URL, p.URL):
		return strings.TrimPrefix(q.URL, p.URL) + "index.html"
	case p.Target == q && strings.HasPrefix(p.URL, q.URL):
		return strings.Repeat("../", p.Depth()-q.Depth()) + "index.html"
	}
	if p.Lang != "" && p.Lang == q.Lang && strings.HasPrefix(p.URL, p.Lang+"/") && strings.HasPrefix(q.URL, q.Lang+"/") {
		return strings.Repeat("../", p.Depth()-1) + strings.TrimPrefix(q.URL, q.Lang+"/") + "index.html"
	}
	return p.RootRel() + q.URL + "index.html"
}

// RelFile is the relative URL from p to a file the build writes (a name
// from the site root, like css/leaflet.css or km/leaflets/x.pdf): by its
// name alone when it is in p's folder or below, else from the root.
func (p *Page) RelFile(name string) string {
	if rest, ok := strings.CutPrefix(name, p.URL); ok && p.URL != "" {
		return rest
	}
	return p.RootRel() + name
}

// RootRel is the relative URL from p to the site root ("../../").
func (p *Page) RootRel() string { return strings.Repeat("../", p.Depth()) }

// Depth is the number of folders between the site root and the page.
func (p *Page) Depth() int { return strings.Count(p.URL, "/") }

// Files the build writes that are not pages.
const (
	// ServiceWorker is the offline script, at the root so its scope is
	// the whole site.
	ServiceWorker = "sw.js"
	// PrecacheDir holds each language's precache list and summary.
	PrecacheDir = "offline/"
	// PreviewDir holds the link-preview images, which only the apps that
	// draw previews fetch.
	PreviewDir = "og/"
	// DownloadDir holds the downloadable zips.
	DownloadDir = "downloads/"
	// ScriptCSS is the print rules of the site's scripts (package script).
	ScriptCSS = "css/scripts.css"
)

// Manifest is where lang's web app manifest is published.
func Manifest(lang string) string { return lang + "/manifest.webmanifest" }

// PrecacheList is where lang's precache list is published: the files the
// service worker saves of the language, with their hashes and sizes.
func PrecacheList(lang string) string { return PrecacheDir + lang + ".files.json" }

// OfflineSummary is where the sizes pages show for saving lang (a
// section, the whole language, the zip) are published.
func OfflineSummary(lang string) string { return PrecacheDir + lang + ".json" }

// Zip is where the downloadable copy of lang is published.
func Zip(lang string) string { return DownloadDir + "spean-" + lang + ".zip" }

// ZipFolder is the folder every file of lang's zip is in, so that it
// unzips into one folder (themes/default/static/js/offline.js knows it).
func ZipFolder(lang string) string { return "spean-" + lang + "/" }

// SearchFile is where a file of lang's search index is published (name
// is relative to the search page's folder).
func SearchFile(lang, name string) string { return lang + "/search/" + name }

// PDF is where `leaflets --pdf` writes the PDF of a leaflet or booklet: in
// its language's leaflets folder, named after its kind, its language and
// the page's key ("leaflet_km_rights_wages.pdf"). The kind keeps a page and
// a section of the same name apart (slugs are ASCII with hyphens, so "_"
// cannot clash); the language tells the Khmer copy from the Burmese one in
// a phone's downloads or at a copy shop, where the file is alone.
func (p *Page) PDF() string {
	key := p.Target.Key
	if p.Kind == Booklet {
		key = p.Target.Section
	}
	return p.Lang + "/leaflets/" + string(p.Kind) + "_" + p.Lang + "_" + strings.ReplaceAll(key, "/", "_") + ".pdf"
}

// Leaflet is the leaflet of a content page, nil for other pages.
func (p *Page) Leaflet() *Page { return p.leaflet }

// Booklet is the booklet of a section with pages, nil otherwise.
func (p *Page) Booklet() *Page { return p.booklet }

// PagesUnder lists the content pages under a section, subsections' pages
// included, in reading order: a booklet covers its whole topic.
func (p *Page) PagesUnder() []*Page {
	var out []*Page
	for _, c := range p.Children {
		switch c.Kind {
		case Regular:
			out = append(out, c)
		case Section:
			out = append(out, c.PagesUnder()...)
		}
	}
	return out
}

// generate makes the generated pages of every language and of the site,
// and reports every content page or alias whose address one of them needs.
func (s *Site) generate() diag.List {
	var diags diag.List
	virtual := func(kind Kind, lang, url string, target *Page) *Page {
		p := &Page{Kind: kind, Key: string(kind), Lang: lang, URL: url, Target: target}
		if target != nil {
			p.Source, p.Doc, p.Fallback, p.Parent, p.Section = target.Source, target.Doc, target.Fallback, target.Parent, target.Section
			p.Key = target.Key
		}
		return p
	}
	home := func(lang string) *Page { return s.Home[lang] }
	for _, lang := range s.Langs {
		for _, kind := range []Kind{Search, Offline, LeafletsIndex} {
			p := virtual(kind, lang, lang+"/"+string(kind)+"/", nil)
			p.Source, p.Parent = home(lang).Source, home(lang)
			s.generated[kind][lang] = p
		}
		for _, p := range s.ByLang[lang] {
			switch {
			case p.Kind == Regular:
				p.leaflet = virtual(Leaflet, lang, p.URL+"leaflet/", p)
			case p.Kind == Section && len(p.PagesUnder()) > 0:
				p.booklet = virtual(Booklet, lang, p.URL+"booklet/", p)
			}
		}
	}
	// Each language's search page, offline page and leaflets index are
	// one another's translations, for the language switcher.
	for _, kind := range []Kind{Search, Offline, LeafletsIndex} {
		var all []*Page
		for _, lang := range s.Langs {
			all = append(all, s.generated[kind][lang])
		}
		for _, p := range all {
			p.All = all
		}
	}
	src := home(s.Config.SourceLanguage)
	s.Chooser = &Page{Kind: Chooser, Key: string(Chooser), Lang: src.Lang, URL: "", Source: src.Source}
	s.NotFound = &Page{Kind: NotFound, Key: string(NotFound), Lang: src.Lang, URL: "", Source: src.Source}
	s.Status = &Page{Kind: Status, Key: string(Status), Lang: src.Lang, URL: "status/", Source: src.Source}

	// A content page at the address of a generated page would be
	// overwritten by it, or overwrite it: report it at the file.
	taken := map[string]*Page{}
	for _, p := range s.Generated() {
		taken[p.Output()] = p
	}
	for _, p := range s.Pages {
		if p.Fallback || p.Synthetic {
			continue
		}
		if g, ok := taken[p.Output()]; ok {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.Source.Path, Line: 1, Col: 1}, Severity: diag.Error, Code: "url-collision",
				Message: fmt.Sprintf("page would be published at /%s, which the %s page needs", p.URL, describe(g)),
				Hint:    "rename the file or its folder"})
		}
	}
	diags = append(diags, s.collectAliases(taken)...)
	return diags
}

func describe(g *Page) string {
	switch g.Kind {
	case Leaflet, Booklet:
		return fmt.Sprintf("%s of %s", g.Kind, g.Target.Source.Path)
	}
	return string(g.Kind)
}

// Generated lists every page the build may generate, in a stable order.
func (s *Site) Generated() []*Page {
	out := []*Page{s.Chooser, s.NotFound, s.Status}
	for _, lang := range s.Langs {
		for _, kind := range []Kind{Search, Offline, LeafletsIndex} {
			out = append(out, s.generated[kind][lang])
		}
		for _, p := range s.ByLang[lang] {
			if p.leaflet != nil {
				out = append(out, p.leaflet)
			}
			if p.booklet != nil {
				out = append(out, p.booklet)
			}
		}
	}
	return append(out, s.Aliases...)
}

// SearchPage is lang's search page.
func (s *Site) SearchPage(lang string) *Page { return s.generated[Search][lang] }

// OfflinePage is lang's offline page.
func (s *Site) OfflinePage(lang string) *Page { return s.generated[Offline][lang] }

// LeafletsPage is lang's leaflets index.
func (s *Site) LeafletsPage(lang string) *Page { return s.generated[LeafletsIndex][lang] }

// collectAliases makes an alias page for each alias of a page; an alias
// that two pages claim, or that is the address of a page (written or
// generated), is an error at the alias.
func (s *Site) collectAliases(taken map[string]*Page) diag.List {
	var diags diag.List
	for _, p := range s.Pages {
		taken[p.Output()] = p
	}
	claimed := map[string]*Page{}
	for _, p := range s.Pages {
		if p.Fallback {
			continue
		}
		for i, a := range p.Source.Meta.Aliases {
			pos, ok := p.Source.ValuePos[fmt.Sprintf("aliases[%d]", i)]
			if !ok {
				pos = p.Source.MetaPos["aliases"]
			}
			out, err := content.AliasOutput(a)
			if err != nil {
				continue // content reported it
			}
			if q, ok := taken[out]; ok {
				what := "the address of a page"
				if q.Generated() {
					what = "the address of the " + describe(q) + " page"
				}
				diags.Errorf(pos, "alias", "alias %q is %s; remove it", a, what)
				continue
			}
			if q, ok := claimed[out]; ok && q.Target != p {
				diags.Errorf(pos, "alias", "alias %q is also claimed by %s", a, q.Target.Source.Path)
				continue
			}
			if _, ok := claimed[out]; ok {
				continue
			}
			alias := &Page{Kind: Alias, Key: p.Key, Lang: p.Lang, URL: path.Dir(out) + "/", Source: p.Source, Target: p, file: out}
			claimed[out] = alias
			s.Aliases = append(s.Aliases, alias)
		}
	}
	slices.SortFunc(s.Aliases, func(a, b *Page) int { return strings.Compare(a.file, b.file) })
	return diags
}
