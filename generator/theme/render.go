package theme

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/script"
	"spean/generator/site"
	"spean/generator/workers"
)

// View is what a layout sees.
type View struct {
	Page *site.Page
	Site *site.Site
	Lang *config.Language
	// Content is the rendered body.
	Content template.HTML
	// Root is the relative URL of the site root from this page.
	Root string
	// Permalink is the page's absolute URL; Canonical is where search
	// engines should look (the original for a fallback page).
	Permalink string
	Canonical string
	// Alternates are hreflang links: existing translations and x-default.
	Alternates []Alternate
	Theme      *Theme
}

// PermalinkQuery is Permalink escaped for the query of another URL (the
// share links: https://wa.me/?text=…), as html/template escapes a string
// there, and typed as a URL so that it is not escaped again. The share
// panel has six such links: escaping the address once rather than in each
// was 5 % of rendering the 1,000-page benchmark site's pages.
func (v *View) PermalinkQuery() template.URL { return template.URL(queryEscape(v.Permalink)) }

// queryEscape percent-encodes every byte of s but RFC 3986's unreserved
// characters, in lower-case hex: html/template's escaping of a string in
// a URL's query, byte for byte (TestQueryEscape), so that a link reads
// the same either way.
func queryEscape(s string) string {
	const hex = "0123456789abcdef"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+16), s[:i]...)
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	if b == nil {
		return s
	}
	return string(b)
}

// Alternate is one <link rel=alternate hreflang>.
type Alternate struct{ Lang, URL string }

// Rel is the URL of q from this page: relative, except on the 404 page,
// which a server shows at any address, where it is an absolute path from
// the base URL.
func (v *View) Rel(q *site.Page) string {
	if v.Page.Kind == site.NotFound {
		return v.Root + q.Output()
	}
	return v.Page.Rel(q)
}

// file is the URL of a file the build writes, from this page.
func (v *View) file(name string) string { return v.Root + name }

// Asset is the relative URL of a file published by the theme or another
// step of the build: a static file keeps its path unless the build
// published it under a name with its content hash (Assets.Names).
func (v *View) Asset(name string) string {
	if n, ok := v.Theme.Assets.Names[name]; ok {
		name = n
	}
	return v.file(name)
}

// Leaflets reports whether the build makes print pages, so layouts link
// them only when they exist.
func (v *View) Leaflets() bool { return v.Theme.Assets.Leaflets }

// SearchURL is the URL of the search page of the page's language, from the
// site root as every page's header and search loader have always linked it.
func (v *View) SearchURL() string { return v.file(v.Site.SearchPage(v.Page.Lang).Output()) }

// SearchIn is another language's search, offered on the search page when
// a query is written in that language's script.
type SearchIn struct {
	Lang string
	// Script is the ISO 15924 code of the language's script (Thai, Laoo),
	// as JavaScript's \p{Script=…} names it.
	Script string
	URL    string
}

// OtherSearches are the search pages of the other languages whose script
// is theirs alone among the site's languages and not the page's: a query
// in one of those scripts can only mean that language (a Burmese reader
// typing on the English search page).
func (v *View) OtherSearches() []SearchIn {
	count := map[string]int{}
	for _, l := range v.Site.Config.Languages {
		count[script.Of(l.Code).Code]++
	}
	own := script.Of(v.Page.Lang).Code
	var out []SearchIn
	for _, l := range v.Site.Config.Languages {
		sc := script.Of(l.Code).Code
		if l.Code == v.Page.Lang || sc == own || count[sc] > 1 {
			continue
		}
		out = append(out, SearchIn{Lang: l.Code, Script: sc, URL: v.file(v.Site.SearchPage(l.Code).Output())})
	}
	return out
}

// LeafletsURL is the URL of the leaflets index of the page's language.
func (v *View) LeafletsURL() string { return v.file(v.Site.LeafletsPage(v.Page.Lang).Output()) }

// LeafletURL is the relative URL of the page's leaflet, "" if it has none.
func (v *View) LeafletURL() string {
	if l := v.Page.Leaflet(); l != nil {
		return v.Rel(l)
	}
	return ""
}

// BookletURL is the relative URL of the booklet of a section's pages, ""
// for a page that is no section with a booklet.
func (v *View) BookletURL() string {
	if b := v.Page.Booklet(); b != nil {
		return v.Rel(b)
	}
	return ""
}

// HomeURL is the relative URL of a language's home page.
func (v *View) HomeURL(lang string) string { return v.Rel(v.Site.Home[lang]) }

// ManifestURL is the relative URL of the page language's web app manifest.
func (v *View) ManifestURL() string { return v.file(site.Manifest(v.Page.Lang)) }

// DownloadURL is the relative URL of the zip of the page's language.
func (v *View) DownloadURL() string { return v.file(site.Zip(v.Page.Lang)) }

// OfflineSummaryURL is the relative URL of the sizes of what a reader of
// the page's language can save (js/offline.js reads the zip's size there).
func (v *View) OfflineSummaryURL() string { return v.file(site.OfflineSummary(v.Page.Lang)) }

// Script is what the page's language needs because of its script:
// direction, fonts (package script).
func (v *View) Script() script.Facts { return script.Of(v.Page.Lang) }

// WebFonts are the self-hosted fonts the page's text needs: those of the
// scripts of its language and of the language its text is written in;
// on the chooser of languages and the 404 page, which speak every
// language, those of every language.
func (v *View) WebFonts() []*script.WebFont {
	var out []*script.WebFont
	langs := []string{v.Page.Lang, v.Page.ContentLang()}
	if v.Page.Kind == site.Chooser || v.Page.Kind == site.NotFound {
		langs = v.Site.Langs
	}
	for _, l := range langs {
		if w := script.Of(l).WebFont; w != nil && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// NameFace is a font for the names of Langs in the language switcher
// (script.NameFace).
type NameFace struct {
	Font  *script.WebFont
	Langs []string
}

// NameFaces are the fonts the page's language switcher needs for the
// names of languages whose script's web font the page does not load: on
// an English page, Burmese's name for itself, which a phone with only a
// Zawgyi font garbles (script.NameFontFor).
func (v *View) NameFaces() []NameFace {
	loaded := v.WebFonts()
	var out []NameFace
	for _, q := range v.Page.All {
		l := v.Site.Config.Lang(q.Lang)
		if l == nil || slices.Contains(loaded, script.Of(q.Lang).WebFont) {
			continue
		}
		w := script.NameFontFor(q.Lang, l.Name)
		if w == nil {
			continue
		}
		i := slices.IndexFunc(out, func(f NameFace) bool { return f.Font == w })
		if i < 0 {
			i = len(out)
			out = append(out, NameFace{Font: w})
		}
		out[i].Langs = append(out[i].Langs, q.Lang)
	}
	return out
}

// StyleSources are the Content-Security-Policy sources of the page's
// inline styles: the critical CSS, and the @font-face of each web font,
// whose bytes depend on the page's depth.
func (v *View) StyleSources() string {
	srcs := []string{v.Theme.Assets.StyleHash}
	for _, w := range v.WebFonts() {
		srcs = append(srcs, v.Theme.face(w, nil, v.Root).hash)
	}
	for _, f := range v.NameFaces() {
		srcs = append(srcs, v.Theme.face(f.Font, f.Langs, v.Root).hash)
	}
	return strings.Join(srcs, " ")
}

// faceKey is a @font-face rule a page may carry: of font w, for the
// names of langs in the language switcher (none for the page's own
// text), on a page whose way to the site root is root.
type faceKey struct {
	w           *script.WebFont
	langs, root string
}

// face is a @font-face rule (script.FontFace, script.NameFace) and its
// Content-Security-Policy source.
type face struct {
	css  template.CSS
	hash string
}

// face returns the rule of w for langs at root, made once: it is the same
// on every page of a depth, and making and hashing it for each page (twice:
// once for the policy, once for the <style>) cost 5 % of rendering the
// 1,000-page benchmark site's pages.
func (t *Theme) face(w *script.WebFont, langs []string, root string) face {
	k := faceKey{w, strings.Join(langs, " "), root}
	if f, ok := t.faces.Load(k); ok {
		return f.(face)
	}
	css := script.FontFace(w, root)
	if langs != nil {
		css = script.NameFace(w, langs, root)
	}
	f := face{template.CSS(css), CSPHash([]byte(css))}
	t.faces.Store(k, f)
	return f
}

// CSPHash is the Content-Security-Policy source that allows an inline
// element with exactly these bytes.
func CSPHash(b []byte) string {
	sum := sha256.Sum256(b)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// Sections are the top-level sections of the page's language.
func (v *View) Sections() []*site.Page {
	var s []*site.Page
	for _, c := range v.Site.Home[v.Page.Lang].Children {
		if c.Kind == site.Section {
			s = append(s, c)
		}
	}
	return s
}

// Find returns the page with key in this page's language, or nil, so
// layouts can link to well-known pages only when they exist.
func (v *View) Find(key string) *site.Page { return v.Site.Page(key, v.Page.Lang) }

// FindIn is the page of key in lang, or nil: for the pages in no one
// language, which link each language's.
func (v *View) FindIn(lang, key string) *site.Page { return v.Site.Page(key, lang) }

// Home is the home page of the page's language.
func (v *View) Home() *site.Page { return v.Site.Home[v.Page.Lang] }

// LangName is a language's own name from config.
func (v *View) LangName(code string) string {
	if l := v.Site.Config.Lang(code); l != nil {
		return l.Name
	}
	return code
}

// Languages lists the configured languages.
func (v *View) Languages() []config.Language { return v.Site.Config.Languages }

// IsReviewed reports whether the text shown has been reviewed
// (site.Reviewed).
func (v *View) IsReviewed() bool { return v.Site.Reviewed(v.Page) }

// OutdatedFrom is the source language when the text shown is a
// translation made from an older version of the source page
// (site.Outdated), so the reader is told which page changed; "" when it
// is not.
func (v *View) OutdatedFrom() string { return v.Site.OutdatedFrom(v.Page) }

// Dialled is text escaped for HTML, with each hotline number in it a
// tel: link, as the markdown body's are (hotline.Dialler): for the
// summary, which front matter holds as plain text and which is the first
// thing a reader in trouble reads.
func (v *View) Dialled(text string) template.HTML {
	return template.HTML(v.Site.Hotlines.Dialler().HTML(text))
}

// Abs is the absolute URL of a page.
func Abs(cfg *config.Config, p *site.Page) string { return cfg.BaseURL + p.URL }

// htmlOf is body as trusted HTML without a copy of it: a page's rendered
// markdown is made once and never changed (markdown.Doc.Finish), and a
// View lives only while its page renders. The copy was a tenth of the
// bytes rendering the 1,000-page benchmark site's pages allocated.
func htmlOf(body []byte) template.HTML {
	if len(body) == 0 {
		return ""
	}
	return template.HTML(unsafe.String(&body[0], len(body)))
}

// NewView prepares the data for one page: where it is, and what search
// engines are told about it, which depends on its kind.
func NewView(t *Theme, s *site.Site, p *site.Page, body []byte) *View {
	v := &View{Page: p, Site: s, Lang: s.Config.Lang(p.Lang), Content: htmlOf(body), Root: p.RootRel(), Theme: t}
	v.Permalink = Abs(s.Config, p)
	v.Canonical = v.Permalink
	// canonical is where search engines should look for p's text: the
	// original of a fallback page.
	canonical := func(p *site.Page) string {
		if p.Fallback {
			if orig := s.Page(p.Key, p.Source.Lang); orig != nil {
				return Abs(s.Config, orig)
			}
		}
		return Abs(s.Config, p)
	}
	switch p.Kind {
	case site.Home, site.Section, site.Regular:
		if p.Fallback {
			v.Canonical = canonical(p)
			break
		}
		v.Alternates = append(v.Alternates, Alternate{p.Lang, v.Permalink})
		for _, q := range p.Translations {
			v.Alternates = append(v.Alternates, Alternate{q.Lang, Abs(s.Config, q)})
		}
		if src := s.Page(p.Key, s.Config.SourceLanguage); src != nil && !src.Fallback {
			v.Alternates = append(v.Alternates, Alternate{"x-default", Abs(s.Config, src)})
		}
	case site.Leaflet, site.Booklet:
		// The print version repeats the page's text: it points at it.
		v.Permalink = Abs(s.Config, p.Target)
		v.Canonical = canonical(p.Target)
	case site.Alias:
		v.Canonical = Abs(s.Config, p.Target)
	case site.LeafletsIndex, site.Search:
		// Every language has one, at the same place in its tree: they
		// are one another's translations (Page.All).
		for _, q := range p.All {
			v.Alternates = append(v.Alternates, Alternate{q.Lang, Abs(s.Config, q)})
		}
	case site.Offline:
		v.Canonical = ""
	case site.Chooser:
		for _, l := range s.Langs {
			v.Alternates = append(v.Alternates, Alternate{l, Abs(s.Config, s.Home[l])})
		}
		v.Alternates = append(v.Alternates, Alternate{"x-default", s.Config.BaseURL})
	case site.NotFound:
		// A server shows it at any depth: its links are absolute paths
		// from the base URL instead of relative ones. It stands for no
		// address, so it names none as canonical.
		v.Root = basePath(s.Config.BaseURL)
		v.Canonical = ""
	}
	return v
}

// RenderPages writes the given pages only. serve uses it to re-render the
// pages a saved file affects instead of every page.
func (t *Theme) RenderPages(ctx context.Context, s *site.Site, pages []*site.Page, bodies func(*site.Page) ([]byte, error), sink publish.Sink) diag.List {
	found := make([]error, len(pages))
	// Each page into a buffer used again for the next, where the sink
	// holds nothing of what it is given (a folder; publish.HoldsData): a
	// new buffer a page was a third of the bytes the 1,000-page
	// benchmark site's pages step allocated.
	reuse := !publish.HoldsData(sink)
	workers.Each(ctx, len(pages), 0, func(i int) {
		p := pages[i]
		body, err := bodies(p)
		if err == nil {
			b := new(bytes.Buffer)
			if reuse {
				b = pageBufs.Get().(*bytes.Buffer)
			}
			if err = t.executeTo(b, Lookup(p), p.Lang, NewView(t, s, p, body)); err == nil {
				err = sink.Write(p.Output(), b.Bytes())
			}
			if reuse && b.Cap() <= maxPageBuf {
				pageBufs.Put(b)
			}
		}
		found[i] = err
	})
	var diags diag.List
	for i, err := range found {
		if err != nil {
			diags.Errorf(diag.Pos{File: pages[i].Source.Path}, "render", "%v", err)
		}
	}
	return diags
}

// pageBufs are the buffers RenderPages renders pages into; one over
// maxPageBuf (a page far larger than the rest) is let go.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPageBuf = 4 << 20

// RenderSitePages and CopySiteFiles write what is not a page.

// RenderSitePages writes what of it the site declares alone decides: the
// language chooser, the 404 page, alias redirects and the sitemap.
func (t *Theme) RenderSitePages(s *site.Site, sink publish.Sink) diag.List {
	return t.siteSteps(s, sink, t.renderChooser, t.render404, t.renderAliases, renderSitemap)
}

// CopySiteFiles writes the rest: the theme's static files and the
// scripts' CSS.
func (t *Theme) CopySiteFiles(s *site.Site, sink publish.Sink) diag.List {
	return t.siteSteps(s, sink, t.copyStatic, writeScriptCSS)
}

func (t *Theme) siteSteps(s *site.Site, sink publish.Sink, steps ...func(*site.Site, publish.Sink) error) diag.List {
	var diags diag.List
	for _, step := range steps {
		if err := step(s, sink); err != nil {
			diags.Errorf(diag.Pos{File: t.dirs[len(t.dirs)-1]}, "render", "%v", err)
		}
	}
	return diags
}

// renderChooser writes the root index.html: every language named in its own
// script. It suggests a language from the browser's settings and remembers
// the reader's choice, but never redirects: a reader on a borrowed phone
// must always be able to pick.
func (t *Theme) renderChooser(s *site.Site, sink publish.Sink) error {
	return t.write(s, s.Chooser, "chooser.html", nil, sink)
}

// render404 writes 404.html.
func (t *Theme) render404(s *site.Site, sink publish.Sink) error {
	return t.write(s, s.NotFound, "404.html", nil, sink)
}

// write renders a generated page with layout and writes it to its output.
func (t *Theme) write(s *site.Site, p *site.Page, layout string, data func(*View) any, sink publish.Sink) error {
	v := NewView(t, s, p, nil)
	var d any = v
	if data != nil {
		d = data(v)
	}
	out, err := t.Execute([]string{layout}, p.Lang, d)
	if err != nil {
		return err
	}
	return sink.Write(p.Output(), out)
}

// RenderPage renders a generated page with layout and extra data for the
// layout beside the View (search results, a leaflet…), and writes it: the
// one way every step of the build renders its pages.
func (t *Theme) RenderPage(s *site.Site, p *site.Page, layout string, data func(*View) any, sink publish.Sink) error {
	return t.write(s, p, layout, data, sink)
}

func basePath(base string) string {
	i := strings.Index(base, "://")
	if i < 0 {
		return "/"
	}
	rest := base[i+3:]
	if j := strings.Index(rest, "/"); j >= 0 {
		return rest[j:]
	}
	return "/"
}

// renderAliases writes a small redirect page at each alias.
func (t *Theme) renderAliases(s *site.Site, sink publish.Sink) error {
	for _, a := range s.Aliases {
		err := t.write(s, a, "alias.html", func(v *View) any {
			// From the site root: an alias may sit anywhere, even in
			// another language's folder.
			return struct {
				*View
				Target string
			}{v, a.RelFile(a.Target.Output())}
		}, sink)
		if err != nil {
			return err
		}
	}
	return nil
}

// renderSitemap lists every page that exists in its own language (fallback
// pages point search engines at their original) with hreflang alternates.
// It is written with appends, escaped as encoding/xml escapes (EscapeText):
// the encoder's reflection took 0.25 CPU-s of every build of the
// 10,000-page site for these 7 MB (issue 13).
func renderSitemap(s *site.Site, sink publish.Sink) error {
	var b bytes.Buffer
	// Room for it all at once: a page's entry is its address and one link
	// for each language and x-default, about 110 bytes each with a short
	// base URL. On the 10,000-page site the sitemap is 7.7 MB, which a
	// buffer doubling as it went copied about twice over.
	b.Grow(len(s.Pages) * (len(s.Langs) + 2) * (len(s.Config.BaseURL) + 84))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	esc := func(s string) { escapeXML(&b, s) }
	link := func(lang, href string) {
		b.WriteString(` <xhtml:link rel="alternate" hreflang="`)
		esc(lang)
		b.WriteString(`" href="`)
		esc(href)
		b.WriteString(`"></xhtml:link>` + "\n")
	}
	first := true
	for _, p := range s.Pages {
		if p.Fallback {
			continue
		}
		if !first {
			b.WriteByte('\n')
		}
		first = false
		b.WriteString("<url>\n <loc>")
		esc(Abs(s.Config, p))
		b.WriteString("</loc>\n")
		for _, q := range p.All {
			if !q.Fallback {
				link(q.Lang, Abs(s.Config, q))
			}
		}
		if src := s.Page(p.Key, s.Config.SourceLanguage); src != nil && !src.Fallback {
			link("x-default", Abs(s.Config, src))
		}
		if !p.Source.Meta.Lastmod.IsZero() {
			b.WriteString(" <lastmod>" + p.Source.Meta.Lastmod.Format("2006-01-02") + "</lastmod>\n")
		}
		b.WriteString("</url>")
	}
	b.WriteString("\n</urlset>\n")
	if err := sink.Write("sitemap.xml", b.Bytes()); err != nil {
		return err
	}
	robots := fmt.Sprintf("User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", s.Config.BaseURL)
	return sink.Write("robots.txt", []byte(robots))
}

// escapeXML writes s to b as xml.EscapeText does, without its copy of s
// when there is nothing to escape: an address of printable ASCII.
func escapeXML(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			_ = xml.EscapeText(b, []byte(s))
			return
		}
	}
	b.WriteString(s)
}

// copyStatic publishes static/ of every theme folder, the override's copy of
// a file winning.
func (t *Theme) copyStatic(_ *site.Site, sink publish.Sink) error {
	seen := map[string]bool{}
	for _, dir := range t.dirs {
		root := path.Join(dir, "static")
		if _, err := fs.Stat(t.fsys, root); err != nil {
			continue
		}
		err := fs.WalkDir(t.fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel := strings.TrimPrefix(p, root+"/")
			if seen[rel] || strings.HasPrefix(path.Base(rel), ".") {
				return nil
			}
			seen[rel] = true
			if _, renamed := t.Assets.Names[rel]; renamed {
				return nil // published under its hashed name by another renderer
			}
			b, err := fs.ReadFile(t.fsys, p)
			if err != nil {
				return err
			}
			if b, err = Minify(rel, b); err != nil {
				return fmt.Errorf("%s: %v (the file as the theme has it is broken: fix it, or take the default theme's)", p, err)
			}
			return sink.Write(rel, b)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeScriptCSS publishes the print rules of the scripts of the site's
// languages (script.PrintCSS), which leaflets, booklets and printed pages
// link.
func writeScriptCSS(s *site.Site, sink publish.Sink) error {
	return sink.Write(site.ScriptCSS, []byte(script.PrintCSS(s.Langs)))
}

// StaticFile reads a theme static file, the override's copy winning, and
// says which file it read (for messages about it).
func (t *Theme) StaticFile(name string) (data []byte, file string, err error) {
	for _, dir := range t.dirs {
		file := path.Join(dir, "static", name)
		if b, err := fs.ReadFile(t.fsys, file); err == nil {
			return b, file, nil
		}
	}
	return nil, "", fmt.Errorf("theme has no static/%s", name)
}
