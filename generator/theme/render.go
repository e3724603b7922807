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
	"runtime"
	"slices"
	"strings"
	"sync"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/script"
	"spean/generator/site"
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

// Alternate is one <link rel=alternate hreflang>.
type Alternate struct{ Lang, URL string }

// Rel is the relative URL from this page to q.
func (v *View) Rel(q *site.Page) string { return v.Page.Rel(q) }

// Asset is the relative URL of a file published by the theme or another
// renderer (static files keep their path; renamed ones are in Extra).
func (v *View) Asset(name string) string {
	if n, ok := v.Theme.Extra["asset:"+name]; ok {
		name = n
	}
	return v.Root + name
}

// Extra returns a value another renderer published for the theme.
func (v *View) Extra(key string) string { return v.Theme.Extra[key] }

// Script is what the page's language needs because of its script:
// direction, fonts (package script).
func (v *View) Script() script.Facts { return script.Of(v.Page.Lang) }

// WebFonts are the self-hosted fonts the page's text needs: those of the
// scripts of its language and of the language its text is written in.
func (v *View) WebFonts() []*script.WebFont {
	var out []*script.WebFont
	for _, l := range []string{v.Page.Lang, v.Page.ContentLang()} {
		if w := script.Of(l).WebFont; w != nil && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// StyleSources are the Content-Security-Policy sources of the page's
// inline styles: the critical CSS, and the @font-face of each web font,
// whose bytes depend on the page's depth.
func (v *View) StyleSources() string {
	srcs := []string{v.Theme.Extra["csp:style"]}
	for _, w := range v.WebFonts() {
		srcs = append(srcs, CSPHash([]byte(script.FontFace(w, v.Root))))
	}
	return strings.Join(srcs, " ")
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

// IsReviewed reports whether the text shown has been reviewed.
func (v *View) IsReviewed() bool {
	return v.Page.Source.Meta.IsReviewed(v.Page.Source.Lang == v.Site.Config.SourceLanguage)
}

// Abs is the absolute URL of a page.
func Abs(cfg *config.Config, p *site.Page) string { return cfg.BaseURL + p.URL }

// NewView prepares the data for one page.
func NewView(t *Theme, s *site.Site, p *site.Page, body []byte) *View {
	v := &View{Page: p, Site: s, Lang: s.Config.Lang(p.Lang), Content: template.HTML(body), Root: p.RootRel(), Theme: t}
	v.Permalink = Abs(s.Config, p)
	v.Canonical = v.Permalink
	if p.Fallback {
		// Pages made by other renderers (leaflets, search) borrow a key
		// that may not be in the site; they are their own canonical.
		if orig := s.Page(p.Key, p.Source.Lang); orig != nil {
			v.Canonical = Abs(s.Config, orig)
		}
	} else {
		v.Alternates = append(v.Alternates, Alternate{p.Lang, v.Permalink})
		for _, q := range p.Translations {
			v.Alternates = append(v.Alternates, Alternate{q.Lang, Abs(s.Config, q)})
		}
		if src := s.Page(p.Key, s.Config.SourceLanguage); src != nil && !src.Fallback {
			v.Alternates = append(v.Alternates, Alternate{"x-default", Abs(s.Config, src)})
		}
	}
	return v
}

// Render writes every page, the language chooser, the 404 page, alias
// redirects, the sitemap and the theme's static files to sink. bodies are
// the rendered markdown of each Doc, shared by fallback pages. All
// problems are reported together.
func (t *Theme) Render(ctx context.Context, s *site.Site, bodies func(*site.Page) ([]byte, error), sink publish.Sink) diag.List {
	diags := t.RenderPages(ctx, s, s.Pages, bodies, sink)
	return append(diags, t.RenderSiteFiles(s, sink)...)
}

// RenderPages writes the given pages only. serve uses it to re-render the
// pages a saved file affects instead of every page.
func (t *Theme) RenderPages(ctx context.Context, s *site.Site, pages []*site.Page, bodies func(*site.Page) ([]byte, error), sink publish.Sink) diag.List {
	var (
		mu    sync.Mutex
		diags diag.List
	)
	fail := func(pos diag.Pos, err error) {
		mu.Lock()
		diags.Errorf(pos, "render", "%v", err)
		mu.Unlock()
	}
	jobs := make(chan *site.Page)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				body, err := bodies(p)
				if err != nil {
					fail(diag.Pos{File: p.Source.Path}, err)
					continue
				}
				out, err := t.Execute(Lookup(p), p.Lang, NewView(t, s, p, body))
				if err == nil {
					err = sink.Write(p.URL+"index.html", out)
				}
				if err != nil {
					fail(diag.Pos{File: p.Source.Path}, err)
				}
			}
		}()
	}
	for _, p := range pages {
		if ctx.Err() != nil {
			break
		}
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	return diags
}

// RenderSiteFiles writes what is not a page: the language chooser, the 404
// page, alias redirects, the sitemap and the theme's static files.
func (t *Theme) RenderSiteFiles(s *site.Site, sink publish.Sink) diag.List {
	var diags diag.List
	fail := func(pos diag.Pos, err error) { diags.Errorf(pos, "render", "%v", err) }
	for _, step := range []func(*site.Site, publish.Sink) error{t.renderChooser, t.render404, t.renderAliases, renderSitemap, t.copyStatic, writeScriptCSS} {
		if err := step(s, sink); err != nil {
			fail(diag.Pos{File: t.dirs[len(t.dirs)-1]}, err)
		}
	}
	return diags
}

// renderChooser writes the root index.html: every language named in its own
// script. It suggests a language from the browser's settings and remembers
// the reader's choice, but never redirects: a reader on a borrowed phone
// must always be able to pick.
func (t *Theme) renderChooser(s *site.Site, sink publish.Sink) error {
	home := s.Home[s.Config.SourceLanguage]
	root := &site.Page{Key: "", Kind: site.Home, Lang: s.Config.SourceLanguage, URL: "", Source: home.Source}
	v := NewView(t, s, root, nil)
	v.Alternates = nil
	for _, l := range s.Langs {
		v.Alternates = append(v.Alternates, Alternate{l, Abs(s.Config, s.Home[l])})
	}
	v.Alternates = append(v.Alternates, Alternate{"x-default", s.Config.BaseURL})
	v.Canonical, v.Permalink = s.Config.BaseURL, s.Config.BaseURL
	out, err := t.Execute([]string{"chooser.html"}, root.Lang, v)
	if err != nil {
		return err
	}
	return sink.Write("index.html", out)
}

// render404 writes 404.html. A server shows it at any depth, so its links
// are absolute paths from the base URL instead of relative ones.
func (t *Theme) render404(s *site.Site, sink publish.Sink) error {
	home := s.Home[s.Config.SourceLanguage]
	p := &site.Page{Key: "404", Kind: site.Regular, Lang: home.Lang, URL: "", Source: home.Source}
	v := NewView(t, s, p, nil)
	v.Alternates = nil
	v.Root = basePath(s.Config.BaseURL)
	out, err := t.Execute([]string{"404.html"}, p.Lang, v)
	if err != nil {
		return err
	}
	return sink.Write("404.html", out)
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
	names := make([]string, 0, len(s.Aliases))
	for n := range s.Aliases {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		p := s.Aliases[name]
		rel := strings.Repeat("../", strings.Count(name, "/")) + p.URL + "index.html"
		alias := &site.Page{Key: p.Key, Kind: p.Kind, Lang: p.Lang, URL: path.Dir(name) + "/", Source: p.Source}
		v := NewView(t, s, alias, nil)
		v.Canonical = Abs(s.Config, p)
		v.Alternates = nil
		out, err := t.Execute([]string{"alias.html"}, p.Lang, struct {
			*View
			Target string
		}{v, rel})
		if err != nil {
			return err
		}
		if err := sink.Write(name, out); err != nil {
			return err
		}
	}
	return nil
}

type sitemapURL struct {
	Loc   string      `xml:"loc"`
	Links []xhtmlLink `xml:"xhtml:link"`
	Mod   string      `xml:"lastmod,omitempty"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// renderSitemap lists every page that exists in its own language (fallback
// pages point search engines at their original) with hreflang alternates.
func renderSitemap(s *site.Site, sink publish.Sink) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	for _, p := range s.Pages {
		if p.Fallback {
			continue
		}
		u := sitemapURL{Loc: Abs(s.Config, p)}
		if !p.Source.Meta.Lastmod.IsZero() {
			u.Mod = p.Source.Meta.Lastmod.Format("2006-01-02")
		}
		for _, q := range p.All {
			if !q.Fallback {
				u.Links = append(u.Links, xhtmlLink{"alternate", q.Lang, Abs(s.Config, q)})
			}
		}
		if src := s.Page(p.Key, s.Config.SourceLanguage); src != nil && !src.Fallback {
			u.Links = append(u.Links, xhtmlLink{"alternate", "x-default", Abs(s.Config, src)})
		}
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return err
		}
	}
	enc.Flush()
	b.WriteString("\n</urlset>\n")
	if err := sink.Write("sitemap.xml", b.Bytes()); err != nil {
		return err
	}
	robots := fmt.Sprintf("User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", s.Config.BaseURL)
	return sink.Write("robots.txt", []byte(robots))
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
			if _, renamed := t.Extra["asset:"+rel]; renamed {
				return nil // published under its hashed name by another renderer
			}
			b, err := fs.ReadFile(t.fsys, p)
			if err != nil {
				return err
			}
			return sink.Write(rel, b)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ScriptCSS is where the print rules of each script are published.
const ScriptCSS = "css/scripts.css"

// writeScriptCSS publishes the print rules of the scripts of the site's
// languages (script.PrintCSS), which leaflets, booklets and printed pages
// link.
func writeScriptCSS(s *site.Site, sink publish.Sink) error {
	return sink.Write(ScriptCSS, []byte(script.PrintCSS(s.Langs)))
}

// StaticFile reads a theme static file, the override's copy winning.
func (t *Theme) StaticFile(name string) ([]byte, error) {
	for _, dir := range t.dirs {
		if b, err := fs.ReadFile(t.fsys, path.Join(dir, "static", name)); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("theme has no static/%s", name)
}
